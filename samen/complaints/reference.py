"""The data the complaint rules read: the dated rules of Awb 9:8 from
``data/klachtregels.csv`` (loaded by migration, idempotent), the one valid on a day, and the
term of Awb 9:11 from the case-type catalogue (``klacht``, ``klacht-adviescommissie``)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from samen.complaints import rules

CSV = Path(__file__).parent / "data" / "klachtregels.csv"

# The case types of the catalogue (samen/cases/data/case_types.csv) that carry the term of
# Awb 9:11: six weeks, or ten with an advisory committee (afdeling 9.1.3), verdaging four.
CASE_TYPE = "klacht"
CASE_TYPE_COMMITTEE = "klacht-adviescommissie"


def load(apps: Any = None) -> int:
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    model = apps.get_model("complaints", "ComplaintRule")
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        model.objects.update_or_create(
            valid_from=dt.date.fromisoformat(row["geldig_vanaf"]),
            defaults={
                "valid_until": (
                    dt.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None
                ),
                "behaviour_years": int(row["gedraging_ouder_dan_jaren"]),
                "notice_weeks": int(row["bericht_niet_behandelen_weken"]),
                "source": row["bron"],
            },
        )
    return len(rows)


def rule_on(day: dt.date) -> rules.ComplaintRule | None:
    """The rules of Awb 9:8 valid on ``day`` (the day the complaint came in), or None."""
    from samen.complaints.models import ComplaintRule

    found = ComplaintRule.objects.valid_on(day).first()
    if found is None:
        return None
    return rules.ComplaintRule(found.behaviour_years, found.notice_weeks, found.source)


def term_rule(case_type: Any) -> rules.TermRule:
    """The term of a complaint from its catalogue case type. A verdaging in another unit
    than weeks is not one the law knows (9:11 lid 2 speaks of weeks): none then."""
    postpone = (
        case_type.extension_amount
        if case_type.extension_allowed and case_type.extension_unit == "weken"
        else None
    )
    return rules.TermRule(
        amount=case_type.term_amount,
        unit=case_type.term_unit,
        postpone_weeks=postpone,
        source=case_type.source,
    )
