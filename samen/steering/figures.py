"""The figures of one municipality over one Marap period: every KPI of the DVO in force at
the period's end against its norm, computed through the registry of :mod:`samen.common.kpis`
(no query on another app's tables here), entered by hand, or read back frozen from a
published report. No access decisions here: :mod:`samen.steering.services` asks the policy
first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from samen.common import kpis
from samen.organisation.models import Municipality
from samen.steering import judgement
from samen.steering.judgement import Verdict
from samen.steering.marap import MarapPeriod
from samen.steering.models import Dvo, DvoNorm, ManualValue, Report, ReportFigure

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


def _norms(dvo: Dvo | None) -> list[DvoNorm]:
    if dvo is None:
        return []
    return list(dvo.norms.select_related("kpi").order_by("kpi__order", "kpi__code"))


def live(municipality: Municipality, period: MarapPeriod, dvo: Dvo | None = None) -> list[Figure]:
    """The figures as they are now: computed, or entered by hand, or none; for the KPIs and
    norms of ``dvo`` (by default the DVO in force at the period's end)."""
    norms = _norms(dvo if dvo is not None else dvo_for(municipality, period))
    manual = {
        m.kpi_id: m
        for m in ManualValue.objects.filter(
            municipality=municipality, year=period.year, number=period.number
        ).select_related("recorded_by")
    }
    figures = []
    for norm in norms:
        kpi = norm.kpi
        base: dict[str, Any] = {
            "kpi_code": kpi.code,
            "name": kpi.name,
            "definition": kpi.definition,
            "unit": kpi.unit,
            "direction": kpi.direction,
            "comparator": norm.comparator,
            "norm_value": norm.value,
            "norm_note": norm.note,
        }
        result = (
            kpis.compute(kpi.computation, municipality, period.period) if kpi.computation else None
        )
        entered = manual.get(kpi.pk)
        if result is not None:
            figures.append(
                Figure(
                    **base,
                    origin=ReportFigure.Origin.COMPUTED,
                    value=result.value,
                    numerator=result.numerator,
                    denominator=result.denominator,
                    query=result.query,
                    breakdown=list(result.breakdown),
                )
            )
        elif entered is not None:
            figures.append(
                Figure(
                    **base,
                    origin=ReportFigure.Origin.MANUAL,
                    value=entered.value,
                    numerator=entered.numerator,
                    denominator=entered.denominator,
                    query=f"Handmatig ingevoerd: {entered.note}",
                    manual=entered,
                )
            )
        else:
            figures.append(
                Figure(
                    **base,
                    origin=ReportFigure.Origin.NONE,
                    value=None,
                    numerator=None,
                    denominator=None,
                    query="Nog niet ingevoerd." if kpi.is_manual else "",
                )
            )
    return figures


def frozen(report: Report) -> list[Figure]:
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
        for f in report.figures.order_by("position")
    ]


def freeze(report: Report, figures: list[Figure]) -> None:
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
            position=position,
        )
        for position, f in enumerate(figures, 1)
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
    municipality: Municipality, period: MarapPeriod, dvo: Dvo | None = None
) -> tuple[Report | None, list[Figure]]:
    """The report of the period (if any) and its figures: frozen when published, otherwise
    computed now for the KPIs of ``dvo`` (by default the DVO in force at the period's end)."""
    report = Report.objects.filter(
        municipality=municipality, year=period.year, number=period.number
    ).first()
    if report is not None and report.is_published:
        return report, frozen(report)
    return report, live(municipality, period, dvo)


def trend(
    municipality: Municipality, period: MarapPeriod, figures: list[Figure], count: int = 3
) -> list[TrendRow]:
    """The same KPIs over the ``count`` earlier periods (oldest first), and the current one.
    An earlier period is computed for the KPIs of this period's DVO (also before that DVO
    began: the figures do not depend on the norm). A published earlier period shows its
    frozen figure; when the figure computed now differs (a late correction), the cell says
    so."""
    dvo = dvo_for(municipality, period)
    columns: list[tuple[MarapPeriod, dict[str, Figure], dict[str, Figure]]] = []
    for earlier in period.earlier(count):
        report, shown = of_period(municipality, earlier, dvo)
        now = (
            {f.kpi_code: f for f in live(municipality, earlier, dvo)}
            if report is not None and report.is_published
            else {}
        )
        columns.append((earlier, {f.kpi_code: f for f in shown}, now))
    rows = []
    for f in figures:
        cells = []
        for earlier, shown_then, now in columns:
            then = shown_then.get(f.kpi_code)
            current = now.get(f.kpi_code)
            corrected = (
                current
                if then is not None and current is not None and current.value != then.value
                else None
            )
            cells.append(TrendCell(earlier, then, corrected))
        cells.append(TrendCell(period, f))
        rows.append(TrendRow(f.kpi_code, f.name, cells))
    return rows


def due_status(period: MarapPeriod, report: Report | None, today: dt.date) -> bool | None:
    published = (
        timezone.localtime(report.published_at).date()
        if report is not None and report.published_at
        else None
    )
    return period.due_met(published, today)
