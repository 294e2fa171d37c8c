"""KPI values of one municipality across periods (the API ``kpiwaarden``): per period, and
per KPI, the value with its numerator and denominator, the norm of the DVO in force in that
period, the verdict, whether it was computed or entered by hand, and whether it is the frozen
figure of a published report or computed now.

- **Which KPIs**: the one asked for, or every KPI of the DVO in force at the end of the last
  period. A period without a DVO that holds the KPI still gets its figure (a figure does not
  depend on its norm, as in a report's trend), without a norm: *ter informatie*.
- **Frozen or stored**: a period whose report (four-monthly or annual) is published shows the
  figure it froze, with the norm then in force; any other period the latest stored result
  (:mod:`samen.steering.computed`; computed once and stored when there is none yet).
- **Paging**: the rows are (period, KPI), oldest period first, in the catalogue's order; only
  the rows of the page asked for are computed.

Scoped as the reports: a municipality whose figures the actor may not see, or that does not
exist, is :class:`~samen.steering.services.NotVisible` (404), audited as refused; every answer
is audited as a list (object type ``kpi-waarden``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samen.access.models import AuditEntry
from samen.steering import computed, services
from samen.steering import figures as figures_
from samen.steering.figures import Figure
from samen.steering.marap import MarapPeriod
from samen.steering.models import DvoNorm, Kpi, Report

VALUES = "kpi-waarden"
#: the most periods one question may span (four years of four-month periods)
MAX_PERIODS = 12


@dataclass(frozen=True)
class KpiValue:
    period: MarapPeriod
    figure: Figure
    frozen: bool
    report_status: str  # concept or gepubliceerd


def periods_between(first: MarapPeriod, last: MarapPeriod) -> list[MarapPeriod]:
    """The periods from ``first`` to ``last`` (same kind), both included."""
    found = [first]
    while found[-1] < last:
        found.append(found[-1].next())
    return found


def kpi_values(
    actor: Any,
    raw_code: object,
    kpi_code: str | None,
    first: MarapPeriod,
    last: MarapPeriod,
    *,
    offset: int,
    limit: int,
) -> tuple[list[KpiValue], int]:
    """The page (``offset``, ``limit``) of the rows and their total. The caller has checked
    that ``kpi_code`` exists and that the periods are of one kind, in order and not too
    many."""
    object_id = f"{str(raw_code)[:10]}/{kpi_code or '*'}/{first.code}..{last.code}"
    municipality = services.municipality_for(actor, raw_code, VALUES, object_id)
    periods = periods_between(first, last)
    if kpi_code is not None:
        kpis = list(Kpi.objects.filter(code=kpi_code))
    else:
        latest = figures_.dvo_for(municipality, last)
        kpis = [norm.kpi for norm in figures_.norms_of(latest)] if latest is not None else []
    total = len(periods) * len(kpis)
    wanted = range(offset, min(offset + limit, total))
    rows: list[KpiValue] = []
    for index in wanted:
        period, kpi = periods[index // len(kpis)], kpis[index % len(kpis)]
        rows.append(_value(municipality, period, kpi))
    services.record(
        actor,
        AuditEntry.Kind.LIST,
        services.subject(municipality.cbs_code, VALUES, object_id),
        {"periodes": [p.code for p in periods], "rijen": len(rows)},
    )
    return rows, total


def _value(municipality: Any, period: MarapPeriod, kpi: Kpi) -> KpiValue:
    report = Report.objects.filter(
        municipality=municipality, year=period.year, number=period.number
    ).first()
    if report is not None and report.is_published:
        found = next((f for f in figures_.frozen(report) if f.kpi_code == kpi.code), None)
        if found is not None:
            return KpiValue(period, found, True, report.status)
    dvo = figures_.dvo_for(municipality, period)
    norm = (
        DvoNorm.objects.filter(dvo=dvo, kpi=kpi).select_related("kpi").first()
        if dvo is not None
        else None
    )
    entered = figures_.manual_values(municipality, period).get(kpi.pk)
    codes = [kpi.computation] if kpi.computation else []
    stored = computed.ensure(municipality, period, codes).get((computed.KPI, kpi.computation))
    figure = figures_.figure_for(kpi, norm, period, entered, stored if codes else None)
    status = report.status if report is not None else Report.Status.DRAFT
    return KpiValue(period, figure, False, status)
