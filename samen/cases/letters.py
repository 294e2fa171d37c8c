"""Letters (beschikkingen) rendered to HTML and PDF.

Pure: no ORM. A service loads the case, the municipality and the signing official, fills in a
:class:`LetterData` and calls :func:`render_pdf` with the body text that functional management
keeps per municipality and outcome (or :func:`default_template`).

Two layers, two levels of trust:

* The **house style** (``templates/cases/letters/base.html`` and ``letter.css``) is code. It
  holds the letterhead with the client's own municipality, the address block, the decision
  summary with the legal basis, the motivation, the amounts, the fixed objection paragraph
  (Awb 6:4, 6:5, 6:7, 6:8), the signature under mandate and the footer saying that Sociale
  Zaken Maastricht-Heuvelland executes it. Nothing a body text does can remove those parts.
* The **body text** is data, edited in the admin, in the safe placeholder language of
  :mod:`samen.common.letter_text` (shared with the informational letters of
  :mod:`samen.correspondence`): ``{{ naam }}`` with the names in :data:`PLACEHOLDERS`, a few
  filters, ``{% if %}``; everything else is refused by :func:`validate_template` with a Dutch
  message, and :func:`render_html` validates again before it renders. The rendered body is
  escaped plain text (paragraphs, ``- `` lists, ``## `` headings).

WeasyPrint renders without fetching anything: the letter is self-contained (the house
style's CSS, system fonts) and the URL fetcher refuses every URL, so a value cannot make the
server fetch a remote resource. The CSS is parsed once per process and the font
configuration (fontconfig, Pango's font map) is kept, rather than both being built again for
every letter; :func:`prepare` does that ahead of the first letter (gunicorn calls it when a
worker starts).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from samen.common import letter_text, pdf

# re-exported: the beschikking's callers and tests name them here
from samen.common.letter_text import ALLOWED_FILTERS as ALLOWED_FILTERS
from samen.common.letter_text import EXECUTOR as EXECUTOR
from samen.common.letter_text import Sender as Sender
from samen.common.periods import long_date

#: Outcome key -> Dutch label. The key names the default body text in ``data/letter_templates``.
OUTCOMES: Mapping[str, str] = {
    "toegekend": "Toegekend",
    "afgewezen": "Afgewezen",
    "buiten_behandeling": "Buiten behandeling gesteld",
    "ingetrokken": "Ingetrokken",
}

#: The placeholders a body text may use, with what they mean (shown to functional management).
PLACEHOLDERS: Mapping[str, str] = {
    "naam": "naam van de klant",
    "gemeente": "naam van de gemeente, bijvoorbeeld Vaals",
    "college": "het college van burgemeester en wethouders van de gemeente",
    "zaaknummer": "ons zaaknummer",
    "datum": "datum van de brief, bijvoorbeeld 3 maart 2026",
    "onderwerp": "onderwerp van de brief",
    "besluit": "soort besluit, bijvoorbeeld besluit op aanvraag algemene bijstand",
    "aanvraag": "wat de klant heeft aangevraagd, bijvoorbeeld algemene bijstand",
    "bedrag_per_maand": (
        "wat wij per maand betalen, bijvoorbeeld € 1.234,56 (leeg als het besluit geen bedrag "
        "per maand geeft)"
    ),
    "uitkomst": "uitkomst in kleine letters, bijvoorbeeld toegekend",
    "besluitdatum": "datum van het besluit",
    "ingangsdatum": "datum waarop het besluit ingaat (kan leeg zijn)",
    "grondslag": "wettelijke grondslag, bijvoorbeeld artikel 11 Participatiewet",
    "motivering": "de motivering, alinea's gescheiden door een witregel",
    "bezwaartermijn": "de bezwaartermijn in woorden, bijvoorbeeld zes weken",
    "telefoon": "telefoonnummer van de gemeente",
    "website": "website van de gemeente",
    "email": "e-mailadres van de gemeente",
    "ondertekenaar": "naam van de medewerker die ondertekent",
    "functie": "functie van de medewerker die ondertekent",
}

_HERE = Path(__file__).resolve().parent
_DEFAULT_TEMPLATES = _HERE / "data" / "letter_templates"
_HOUSE_STYLE_DIR = _HERE / "templates"
_BASE_TEMPLATE = "cases/letters/base.html"
_HOUSE_STYLE_CSS = _HOUSE_STYLE_DIR / "cases" / "letters" / "letter.css"

_NUMBERS_NL = (
    *("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"),
    *("elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien"),
    *("negentien", "twintig"),
)


@dataclass(frozen=True)
class AmountLine:
    """One line in the amounts table, for example the monthly norm or the amount to repay."""

    description: str
    amount: Decimal
    period: str = ""


@dataclass(frozen=True)
class LetterData:
    """Everything a beschikking shows. Plain data: the caller resolves the case, the
    municipality, the mandate and the official; this module only renders."""

    sender: Sender
    client_name: str
    client_address: tuple[str, ...]
    case_reference: str
    letter_date: dt.date
    subject: str
    decision_type: str
    outcome: str
    decision_date: dt.date
    legal_basis: str
    reasoning: tuple[str, ...]
    official_name: str
    official_function: str
    college: str
    mandate_note: str
    objection_address: tuple[str, ...]
    objection_weeks: int = 6
    #: "bezwaar" (Awb 7:1) or, against a beslissing op bezwaar, "beroep" at ``court`` (8:1)
    remedy: str = "bezwaar"
    court: tuple[str, ...] = ()
    effective_date: dt.date | None = None
    amounts: tuple[AmountLine, ...] = field(default_factory=tuple)
    #: what the client asked for, in a sentence: "algemene bijstand"
    requested: str = ""
    #: what is paid per month, for a decision that grants a benefit
    monthly_amount: Decimal | None = None

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(
                f"Onbekende uitkomst {self.outcome!r}; kies uit {', '.join(OUTCOMES)}."
            )
        if self.objection_weeks < 1:
            raise ValueError("De bezwaartermijn moet minstens één week zijn.")
        if self.remedy not in ("bezwaar", "beroep"):
            raise ValueError(f"Onbekend rechtsmiddel {self.remedy!r}; kies bezwaar of beroep.")
        if self.remedy == "beroep" and not self.court:
            raise ValueError("Voor beroep moet de brief de rechtbank en haar adres noemen.")

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome]

    @property
    def objection_term(self) -> str:
        """The objection term in words, as letters write it: "zes weken"."""
        weeks = self.objection_weeks
        number = _NUMBERS_NL[weeks] if weeks < len(_NUMBERS_NL) else str(weeks)
        if weeks == 1:
            return "één week"
        return f"{number} weken"

    def placeholders(self) -> dict[str, str]:
        """The values a body text can use; every key is in :data:`PLACEHOLDERS`."""
        return {
            "naam": self.client_name,
            "gemeente": self.sender.name,
            "college": self.college,
            "zaaknummer": self.case_reference,
            "datum": long_date(self.letter_date),
            "onderwerp": self.subject,
            "besluit": self.decision_type,
            "aanvraag": self.requested,
            "bedrag_per_maand": (
                format_amount(self.monthly_amount) if self.monthly_amount is not None else ""
            ),
            "uitkomst": self.outcome_label.lower(),
            "besluitdatum": long_date(self.decision_date),
            "ingangsdatum": long_date(self.effective_date) if self.effective_date else "",
            "grondslag": self.legal_basis,
            "motivering": "\n\n".join(self.reasoning),
            "bezwaartermijn": self.objection_term,
            "telefoon": self.sender.phone,
            "website": self.sender.website,
            "email": self.sender.email,
            "ondertekenaar": self.official_name,
            "functie": self.official_function,
        }


# --- the body-text language (samen.common.letter_text) -----------------------------------


@cache
def _house_style_engine() -> Engine:
    """The engine for the trusted house style, which lives in this app's templates folder.
    Standalone too, so rendering a letter does not depend on the project's TEMPLATES."""
    return Engine(dirs=[str(_HOUSE_STYLE_DIR)], app_dirs=False, autoescape=True, debug=False)


_refuse = letter_text.refuse


def validate_template(text: str) -> None:
    """Refuse a body text that does not parse or that uses anything beyond the placeholders
    of a beschikking, simple filters and ``{% if %}``. Raises :class:`ValidationError` with
    a Dutch message that functional management can act on; returns ``None`` if the text can
    be used."""
    letter_text.validate(text, PLACEHOLDERS)


unguarded_placeholders = letter_text.unguarded_placeholders


def render_body(data: LetterData, body_template: str) -> str:
    """The body text filled in and converted to escaped HTML; an always-printed placeholder
    that is empty for this letter refuses the letter (:func:`letter_text.render`)."""
    return letter_text.render(body_template, data.placeholders(), PLACEHOLDERS)


def missing_house_style_fields(data: LetterData) -> list[str]:
    """What the house style always prints and this letter lacks (Dutch names)."""
    required = {
        "de naam van de gemeente": data.sender.name,
        "een telefoonnummer, website of e-mailadres van de gemeente": (
            data.sender.phone + data.sender.website + data.sender.email
        ),
        "de naam van de klant": data.client_name,
        "het zaaknummer": data.case_reference,
        "de wettelijke grondslag": data.legal_basis,
        "de naam van wie ondertekent": data.official_name,
        "het college": data.college,
    }
    return [name for name, value in required.items() if not value.strip()]


# --- default texts ----------------------------------------------------------------------


def default_template(outcome: str) -> str:
    """The default body text for an outcome (plain Dutch, B1), from ``data/letter_templates``.
    Functional management starts from this text when it sets a municipality's own text."""
    if outcome not in OUTCOMES:
        raise ValueError(f"Onbekende uitkomst {outcome!r}; kies uit {', '.join(OUTCOMES)}.")
    return (_DEFAULT_TEMPLATES / f"{outcome}.md").read_text(encoding="utf-8")


# --- rendering --------------------------------------------------------------------------


def format_amount(amount: Decimal) -> str:
    """An amount as Dutch letters write it: € 1.234,56."""
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, cents = f"{abs(rounded):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}€ {groups},{cents}"


def render_html(data: LetterData, body_template: str) -> str:
    """The complete letter as one self-contained HTML document (inline CSS, no URLs)."""
    return _document(data, body_template, inline_style=True)


def _document(data: LetterData, body_template: str, *, inline_style: bool) -> str:
    """The letter's HTML, with the house style's CSS inline or (for the PDF, which gets the
    parsed stylesheet) without it."""
    missing = missing_house_style_fields(data)
    if missing:
        _refuse(
            "De brief kan niet worden gemaakt: " + ", ".join(missing) + " ontbreekt. "
            "Functioneel beheer vult dat aan (bij de gemeente of de medewerker)."
        )
    context = {
        "letter": data,
        "sender": data.sender,
        "executor": EXECUTOR,
        "body": mark_safe(render_body(data, body_template)),  # noqa: S308 - escaped line by line
        "letter_date": long_date(data.letter_date),
        "decision_date": long_date(data.decision_date),
        "effective_date": long_date(data.effective_date) if data.effective_date else "",
        "amounts": [
            {"description": a.description, "amount": format_amount(a.amount), "period": a.period}
            for a in data.amounts
        ],
        "title": f"{data.subject} - {data.case_reference}",
        "author": f"Gemeente {data.sender.name}",
        "inline_style": inline_style,
    }
    template = _house_style_engine().get_template(_BASE_TEMPLATE)
    return template.render(Context(context))


_refuse_fetch = pdf.refuse_fetch  # the one fetcher, which refuses every URL


@functools.lru_cache(maxsize=1)
def _house_style() -> str:
    return _HOUSE_STYLE_CSS.read_text(encoding="utf-8")


def prepare() -> None:
    """Load WeasyPrint, parse the house style and load its fonts now rather than in the
    first decision a process takes (gunicorn calls it when a worker starts)."""
    pdf.prepare([_house_style()])


def render_pdf(data: LetterData, body_template: str) -> bytes:
    """The letter as PDF (A4, real text, title, author and language nl in the metadata),
    with the product's one WeasyPrint setup (:mod:`samen.common.pdf`) and the letter's
    own house style, parsed once per process."""
    return pdf.write_pdf(
        _document(data, body_template, inline_style=False),
        base_css=False,
        css=[_house_style()],
    )
