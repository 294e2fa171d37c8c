"""The caseload analysis of the annual figures (jaarcijfers) of one municipality: the
caseload (benefit units) on 1 January and on 31 December, the inflow and the outflow over
the year with their breakdown (inflow by the case type that granted the benefit, outflow
as the income app breaks it down), and the caseload at the end of every month, for the
chart. Every figure comes from the income app through the registry of
:mod:`samen.common.kpis` (steering queries no income table), read back from the stored
results (:mod:`samen.steering.computed`, computed once when none is stored); a published
annual report freezes them beside its KPIs (:class:`~samen.steering.models.ReportFigure`
rows of the part *bestandsanalyse*), so the analysis too stays as it was published.

No access decisions here: :mod:`samen.steering.services` asks the policy first.
"""

from __future__ import annotations

from dataclasses import dataclass

from samen.common.dates import MONTHS_NL
from samen.organisation.models import Municipality
from samen.steering import computed
from samen.steering import figures as figures_
from samen.steering.computed import END, IN, MONTH_PREFIX, OUT, START
from samen.steering.figures import Figure
from samen.steering.marap import MarapPeriod
from samen.steering.models import Comparator, Direction, Report, ReportFigure, Unit


@dataclass
class CaseloadAnalysis:
    start: Figure
    end: Figure
    inflow: Figure
    outflow: Figure
    months: list[Figure]

    @property
    def change(self) -> int | None:
        """The caseload at the end minus at the start of the year."""
        if self.start.value is None or self.end.value is None:
            return None
        return int(self.end.value - self.start.value)

    def change_shown(self, threshold: int) -> str:
        """The change as text; hidden when either count is hidden (it could be worked back)."""
        change = self.change
        if change is None:
            return "-"
        if self.start.shown().hidden or self.end.shown().hidden:
            return f"verborgen (minder dan {threshold} gevallen)"
        return f"{change:+d}".replace("+0", "0")

    def figures(self) -> list[Figure]:
        return [self.start, self.end, self.inflow, self.outflow, *self.months]


def _figure(code: str, name: str, stored: computed.Stored | None) -> Figure:
    result = stored.result if stored is not None else None
    return Figure(
        kpi_code=code,
        name=name,
        definition="",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        comparator=Comparator.INFO,
        norm_value=None,
        norm_note="",
        origin=ReportFigure.Origin.COMPUTED if result is not None else ReportFigure.Origin.NONE,
        value=result.value if result is not None else None,
        numerator=result.numerator if result is not None else None,
        denominator=result.denominator if result is not None else None,
        query=result.query if result is not None else "",
        breakdown=list(result.breakdown) if result is not None else [],
        computed_at=stored.computed_at if stored is not None else None,
    )


def month_name(month: int, year: int) -> str:
    return f"{MONTHS_NL[month - 1]} {year}"


def live(municipality: Municipality, period: MarapPeriod) -> CaseloadAnalysis:
    """The analysis as stored (computed once and stored where it is not), over the year of
    ``period``."""
    year = period.year
    codes = [spec[0] for spec in computed.caseload_specs(year)]
    stored = computed.ensure(municipality, MarapPeriod.whole_year(year), caseload=codes)

    def figure(code: str, name: str) -> Figure:
        return _figure(code, name, stored.get((computed.CASELOAD_PART, code)))

    return CaseloadAnalysis(
        start=figure(START, f"Uitkeringseenheden op 1 januari {year}"),
        end=figure(END, f"Uitkeringseenheden op 31 december {year}"),
        inflow=figure(IN, f"Instroom {year}"),
        outflow=figure(OUT, f"Uitstroom {year}"),
        months=[
            figure(
                f"{MONTH_PREFIX}{month:02d}",
                f"Uitkeringseenheden eind {month_name(month, year)}",
            )
            for month in range(1, 13)
        ],
    )


def frozen(report: Report) -> CaseloadAnalysis | None:
    """The analysis a published annual report froze (None for a report published without
    one)."""
    found = {f.kpi_code: f for f in figures_.frozen(report, ReportFigure.Part.CASELOAD)}
    if not found:
        return None
    return CaseloadAnalysis(
        start=found[START],
        end=found[END],
        inflow=found[IN],
        outflow=found[OUT],
        months=[found[c] for c in sorted(found) if c.startswith(MONTH_PREFIX)],
    )


def freeze(report: Report, analysis: CaseloadAnalysis, first: int) -> None:
    figures_.freeze(report, analysis.figures(), ReportFigure.Part.CASELOAD, first)


def of_report(
    municipality: Municipality, period: MarapPeriod, report: Report | None
) -> CaseloadAnalysis:
    """Frozen when the annual report is published, otherwise computed now."""
    if report is not None and report.is_published:
        found = frozen(report)
        if found is not None:
            return found
    return live(municipality, period)
