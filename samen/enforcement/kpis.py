"""The KPIs the enforcement app answers for, registered in :mod:`samen.common.kpis` from
``EnforcementConfig.ready``; migration ``steering/0010_enforcement_computed`` names them in
the catalogue instead of hand entry.

- ``enforcement.fraudeonderzoeken`` (catalogue ``fraudeonderzoeken``, DVO 230 of which 1
  criminal): the fraud investigations of the municipality concluded in the period
  (``Investigation.concluded_on``), whatever the outcome, with the breakdown no fraud,
  administrative and criminal.
- ``enforcement.themacontroles`` (catalogue ``themacontroles``, DVO 1): the thematic checks of
  the municipality created in the period.

Aggregate queries, counts only, never a person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from samen.common import kpis
from samen.common.periods import Period
from samen.enforcement.models import Investigation, ThematicCheck

INVESTIGATIONS = "enforcement.fraudeonderzoeken"
CHECKS = "enforcement.themacontroles"
LABELS = {
    Investigation.Outcome.NO_FRAUD: "geen fraude",
    Investigation.Outcome.ADMINISTRATIVE: "bestuurlijk afgedaan",
    Investigation.Outcome.CRIMINAL: "strafrechtelijk (proces-verbaal)",
}


def investigations(municipality: Any, period: Period) -> kpis.KpiResult:
    figures = (
        Investigation.objects.filter(
            municipality=municipality,
            concluded_on__range=(period.valid_from, period.valid_until),
        )
        .exclude(outcome="")
        .aggregate(
            total=Count("pk"), **{o.value: Count("pk", filter=Q(outcome=o.value)) for o in LABELS}
        )
    )
    query = (
        f"Fraudeonderzoeken in {municipality.name} afgerond van {period.valid_from:%d-%m-%Y} t/m "
        f"{period.valid_until:%d-%m-%Y} (Investigation.concluded_on), elke uitkomst; waarvan "
        "strafrechtelijk: met proces-verbaal naar het OM."
    )
    return kpis.count(
        figures["total"],
        query,
        breakdown=tuple((label, figures[o.value]) for o, label in LABELS.items()),
    )


def checks(municipality: Any, period: Period) -> kpis.KpiResult:
    number = ThematicCheck.objects.filter(
        municipality=municipality, created_on__range=(period.valid_from, period.valid_until)
    ).count()
    query = (
        f"Themacontroles in {municipality.name} gestart van {period.valid_from:%d-%m-%Y} t/m "
        f"{period.valid_until:%d-%m-%Y} (ThematicCheck.created_on)."
    )
    return kpis.count(number, query)


def register() -> None:
    kpis.register(INVESTIGATIONS, "Afgeronde fraudeonderzoeken")(investigations)
    kpis.register(CHECKS, "Themacontroles")(checks)
