"""Loading the terms of the court procedure from ``data/termijnen.csv`` (idempotent; used by
the data migration) and reading the term valid on a day."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from samen.appeals import terms

CSV = Path(__file__).parent / "data" / "termijnen.csv"

VERWEERSCHRIFT = "verweerschrift"
HOGER_BEROEP = "hoger-beroep"
NIEUWE_BESLISSING = "nieuwe-beslissing"
NIEUWE_BESLISSING_COMMISSIE = "nieuwe-beslissing-adviescommissie"


def load(apps: Any = None) -> int:
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    model = apps.get_model("appeals", "CourtTerm")
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        model.objects.update_or_create(
            code=row["code"],
            valid_from=dt.date.fromisoformat(row["geldig_vanaf"]),
            defaults={
                "valid_until": (
                    dt.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None
                ),
                "weeks": int(row["weken"]),
                "court": row["rechter"],
                "source": row["bron"],
            },
        )
    return len(rows)


def term_on(code: str, day: dt.date) -> terms.CourtTerm | None:
    """The term ``code`` valid on ``day`` (the day the event happened), or None."""
    from samen.appeals.models import CourtTerm

    found = CourtTerm.objects.valid_on(day).filter(code=code).order_by("-valid_from").first()
    if found is None:
        return None
    return terms.CourtTerm(found.code, found.weeks, found.source, found.court)
