"""The catalogue of case types, loaded from ``data/case_types.csv`` by a data migration.
Idempotent: a case type is identified by its code and the first day of its validity, so
loading twice changes nothing, and a new version of a case type is a new row in the file
with a later ``geldig_vanaf``. Sources and unconfirmed terms: docs/case-types.md."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

CATALOGUE_CSV = Path(__file__).parent / "data" / "case_types.csv"


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    return dt.date.fromisoformat(value) if value else None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"ja", "yes", "true", "1", "j"}


def rows() -> list[dict[str, str]]:
    with CATALOGUE_CSV.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _routing(model: Any, row: dict[str, str]) -> dict[str, str]:
    """The handler function, for the model state that has it (migration 0002 loads the file
    with the model of its day, before ``handler_function`` existed)."""
    if not any(f.name == "handler_function" for f in model._meta.get_fields()):
        return {}
    return {"handler_function": (row.get("behandelaar_functie") or "").strip()}


def load(apps: Any = None) -> int:
    """Load or update the catalogue; returns the number of case types in the file."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    CaseType = apps.get_model("cases", "CaseType")
    Domain = apps.get_model("organisation", "Domain")
    DecisionType = apps.get_model("organisation", "DecisionType")
    domains = {d.code: d for d in Domain.objects.all()}
    loaded = rows()
    for row in loaded:
        case_type, _ = CaseType.objects.update_or_create(
            code=row["code"].strip(),
            valid_from=_date(row["geldig_vanaf"]) or dt.date(2015, 1, 1),
            defaults={
                "domain": domains[row["domein"].strip()],
                "name": row["naam"].strip(),
                "legal_basis": row["wettelijke_grondslag"].strip(),
                "term_amount": _int(row.get("termijn")),
                "term_unit": (row.get("eenheid") or "weken").strip() or "weken",
                "extension_allowed": _yes(row.get("verlenging_toegestaan")),
                "extension_amount": _int(row.get("verlenging_max")),
                "extension_unit": (row.get("verlenging_eenheid") or "weken").strip() or "weken",
                "suspension_allowed": _yes(row.get("opschorting_toegestaan")),
                "youth_search_weeks": _int(row.get("zoektermijn_jongeren_weken")),
                "source": row.get("bron", "").strip(),
                **_routing(CaseType, row),
            },
        )
        codes = [c.strip() for c in (row.get("besluittypen") or "").split("|") if c.strip()]
        case_type.decision_types.set(DecisionType.objects.filter(code__in=codes))
    return len(loaded)
