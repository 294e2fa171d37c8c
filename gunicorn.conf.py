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
