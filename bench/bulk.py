"""What the PostgreSQL benchmarks at national scale share (payment_run.py, load.py): a
database of their own, migrated, and rows generated in Python and sent with ``COPY``.

The benchmarks empty or recreate their database, so its name must contain "bench".
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# DOMAIN.md: benefit units on 1-9-2016, used as weights to spread persons and benefits over
# the six SZMH municipalities.
CASELOAD = {
    "GM0935": ("Maastricht", 4009),
    "GM0938": ("Meerssen", 227),
    "GM0981": ("Vaals", 306),
    "GM0994": ("Valkenburg aan de Geul", 314),
    "GM1729": ("Gulpen-Wittem", 172),
    "GM1903": ("Eijsden-Margraten", 223),
}


def _admin(cfg: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        dbname="postgres",
        autocommit=True,
    )


def checked_config(url: str, what: str = "COPY") -> dict[str, Any]:
    """The parsed DATABASE_URL; refuses anything but PostgreSQL and a name without 'bench'."""
    import dj_database_url

    cfg = dict(dj_database_url.parse(url))
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit(f"Deze benchmark meet {what}: gebruik PostgreSQL (DATABASE_URL).")
    if "bench" not in cfg["NAME"]:
        raise SystemExit(
            f"De database {cfg['NAME']!r} wordt geleegd: de naam moet 'bench' bevatten."
        )
    return cfg


def database_exists(url: str) -> bool:
    cfg = checked_config(url)
    admin = _admin(cfg)
    try:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        return found.fetchone() is not None
    finally:
        admin.close()


def prepare_database(url: str, *, recreate: bool = False, what: str = "COPY") -> str:
    """Point Django at ``url`` (PostgreSQL, a name with 'bench'), create the database when it
    is missing (drop it first with ``recreate``: the audit trail refuses TRUNCATE), set Django
    up with DEBUG off and migrate. Returns the database name."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG keeps every query in memory
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    cfg = checked_config(url, what)
    name = cfg["NAME"]
    admin = _admin(cfg)
    try:
        if recreate:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return str(name)


def copy_rows(cursor: Any, sql: str, lines: Iterable[str], chunk: int = 50_000) -> None:
    """``COPY ... FROM STDIN`` of text ``lines`` (tab separated, newline ended), sent in
    chunks so that a million rows never sit in memory at once."""
    with cursor.copy(sql) as copy:
        buf = io.StringIO()
        for i, line in enumerate(lines, 1):
            buf.write(line)
            if i % chunk == 0:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())


def municipality_ids() -> dict[str, int]:
    """The six SZMH municipalities (created when missing), by CBS code."""
    import datetime as dt

    from samen.organisation.models import CbsMunicipalityCode, Municipality

    ids = {}
    for code, (name, _) in CASELOAD.items():
        CbsMunicipalityCode.objects.get_or_create(
            code=code, defaults={"name": name, "valid_from": dt.date(1900, 1, 1)}
        )
        ids[code] = Municipality.objects.get_or_create(cbs_code=code, defaults={"name": name})[0].pk
    return ids
