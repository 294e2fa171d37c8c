"""The handling terms of the signals, from ``data/behandeltermijnen.csv`` (loaded by
migration, idempotent: a row is identified by product and start), and the term valid on a
day."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CSV = Path(__file__).parent / "data" / "behandeltermijnen.csv"


@dataclass(frozen=True)
class Term:
    days: int
    source: str
    pk: int


def load(apps: Any = None) -> int:
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    model = apps.get_model("enforcement", "HandlingTerm")
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        model.objects.update_or_create(
            product=row["product"],
            valid_from=dt.date.fromisoformat(row["geldig_vanaf"]),
            defaults={
                "valid_until": (
                    dt.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None
                ),
                "days": int(row["dagen"]),
                "source": row["bron"],
            },
        )
    return len(rows)


def term_on(product: str, day: dt.date) -> Term | None:
    from samen.enforcement.models import HandlingTerm

    found = HandlingTerm.objects.valid_on(day).filter(product=product).first()
    return Term(found.days, found.source, found.pk) if found is not None else None
