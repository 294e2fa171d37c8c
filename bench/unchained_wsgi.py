"""The product's WSGI application, with the audit trail written but not chained: for
bench/load.py only, to show what the chain's single append lock costs under load.

Every audited request still computes its entries' HMACs and inserts them with the product's
own statement in the same transaction as the read; it only skips the append lock and the
read of the chain's last entry. Each request takes a block of 1,000 negative sequence
numbers from a database sequence of the benchmark (``bench_unchained_audit``, made by
load.py), so the entries do not collide with each other or with the chain (which never
looks below its highest sequence). The product has no such switch.

    gunicorn -c gunicorn.conf.py unchained_wsgi:application     (bench/ on PYTHONPATH)
"""

from __future__ import annotations

# isort: off
from samen.wsgi import application  # first: sets Django up

from django.db import connection
from samen.access import audit

# isort: on

SEQUENCE = "bench_unchained_audit"
BLOCK = 1000  # more than the most entries one request writes (the worklist shows 500)


def _unchained() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{SEQUENCE}')")
        start = int(cursor.fetchone()[0])
    return start, audit.GENESIS


audit._lock_and_last = _unchained

__all__ = ["BLOCK", "SEQUENCE", "application"]
