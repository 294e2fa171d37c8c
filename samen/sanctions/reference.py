"""Loading the dated rules of fines and measures from ``data/*.csv`` (by migration).
Idempotent: a row is identified by its key and its first day of validity, so loading twice
changes nothing and a corrected figure is a new row or an edited one."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load(apps: Any) -> None:
    blame_rate = apps.get_model("sanctions", "BlameRate")
    category = apps.get_model("sanctions", "CriminalFineCategory")
    fine_rule = apps.get_model("sanctions", "FineRule")
    measure_rule = apps.get_model("sanctions", "MeasureRule")
    for row in _rows("blame_rates.csv"):
        blame_rate.objects.update_or_create(
            blame=row["mate"],
            valid_from=_date(row["geldig_vanaf"]),
            defaults={
                "percentage": Decimal(row["percentage"]),
                "valid_until": _date(row["geldig_tot"]),
                "source": row["bron"],
            },
        )
    for row in _rows("criminal_fine_categories.csv"):
        category.objects.update_or_create(
            category=int(row["categorie"]),
            valid_from=_date(row["geldig_vanaf"]),
            defaults={
                "amount": Decimal(row["bedrag"]),
                "valid_until": _date(row["geldig_tot"]),
                "source": row["bron"],
            },
        )
    for row in _rows("fine_rules.csv"):
        fine_rule.objects.update_or_create(
            valid_from=_date(row["geldig_vanaf"]),
            defaults={
                "warning_max": Decimal(row["waarschuwing_tot"]),
                "warning_years": int(row["waarschuwing_jaren"]),
                "recidive_years": int(row["recidive_jaren"]),
                "recidive_percentage": Decimal(row["recidive_percentage"]),
                "valid_until": _date(row["geldig_tot"]),
                "source": row["bron"],
            },
        )
    for row in _rows("measure_rules.csv"):
        measure_rule.objects.update_or_create(
            municipality_code=row["gemeente"],
            code=row["code"],
            valid_from=_date(row["geldig_vanaf"]),
            defaults={
                "name": row["gedraging"],
                "percentage": Decimal(row["percentage"]),
                "months": int(row["maanden"]),
                "valid_until": _date(row["geldig_tot"]),
                "example": row["voorbeeld"].lower() in {"ja", "yes", "1"},
                "source": row["bron"],
            },
        )
