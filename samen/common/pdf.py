"""PDF rendering with WeasyPrint, one setup for every document the product prints (letters,
steering reports, cost allocations).

Self-contained: the HTML carries its CSS and images (inline SVG), the system fonts come
from Debian (fonts-dejavu-core, fonts-liberation) and the URL fetcher refuses every URL, so
no value in a document can make the server fetch a resource. Tagged PDF (pdf_tags) so the
text is real text, readable by a screen reader and by a text extractor.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, NoReturn

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


class _Printer:
    """What every document needs from WeasyPrint and is the same for all of them: one font
    configuration whose caches (fontconfig's font set, Pango's font map and shaped fonts)
    carry over from document to document, and each stylesheet parsed once. Pango's font map
    is not thread-safe, so documents are laid out one at a time per process; under the GIL
    they would not run in parallel anyway (bench/decision.py)."""

    def __init__(self) -> None:
        # imported here: loading WeasyPrint (Pango, HarfBuzz, fontconfig) is slow and only
        # needed by the processes that print
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        self._css = CSS
        self.html = HTML
        self.fonts = FontConfiguration()
        self.styles: dict[str, Any] = {}
        self.lock = threading.Lock()

    def style(self, css: str) -> Any:
        parsed = self.styles.get(css)
        if parsed is None:
            parsed = self._css(string=css, url_fetcher=refuse_fetch, font_config=self.fonts)
            self.styles[css] = parsed
        return parsed

    def pdf(self, html: str, css: Sequence[str]) -> bytes:
        document = self.html(string=html, base_url=None, url_fetcher=refuse_fetch)
        with self.lock:
            stylesheets = [self.style(text) for text in css]
            pdf = document.write_pdf(stylesheets=stylesheets, font_config=self.fonts, pdf_tags=True)
        assert pdf is not None  # write_pdf returns bytes when no target is given
        return bytes(pdf)


_printer: _Printer | None = None
_printer_lock = threading.Lock()


def _the_printer() -> _Printer:
    global _printer  # noqa: PLW0603 (one per process, made on first use)
    if _printer is None:
        with _printer_lock:
            if _printer is None:
                _printer = _Printer()
    return _printer


def write_pdf(html: str, *, base_css: bool = True, css: Sequence[str] = ()) -> bytes:
    """``html`` as a tagged PDF; ``base_css`` adds :data:`BASE_CSS` (documents that bring a
    house style of their own, such as letters, leave it out and pass it as ``css``, parsed
    once per process)."""
    return _the_printer().pdf(html, [*([BASE_CSS] if base_css else []), *css])


def prepare(css: Sequence[str] = ()) -> None:
    """Load WeasyPrint and its fonts now, and parse ``css``, rather than in the first
    document a process prints (about a second on the two-core machine)."""
    _the_printer().pdf('<html lang="nl"><body><p>Gemeente</p></body></html>', [BASE_CSS, *css])
