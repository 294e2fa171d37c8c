"""The printed bestuursrapportage and cost allocation (PDF), with the product's one
WeasyPrint setup (:mod:`samen.common.pdf`: A4, system fonts, no URL fetched) and the
report's charts inline as SVG (:mod:`samen.steering.charts`). The services decide who may
see the figures; this module only renders what they return."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from samen.common import pdf
from samen.steering import charts
from samen.steering.allocation import AllocationPage
from samen.steering.services import ReportPage


def report_html(page: ReportPage) -> str:
    if page.caseload is not None:
        return annual_html(page)
    figures = [
        {
            "svg": mark_safe(  # noqa: S308 - pygal's SVG of our own numbers, no script
                charts.svg(name, page.trend, page.threshold, declaration=False)
            ),
            "alt": charts.alt_text(name, page.trend, page.threshold),
        }
        for name in charts.CHARTS
    ]
    return render_to_string(
        "steering/pdf/report.html",
        {"page": page, "charts": [c for c in figures if c["svg"]], "printed": timezone.now()},
    )


def annual_html(page: ReportPage) -> str:
    """The annual figures: the KPIs over the year, the caseload analysis with the chart of
    the caseload per month."""
    assert page.caseload is not None
    title = charts.ANNUAL_CHARTS[charts.MONTHLY]
    lines = charts.monthly_series(page.caseload.months, page.threshold)
    chart = {
        "svg": mark_safe(  # noqa: S308 - pygal's SVG of our own numbers, no script
            charts.render(title, lines, line=True, declaration=False)
        ),
        "alt": charts.describe(title, lines) if lines else "",
    }
    return render_to_string(
        "steering/pdf/annual.html",
        {"page": page, "charts": [chart] if chart["svg"] else [], "printed": timezone.now()},
    )


def report_pdf(page: ReportPage) -> bytes:
    return pdf.write_pdf(report_html(page))


def costs_pdf(page: AllocationPage) -> bytes:
    html = render_to_string("steering/pdf/costs.html", {"page": page, "printed": timezone.now()})
    return pdf.write_pdf(html)
