"""The figures of one municipality over one Marap period (or the whole year): every KPI of
the DVO in force at the period's end against its norm (over a year its annual value, where
the norm has one), computed through the registry of :mod:`samen.common.kpis` and read back
from the stored results (:mod:`samen.steering.computed`, refreshed nightly and on demand;
computed once when none is stored yet), entered by hand (read on every visit), or read back
frozen from a published report. No access decisions here: :mod:`samen.steering.services`
asks the policy first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from samen.organisation.models import Municipality
from samen.steering import computed, judgement, marap
from samen.steering.judgement import Verdict
from samen.steering.marap import MarapPeriod
from samen.steering.models import (
    Comparator,
    Dvo,
    DvoNorm,
    Kpi,
    ManualValue,
    Report,
    ReportFigure,
)

DEFAULT_SMALL_COUNT = 5


def small_count_threshold() -> int:
    """Counts above zero and below this are shown as "< n" (setting
    ``SAMEN_STEERING_SMALL_COUNT``, 5 by default)."""
    return int(getattr(settings, "SAMEN_STEERING_SMALL_COUNT", DEFAULT_SMALL_COUNT))


@dataclass
class Figure:
    kpi_code: str
    name: str
    definition: str
    unit: str
    direction: str
    comparator: str
    norm_value: Decimal | None
    norm_note: str
    origin: str  # berekend, handmatig, geen
    value: Decimal | None
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    query: str
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    manual: ManualValue | None = None
    #: when a computed figure was computed (the stored result's time; None when frozen,
    #: entered by hand or without data)
    computed_at: dt.datetime | None = None

    @property
    def verdict(self) -> Verdict:
        return judgement.judge(self.comparator, self.norm_value, self.value)

    @property
    def is_manual(self) -> bool:
        return self.origin == ReportFigure.Origin.MANUAL

    def shown(self) -> judgement.Shown:
        return judgement.shown(
            self.unit, self.value, self.numerator, self.denominator, small_count_threshold()
        )

    def norm_text(self) -> str:
        return judgement.norm_text(self.comparator, self.norm_value, self.unit)

    def breakdown_shown(self) -> list[tuple[str, str]]:
        threshold = small_count_threshold()
        return [
            (label, f"< {threshold}" if judgement.is_small(n, threshold) else str(n))
            for label, n in self.breakdown
        ]


def dvo_for(municipality: Municipality, period: MarapPeriod) -> Dvo | None:
    """The DVO in force on the period's last day."""
    return Dvo.objects.valid_on(period.end).filter(municipality=municipality).first()


def norms_of(dvo: Dvo | None, only: frozenset[str] | None = None) -> list[DvoNorm]:
    if dvo is None:
        return []
    found = dvo.norms.select_related("kpi").order_by("kpi__order", "kpi__code")
    if only is not None:
        found = found.filter(kpi__code__in=only)
    return list(found)


def manual_values(municipality: Municipality, period: MarapPeriod) -> dict[int, ManualValue]:
    """The figures entered by hand for the period, by KPI id."""
    return {
        m.kpi_id: m
        for m in ManualValue.objects.filter(
            municipality=municipality, year=period.year, number=period.number
        ).select_related("recorded_by")
    }


def figure_for(
    kpi: Kpi,
    norm: DvoNorm | None,
    period: MarapPeriod,
    entered: ManualValue | None,
    stored: computed.Stored | None,
) -> Figure:
    """One KPI's figure: its computation's stored result, or entered by hand, or none;
    against ``norm`` (over a year its annual value), or without a norm (``info``)."""
    base: dict[str, Any] = {
        "kpi_code": kpi.code,
        "name": kpi.name,
        "definition": kpi.definition,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "comparator": norm.comparator if norm is not None else Comparator.INFO,
        "norm_value": norm.value_for(period.is_year) if norm is not None else None,
        "norm_note": norm.note if norm is not None else "",
    }
    if stored is not None:
        result = stored.result
        return Figure(
            **base,
            origin=ReportFigure.Origin.COMPUTED,
            value=result.value,
            numerator=result.numerator,
            denominator=result.denominator,
            query=result.query,
            breakdown=list(result.breakdown),
            computed_at=stored.computed_at,
        )
    if entered is not None:
        return Figure(
            **base,
            origin=ReportFigure.Origin.MANUAL,
            value=entered.value,
            numerator=entered.numerator,
            denominator=entered.denominator,
            query=f"Handmatig ingevoerd: {entered.note}",
            manual=entered,
        )
    return Figure(
        **base,
        origin=ReportFigure.Origin.NONE,
        value=None,
        numerator=None,
        denominator=None,
        query="Nog niet ingevoerd." if kpi.is_manual else "",
    )


def live(
    municipality: Municipality,
    period: MarapPeriod,
    dvo: Dvo | None = None,
    only: frozenset[str] | None = None,
) -> list[Figure]:
    """The figures as they are now: the stored results (computed once and stored where none
    is stored yet), or entered by hand, or none; for the KPIs and norms of ``dvo`` (by
    default the DVO in force at the period's end), or only the KPIs whose codes are in
    ``only``."""
    norms = norms_of(dvo if dvo is not None else dvo_for(municipality, period), only)
    return _current(municipality, [period], norms)[period]


def _current(
    municipality: Municipality, periods: list[MarapPeriod], norms: list[DvoNorm]
) -> dict[MarapPeriod, list[Figure]]:
    """:func:`live` for several periods with the same norms: each table read once."""
    codes = [n.kpi.computation for n in norms if n.kpi.computation]
    stored = computed.ensure_many(municipality, periods, codes)
    manual: dict[MarapPeriod, dict[int, ManualValue]] = {p: {} for p in periods}
    by_key = {(p.year, p.number): p for p in periods}
    for entered in ManualValue.objects.filter(
        municipality=municipality,
        year__in={p.year for p in periods},
        number__in={p.number for p in periods},
    ).select_related("recorded_by"):
        found = by_key.get((entered.year, entered.number))
        if found is not None:
            manual[found][entered.kpi_id] = entered
    return {
        period: [
            figure_for(
                norm.kpi,
                norm,
                period,
                manual[period].get(norm.kpi_id),
                stored[period].get((computed.KPI, norm.kpi.computation))
                if norm.kpi.computation
                else None,
            )
            for norm in norms
        ]
        for period in periods
    }


def frozen(report: Report, part: str = ReportFigure.Part.KPI) -> list[Figure]:
    """The figures a published report froze: its KPIs, or the caseload analysis of the
    annual figures (``part``)."""
    return [
        Figure(
            kpi_code=f.kpi_code,
            name=f.kpi_name,
            definition="",
            unit=f.unit,
            direction=f.direction,
            comparator=f.comparator,
            norm_value=f.norm_value,
            norm_note=f.norm_note,
            origin=f.origin,
            value=f.value,
            numerator=f.numerator,
            denominator=f.denominator,
            query=f.query,
            breakdown=[(str(label), int(n)) for label, n in f.breakdown],
        )
        for f in report.figures.filter(part=part).order_by("position")
    ]


def freeze(
    report: Report, figures: list[Figure], part: str = ReportFigure.Part.KPI, first: int = 1
) -> None:
    ReportFigure.objects.bulk_create(
        ReportFigure(
            report=report,
            kpi_code=f.kpi_code,
            kpi_name=f.name,
            unit=f.unit,
            direction=f.direction,
            comparator=f.comparator,
            norm_value=f.norm_value,
            norm_note=f.norm_note,
            origin=f.origin,
            value=f.value,
            numerator=f.numerator,
            denominator=f.denominator,
            query=f.query,
            breakdown=[[label, n] for label, n in f.breakdown],
            part=part,
            position=position,
        )
        for position, f in enumerate(figures, first)
    )


@dataclass
class TrendCell:
    period: MarapPeriod
    figure: Figure | None
    corrected_to: Figure | None = None  # the value now, when it differs from the published


@dataclass
class TrendRow:
    kpi_code: str
    name: str
    cells: list[TrendCell]


def of_period(
    municipality: Municipality,
    period: MarapPeriod,
    dvo: Dvo | None = None,
    only: frozenset[str] | None = None,
) -> tuple[Report | None, list[Figure]]:
    """The report of the period (if any) and its figures: frozen when published, otherwise
    computed now for the KPIs of ``dvo`` (by default the DVO in force at the period's end);
    only the KPIs in ``only`` when given (a chart needs three, not the report's 33)."""
    report = Report.objects.filter(
        municipality=municipality, year=period.year, number=period.number
    ).first()
    if report is not None and report.is_published:
        found = frozen(report)
        return report, found if only is None else [f for f in found if f.kpi_code in only]
    return report, live(municipality, period, dvo, only)


def trend(
    municipality: Municipality,
    period: MarapPeriod,
    figures: list[Figure],
    count: int = 3,
    dvo: Dvo | None = None,
    only: frozenset[str] | None = None,
) -> list[TrendRow]:
    """The same KPIs over the ``count`` earlier periods (oldest first), and the current one.
    An earlier period is computed for the KPIs of this period's DVO (also before that DVO
    began: the figures do not depend on the norm). A published earlier period shows its
    frozen figure; when the latest stored result differs (a late correction, once the
    figures were refreshed), the cell says so. ``dvo``: this period's DVO, when the caller
    has it."""
    dvo = dvo if dvo is not None else dvo_for(municipality, period)
    periods = period.earlier(count)
    reports = {
        (r.year, r.number): r
        for r in Report.objects.filter(
            municipality=municipality,
            year__in={p.year for p in periods},
            number__in={p.number for p in periods},
        )
    }
    current = _current(municipality, periods, norms_of(dvo, only))
    columns: list[tuple[MarapPeriod, dict[str, Figure], dict[str, Figure]]] = []
    for earlier in periods:
        report = reports.get((earlier.year, earlier.number))
        now = {f.kpi_code: f for f in current[earlier]}
        if report is not None and report.is_published:
            shown = {f.kpi_code: f for f in frozen(report) if only is None or f.kpi_code in only}
            columns.append((earlier, shown, now))
        else:
            columns.append((earlier, now, {}))
    rows = []
    for f in figures:
        cells = []
        for earlier, shown_then, now in columns:
            then = shown_then.get(f.kpi_code)
            latest = now.get(f.kpi_code)
            corrected = (
                latest
                if then is not None and latest is not None and latest.value != then.value
                else None
            )
            cells.append(TrendCell(earlier, then, corrected))
        cells.append(TrendCell(period, f))
        rows.append(TrendRow(f.kpi_code, f.name, cells))
    return rows


def due_date(period: MarapPeriod, dvo: Dvo | None) -> dt.date | None:
    """When the report is due under the reporting calendar of the DVO in force at the
    period's end; None without a DVO."""
    return period.due(dvo.due_terms) if dvo is not None else None


def due_status(
    period: MarapPeriod, report: Report | None, today: dt.date, dvo: Dvo | None
) -> tuple[dt.date | None, bool | None]:
    """The due date and whether it was met (None while open or without a DVO)."""
    published = (
        timezone.localtime(report.published_at).date()
        if report is not None and report.published_at
        else None
    )
    due = due_date(period, dvo)
    return due, marap.due_met(due, published, today)
