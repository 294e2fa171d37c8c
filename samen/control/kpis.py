"""The KPI the control app answers for, registered in :mod:`samen.common.kpis` from
``ControlConfig.ready``: ``control.foutscore``, the error score of internal control, for the
steering catalogue's KPI ``foutscore`` (migration ``control/0002`` names it as that KPI's
computation, replacing hand entry).

Over a steering period it takes the municipality's *closed* samples whose control period
ends in that period (a half-year control of January-June counts in the Marap period that
holds 30 June): the error amount found in them over the total paid in their populations
(:func:`samen.control.score.error_score`). An open sample does not count: its findings are
not complete. It reads only the control app's own tables (amounts, never a person).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from samen.common import kpis
from samen.common.periods import Period
from samen.control import score
from samen.control.models import Sample

CODE = "control.foutscore"


def samples_ending_in(municipality: Any, period_from: Any, period_until: Any) -> list[Sample]:
    return list(
        Sample.objects.filter(
            municipality=municipality,
            status=Sample.Status.CLOSED,
            period_until__range=(period_from, period_until),
        )
        .prefetch_related("items__findings")
        .order_by("period_until", "pk")
    )


def combined(found: list[Sample]) -> score.Score:
    """One score over several samples: their items together, their populations' totals
    added."""
    paid = sum((s.population_amount for s in found), Decimal("0.00"))
    answers = [
        [(f.verdict, f.amount) for f in item.findings.all()]
        for sample in found
        for item in sample.items.all()
    ]
    return score.error_score(answers, paid)


def error_score(municipality: Any, period: Period) -> kpis.KpiResult:
    found = samples_ending_in(municipality, period.valid_from, period.valid_until)
    result = combined(found)
    query = (
        f"Afgeronde steekproeven interne controle van {municipality.name} waarvan de periode "
        f"eindigt tussen {period.valid_from:%d-%m-%Y} en {period.valid_until:%d-%m-%Y} "
        f"({len(found)}): teller = bedrag van de fouten (per post het hoogste foutbedrag), "
        f"noemer = totaal betaald in de populaties (betaalregels van vrijgegeven betaalruns). "
        f"Onzekerheden apart: {result.uncertainties} posten, EUR {result.uncertain_amount}."
    )
    return kpis.KpiResult(
        value=result.error_score if found else None,
        numerator=result.error_amount if found else None,
        denominator=result.paid if found else None,
        query=query,
        breakdown=(
            ("fouten (posten)", result.errors),
            ("onzekerheden (posten)", result.uncertainties),
            ("in orde (posten)", result.in_order),
        ),
    )


def register() -> None:
    kpis.register(CODE, "Foutscore rechtmatigheid (interne controle)")(error_score)
