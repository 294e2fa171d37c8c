"""The KPIs the cases app answers for, registered in :mod:`samen.common.kpis` (from
``CasesConfig.ready``): timeliness of decisions per group of case types, and applications
and the share granted per minima scheme. Each is one aggregate query on the cases of one
municipality (the municipality on whose behalf the case is handled), never a row loop.

- **Timeliness**: the cases of the group decided in the period (``decided_on`` in it) that
  have a deadline; in time when ``decided_on`` is on or before ``Case.deadline``, the legal
  deadline the cases app keeps (with extension and suspension, :mod:`samen.cases.deadlines`).
  Objections are counted by the objections app (``objections.tijdig-beslist``, per objection
  and without the renewal cases of samen/appeals), not here from the bezwaar case types.
- **Applications** of a scheme: cases of its case types received in the period.
- **Share granted**: of the cases of the scheme decided in the period, those with a decision
  *toegekend*; every other outcome (afgewezen, buiten behandeling, ingetrokken) counts as
  not granted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from samen.cases.models import Case, Decision, Outcome
from samen.common import kpis
from samen.common.periods import Period

# group -> (label, case type codes)
TIMELINESS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tijdig-pw-aanvragen": (
        "aanvragen Pw, IOAW, IOAZ en Bbz",
        ("pw-aanvraag-algemene-bijstand", "ioaw-aanvraag", "ioaz-aanvraag", "bbz-aanvraag"),
    ),
    "tijdig-bijzondere-bijstand": (
        "aanvragen bijzondere bijstand",
        ("bijzondere-bijstand-aanvraag",),
    ),
    "tijdig-kinderopvang": (
        "aanvragen tegemoetkoming kinderopvang",
        ("kinderopvang-smi-aanvraag",),
    ),
}

# scheme -> (label, case type codes)
SCHEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bijzondere-bijstand": ("bijzondere bijstand", ("bijzondere-bijstand-aanvraag",)),
    "declaratieregeling": ("declaratieregeling", ("declaratieregeling-aanvraag",)),
    "inkomenstoeslag": ("individuele inkomenstoeslag", ("individuele-inkomenstoeslag-aanvraag",)),
    "zorgverzekering": ("collectieve zorgverzekering", ("collectieve-zorgverzekering-aanvraag",)),
}


def _cases(municipality: Any, codes: tuple[str, ...]) -> Any:
    return Case.objects.filter(municipality=municipality, case_type__code__in=codes)


def _between(period: Period) -> str:
    return f"{period.valid_from:%d-%m-%Y} t/m {period.valid_until:%d-%m-%Y}"


def timeliness(label: str, codes: tuple[str, ...]) -> kpis.Computation:
    def compute(municipality: Any, period: Period) -> kpis.KpiResult:
        figures = (
            _cases(municipality, codes)
            .filter(
                decided_on__range=(period.valid_from, period.valid_until), deadline__isnull=False
            )
            .aggregate(
                decided=Count("pk"), in_time=Count("pk", filter=Q(decided_on__lte=F("deadline")))
            )
        )
        query = (
            f"Zaken van de zaaktypen {', '.join(codes)} namens {municipality.name}, besloten "
            f"{_between(period)}: teller = besloten op of vóór de uiterste beslisdatum "
            f"(Case.decided_on <= Case.deadline), noemer = alle besloten zaken met een "
            f"beslisdatum."
        )
        return kpis.percentage(figures["in_time"], figures["decided"], query)

    compute.__name__ = f"timeliness_{label}"
    return compute


def applications(label: str, codes: tuple[str, ...]) -> kpis.Computation:
    def compute(municipality: Any, period: Period) -> kpis.KpiResult:
        received = (
            _cases(municipality, codes)
            .filter(received_on__range=(period.valid_from, period.valid_until))
            .count()
        )
        query = (
            f"Zaken van de zaaktypen {', '.join(codes)} namens {municipality.name} met de "
            f"aanvraag ontvangen {_between(period)} (Case.received_on)."
        )
        return kpis.count(received, query)

    return compute


def granted(label: str, codes: tuple[str, ...]) -> kpis.Computation:
    def compute(municipality: Any, period: Period) -> kpis.KpiResult:
        granting = Decision.objects.filter(case=OuterRef("pk"), outcome=Outcome.TOEGEKEND)
        figures = (
            _cases(municipality, codes)
            .filter(decided_on__range=(period.valid_from, period.valid_until))
            .aggregate(
                decided=Count("pk"),
                granted=Count("pk", filter=Q(Exists(granting))),
            )
        )
        query = (
            f"Zaken van de zaaktypen {', '.join(codes)} namens {municipality.name}, besloten "
            f"{_between(period)}: teller = met een besluit 'toegekend', noemer = alle "
            f"besloten zaken (ook afgewezen, buiten behandeling en ingetrokken)."
        )
        return kpis.percentage(figures["granted"], figures["decided"], query)

    return compute


def register() -> None:
    for code, (label, codes) in TIMELINESS.items():
        kpis.register(f"cases.{code}", f"Tijdig beslist: {label}")(
            _cached(f"timeliness:{code}", timeliness(label, codes))
        )
    for code, (label, codes) in SCHEMES.items():
        kpis.register(f"cases.aanvragen-{code}", f"Aanvragen {label}")(
            _cached(f"applications:{code}", applications(label, codes))
        )
        kpis.register(f"cases.toegekend-{code}", f"Toegekend: {label}")(
            _cached(f"granted:{code}", granted(label, codes))
        )


_functions: dict[str, kpis.Computation] = {}


def _cached(key: str, function: kpis.Computation) -> kpis.Computation:
    """The same function object for the same key, so registering again (``ready`` may run
    more than once in tests) is harmless."""
    return _functions.setdefault(key, function)
