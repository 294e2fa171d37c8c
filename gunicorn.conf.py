"""gunicorn for samen in production: `gunicorn -c gunicorn.conf.py samen.wsgi`.

Sized for the two-core machine the product is measured on (bench/README.md): per core one
worker process with threads, because a request mostly waits for PostgreSQL. Every setting can
be overridden from the environment (GUNICORN_*), so the container and a plain host use the
same file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
# A payment run or a letter is a task on the worker, never a long request: 60 s is generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so memory that a large request took is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind the municipality's TLS proxy: trust its X-Forwarded-* from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):  # noqa: ANN001, ANN201 (gunicorn's hook)
    """Load WeasyPrint, the letters' house style and fonts when a worker starts, so that the
    first decision a worker takes does not wait a second for them; then move everything
    loaded so far out of the garbage collector's sight (gc.freeze): it lives as long as the
    worker, and scanning it again and again made a letter's worst case 0.4-0.6 s instead of
    0.15-0.2 s on the two-core machine (bench/decision.py --gc-freeze)."""
    import gc

    from samen.cases import letters

    try:
        letters.prepare()
    except Exception:  # the worker still serves everything else; the letter will say why
        worker.log.exception("WeasyPrint kon niet vooraf worden geladen")
    gc.freeze()
