"""PDF rendering with WeasyPrint, one setup for every document the product prints (letters,
steering reports, cost allocations).

Self-contained: the HTML carries its CSS and images (inline SVG), the system fonts come
from Debian (fonts-dejavu-core, fonts-liberation) and the URL fetcher refuses every URL, so
no value in a document can make the server fetch a resource. Tagged PDF (pdf_tags) so the
text is real text, readable by a screen reader and by a text extractor.
"""

from __future__ import annotations

from typing import NoReturn

#: The font stack of every printed document (the letters' house style uses the same).
FONT_FAMILY = '"Liberation Sans", "DejaVu Sans", sans-serif'

#: A plain A4 page for documents that are not letters (reports, tables).
BASE_CSS = f"""
@page {{ size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-right {{ content: "pagina " counter(page) " van " counter(pages);
    font-family: {FONT_FAMILY}; font-size: 8pt; }} }}
html {{ font-family: {FONT_FAMILY}; font-size: 9.5pt; line-height: 1.35; color: #000; }}
h1 {{ font-size: 16pt; margin: 0 0 4mm; }}
h2 {{ font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }}
caption {{ text-align: left; font-weight: bold; margin-bottom: 1mm; }}
th, td {{ border-bottom: 0.4pt solid #999; padding: 1mm 1.5mm; text-align: left;
  vertical-align: top; }}
td.num, th.num, .utrecht-table__cell--numeric, .utrecht-table__header-cell--numeric {{
  text-align: right; }}
tr {{ break-inside: avoid; }}
figure {{ margin: 2mm 0 4mm; break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; }}
small, .small {{ font-size: 8pt; }}
"""


def refuse_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise ValueError(f"Een document haalt geen externe bronnen op ({url}).")


def write_pdf(html: str, *, base_css: bool = True) -> bytes:
    """``html`` as a tagged PDF; ``base_css`` adds :data:`BASE_CSS` (documents that bring a
    house style of their own, such as letters, leave it out)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is slow

    document = HTML(string=html, base_url=None, url_fetcher=refuse_fetch)
    stylesheets = [CSS(string=BASE_CSS, url_fetcher=refuse_fetch)] if base_css else []
    pdf = document.write_pdf(stylesheets=stylesheets, pdf_tags=True)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
