"""The KPI the complaints app answers for, registered in :mod:`samen.common.kpis` from
``ComplaintsConfig.ready``: ``complaints.gegrond``, the steering catalogue's KPI
``gegronde-klachten`` (DVO norm < 10 %), whose computation migration
``steering/0007_gegronde_klachten_computed`` names instead of hand entry.

Over a steering period it takes the complaints handled on behalf of the municipality whose
handling ended in the period (``Complaint.concluded_on`` in it), whatever the outcome: the
share of them found justified (gegrond). A complaint not taken into handling (Awb 9:8) or
resolved to the complainant's satisfaction (9:5) counts in the denominator: it is one of the
complaints filed, and not a justified one. One aggregate query, counts only, never a person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from samen.common import kpis
from samen.common.periods import Period
from samen.complaints.models import Complaint, Outcome

CODE = "complaints.gegrond"
# The breakdown's labels, Dutch whatever the language of the request (reports freeze them).
LABELS = {
    Outcome.GEGROND: "gegrond",
    Outcome.ONGEGROND: "ongegrond",
    Outcome.NIET_IN_BEHANDELING: "niet in behandeling genomen",
    Outcome.NAAR_TEVREDENHEID: "naar tevredenheid opgelost",
}


def justified(municipality: Any, period: Period) -> kpis.KpiResult:
    figures = (
        Complaint.objects.filter(
            municipality=municipality,
            concluded_on__range=(period.valid_from, period.valid_until),
        )
        .exclude(outcome="")
        .aggregate(
            total=Count("pk"),
            **{o.value: Count("pk", filter=Q(outcome=o.value)) for o in Outcome},
        )
    )
    query = (
        f"Klachten namens {municipality.name} afgehandeld van {period.valid_from:%d-%m-%Y} t/m "
        f"{period.valid_until:%d-%m-%Y} (Complaint.concluded_on): teller = gegrond verklaard, "
        "noemer = alle afgehandelde klachten (ook ongegrond, niet in behandeling genomen en "
        "naar tevredenheid opgelost)."
    )
    return kpis.percentage(
        figures[Outcome.GEGROND.value],
        figures["total"],
        query,
        breakdown=tuple((label, figures[o.value]) for o, label in LABELS.items()),
    )


def register() -> None:
    kpis.register(CODE, "Klachten gegrond verklaard")(justified)
