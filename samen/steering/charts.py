"""Server-side SVG charts of a report with pygal (Kozea, the makers of WeasyPrint): the
caseload and the inflow and outflow over the periods of the trend, and for the annual
figures the caseload at the end of every month. Numbers only: a chart
never shows a person, and a count below the small-count threshold is left out of the
chart (no point, no bar), as it is shown "< 5" in the data table beside it.

The SVG has no script (pygal's configuration script is removed) and refers to nothing
outside itself. The page shows it as ``<img>`` from its own URL with alt text and the data
table beside it (the accessible way, and no inline style in the HTML page: CSP); the PDF
embeds it inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pygal
from pygal.etree import etree
from pygal.style import Style

from samen.common.pdf import FONT_FAMILY
from samen.steering import judgement
from samen.steering.figures import Figure, TrendRow

CASELOAD = "uitkeringseenheden"
INFLOW = "instroom"
OUTFLOW = "uitstroom"
#: The charts a report has: name in the URL -> (title, the KPI codes it plots).
CHARTS = {
    "bestand": ("Uitkeringseenheden aan het eind van elke periode", (CASELOAD,)),
    "in-en-uitstroom": ("Instroom en uitstroom per periode", (INFLOW, OUTFLOW)),
}
#: The chart of the annual figures: name in the URL -> title.
MONTHLY = "bestand-per-maand"
ANNUAL_CHARTS = {MONTHLY: "Uitkeringseenheden aan het eind van elke maand"}
STYLE = Style(
    font_family=FONT_FAMILY.replace('"', ""),
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#000000",
    foreground_strong="#000000",
    foreground_subtle="#595959",
    colors=("#01689b", "#ca005d"),  # Rijkshuisstijl blue and violet: contrast on white
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)


@dataclass(frozen=True)
class Series:
    name: str
    #: (period label, plotted value or None when hidden/no data, the text shown in the table)
    points: list[tuple[str, int | None, str]]


def series(trend: list[TrendRow], codes: tuple[str, ...], threshold: int) -> list[Series]:
    found = []
    for row in trend:
        if row.kpi_code not in codes:
            continue
        points = []
        for cell in row.cells:
            value = cell.figure.value if cell.figure is not None else None
            hidden = judgement.is_small(value, threshold)
            plotted = int(value) if isinstance(value, Decimal) and not hidden else None
            shown = cell.figure.shown().value if cell.figure is not None else "-"
            points.append((cell.period.label, plotted, shown))
        found.append(Series(row.name, points))
    found.sort(key=lambda s: codes.index(_code(trend, s.name)))
    return found


def monthly_series(months: list[Figure], threshold: int) -> list[Series]:
    """The caseload at the end of each month (the annual figures' analysis) as one line."""
    if not months:
        return []
    points = []
    for figure in months:
        value = figure.value
        hidden = judgement.is_small(value, threshold)
        plotted = int(value) if isinstance(value, Decimal) and not hidden else None
        label = figure.name.removeprefix("Uitkeringseenheden eind ")
        points.append((label, plotted, figure.shown().value))
    return [Series("Uitkeringseenheden", points)]


def _short(label: str) -> str:
    """``januari-april 2026`` as ``jan-apr 2026``, so four periods fit under the chart; a
    year stays as it is, ``januari 2026`` becomes ``jan``."""
    months, _space, year = label.partition(" ")
    if not year:
        return label
    if "-" not in months:
        return months[:3]
    first, _dash, last = months.partition("-")
    return f"{first[:3]}-{last[:3]} {year}"


def _code(trend: list[TrendRow], name: str) -> str:
    return next(r.kpi_code for r in trend if r.name == name)


def svg(name: str, trend: list[TrendRow], threshold: int, *, declaration: bool = True) -> str:
    """The chart ``name`` (a key of :data:`CHARTS`) as SVG text; empty when the DVO of the
    period has none of its KPIs."""
    title, codes = CHARTS[name]
    lines = series(trend, codes, threshold)
    return render(title, lines, line=name == "bestand", declaration=declaration)


def render(title: str, lines: list[Series], *, line: bool, declaration: bool = True) -> str:
    """``lines`` as a line chart (``line``) or a bar chart, as SVG text without a script;
    empty without lines."""
    if not lines:
        return ""
    kind = pygal.Line if line else pygal.Bar
    chart = kind(
        js=[],
        style=STYLE,
        width=720,
        height=320,
        title=title,
        show_legend=len(lines) > 1,
        legend_at_bottom=True,
        print_values=True,
        include_x_axis=True,
        min_scale=1,
        max_scale=5,
        disable_xml_declaration=True,
        no_data_text="Geen gegevens",
        truncate_label=-1,
        margin_right=48,
    )
    chart.x_labels = [_short(label) for label, _v, _s in lines[0].points]
    for series_ in lines:
        chart.add(series_.name, [value for _l, value, _s in series_.points])
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).endswith("script"):
                parent.remove(child)
    text = etree.tostring(tree, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text) if declaration else text


def alt_text(name: str, trend: list[TrendRow], threshold: int) -> str:
    """What the chart shows, in words (the alt text of the image)."""
    title, codes = CHARTS[name]
    return describe(title, series(trend, codes, threshold))


def describe(title: str, lines: list[Series]) -> str:
    parts = [
        f"{line.name}: " + ", ".join(f"{label} {shown}" for label, _v, shown in line.points)
        for line in lines
    ]
    return f"{title}. " + "; ".join(parts) + "."
