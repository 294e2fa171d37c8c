"""The KPIs the objections app answers for, registered in :mod:`samen.common.kpis` from
``ObjectionsConfig.ready``, for the steering catalogue's KPIs ``tijdig-bezwaar`` (DVO norm
> 85 %) and ``gegronde-bezwaren`` (< 25 %), which migration ``objections/0004`` connects to
these computations (the second was entered by hand before).

Both count the municipality's objections (the municipality of the objection's case: the
college that took the contested decision) whose decision on the objection was taken in the
period (``Decision.decided_on`` of the beslissing op bezwaar), one aggregate query each:

- **objections.tijdig-beslist**: in time when that decision was taken on or before the
  objection's decision deadline, ``Case.deadline`` of its own case. That is the term this
  app computes (Awb 7:10: six or twelve weeks from the end of the bezwaartermijn, or from
  receipt for a late objection; the verdaging and a postponement with consent moved in
  through ``cases.services.extend_term``; the suspension for herstel verzuim; the Atw).
- **objections.gegrond**: of the same decided objections, those declared gegrond or deels
  gegrond.

Choices, in ``docs/objections.md``: a withdrawn objection (ingetrokken) is not a decision on
the objection and counts in neither denominator (it is shown in the breakdown); the
denominator of the share justified is the objections *decided* in the period, not those
filed in it, so numerator and denominator are the same objections; a new decision after a
court ruling (samen/appeals) does not count again: each objection counts once, with its
first decision. The cases app no longer computes a timeliness for the bezwaar case types
(that would count the renewal cases of samen/appeals as further objections, and bezwaar
cases opened without an objection record with a term that does not run from the end of
the bezwaartermijn).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from samen.common import kpis
from samen.common.periods import Period
from samen.objections.models import Objection, ObjectionOutcome, Postponement

TIMELY = "objections.tijdig-beslist"
JUSTIFIED = "objections.gegrond"

WITHDRAWN = Q(outcome=ObjectionOutcome.INGETROKKEN)
JUSTIFIED_OUTCOMES = (ObjectionOutcome.GEGROND, ObjectionOutcome.DEELS_GEGROND)
# The breakdown's labels are frozen into reports: Dutch, whatever the user's language.
LABELS = {
    ObjectionOutcome.NIET_ONTVANKELIJK: "niet-ontvankelijk",
    ObjectionOutcome.ONGEGROND: "ongegrond",
    ObjectionOutcome.GEGROND: "gegrond",
    ObjectionOutcome.DEELS_GEGROND: "deels gegrond",
    ObjectionOutcome.INGETROKKEN: "ingetrokken (niet meegeteld)",
}


def _decided(municipality: Any, period: Period) -> Any:
    return Objection.objects.filter(
        case__municipality=municipality,
        decision__decided_on__range=(period.valid_from, period.valid_until),
    )


def _between(period: Period) -> str:
    return f"{period.valid_from:%d-%m-%Y} t/m {period.valid_until:%d-%m-%Y}"


def decided_in_time(municipality: Any, period: Period) -> kpis.KpiResult:
    counted = ~WITHDRAWN & Q(case__deadline__isnull=False)
    in_time = counted & Q(decision__decided_on__lte=F("case__deadline"))
    postponed = Exists(Postponement.objects.filter(objection=OuterRef("pk")))
    figures = _decided(municipality, period).aggregate(
        decided=Count("pk", filter=counted),
        in_time=Count("pk", filter=in_time),
        in_time_postponed=Count("pk", filter=in_time & Q(postponed)),
        withdrawn=Count("pk", filter=WITHDRAWN),
    )
    query = (
        f"Bezwaren namens {municipality.name} waarop {_between(period)} is beslist "
        "(datum van de beslissing op bezwaar): teller = beslist op of vóór de uiterste "
        "beslisdatum van het bezwaar (artikel 7:10 Awb, met verdaging, uitstel met instemming "
        "en opschorting voor herstel verzuim; Case.deadline van de bezwaarzaak), noemer = alle "
        "beslissingen op bezwaar, zonder ingetrokken bezwaren."
    )
    return kpis.percentage(
        figures["in_time"],
        figures["decided"],
        query,
        breakdown=(
            ("op tijd", figures["in_time"]),
            ("te laat", figures["decided"] - figures["in_time"]),
            ("op tijd na verdaging of uitstel", figures["in_time_postponed"]),
            ("ingetrokken (niet meegeteld)", figures["withdrawn"]),
        ),
    )


def justified(municipality: Any, period: Period) -> kpis.KpiResult:
    outcomes = {value: Count("pk", filter=Q(outcome=value)) for value in ObjectionOutcome.values}
    figures = _decided(municipality, period).aggregate(**outcomes)
    decided = sum(n for value, n in figures.items() if value != ObjectionOutcome.INGETROKKEN)
    found = sum(figures[value] for value in JUSTIFIED_OUTCOMES)
    query = (
        f"Bezwaren namens {municipality.name} waarop {_between(period)} is beslist: teller = "
        "gegrond of deels gegrond verklaard, noemer = alle beslissingen op bezwaar "
        "(niet-ontvankelijk, ongegrond, deels gegrond, gegrond), zonder ingetrokken bezwaren."
    )
    return kpis.percentage(
        found,
        decided,
        query,
        breakdown=tuple((LABELS[value], figures[value]) for value in LABELS),
    )


def register() -> None:
    kpis.register(TIMELY, "Bezwaren tijdig beslist (artikel 7:10 Awb)")(decided_in_time)
    kpis.register(JUSTIFIED, "Bezwaren (deels) gegrond")(justified)
