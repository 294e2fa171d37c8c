"""Loading the penalty rules (Awb 4:17) from ``data/dwangsom.csv`` (idempotent; used by
the data migration) and reading the rule valid on a day."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from samen.objections import penalty

CSV = Path(__file__).parent / "data" / "dwangsom.csv"


def load(apps: Any = None) -> None:
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    rule_model = apps.get_model("objections", "PenaltyRule")
    tier_model = apps.get_model("objections", "PenaltyTier")
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rules: dict[tuple[str, str], Any] = {}
    for row in rows:
        key = (row["geldig_vanaf"], row["geldig_tot"])
        if key not in rules:
            rules[key], _ = rule_model.objects.update_or_create(
                valid_from=dt.date.fromisoformat(row["geldig_vanaf"]),
                valid_until=dt.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None,
                defaults={
                    "grace_days": int(row["dagen_na_ingebrekestelling"]),
                    "source": row["bron"],
                },
            )
        tier_model.objects.update_or_create(
            rule=rules[key],
            first_day=int(row["van_dag"]),
            defaults={
                "last_day": int(row["tot_en_met_dag"]),
                "per_day": Decimal(row["bedrag_per_dag"]),
            },
        )


def rule_on(day: dt.date) -> penalty.PenaltyRule | None:
    """The penalty rule valid on ``day`` (the day the term expired), or None."""
    from samen.objections.models import PenaltyRule

    found = PenaltyRule.objects.valid_on(day).prefetch_related("tiers").first()
    if found is None:
        return None
    return penalty.PenaltyRule(
        grace_days=found.grace_days,
        tiers=tuple(
            penalty.Tier(t.first_day, t.last_day, t.per_day)
            for t in found.tiers.order_by("first_day")
        ),
        source=found.source,
    )
