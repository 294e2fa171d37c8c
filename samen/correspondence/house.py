"""The house style of informational letters (not decisions), rendered to HTML and PDF.

Pure: no ORM. :mod:`samen.correspondence.services` loads the municipality, the recipient and
the signing official, fills in an :class:`InfoLetter` and calls :func:`render_pdf` with the
body text functional management keeps per kind of letter and municipality (or
:func:`default_body`).

Two layers, two levels of trust, as for the beschikkingen of :mod:`samen.cases.letters`:

* The **house style** (``templates/correspondence/letter.html`` and ``letter.css``) is code:
  the letterhead with the client's own municipality, the address block (or, for an internal
  letter, the official it is addressed to), the reference table with the subject, the body,
  the key facts of the step, the signature "namens het college" and the footer saying that
  Sociale Zaken Maastricht-Heuvelland executes it. It has no objection paragraph: these
  letters are no decisions (Awb 1:3), so no bezwaar is open against them.
* The **body text** is data in the safe language of :mod:`samen.common.letter_text`, with
  the placeholders every letter has (:data:`COMMON_PLACEHOLDERS`) plus the kind's own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from samen.common import letter_text, pdf
from samen.common.letter_text import EXECUTOR, Sender
from samen.common.periods import long_date

#: The placeholders every informational letter's body text may use.
COMMON_PLACEHOLDERS: Mapping[str, str] = {
    "naam": "naam van de geadresseerde",
    "gemeente": "naam van de gemeente, bijvoorbeeld Vaals",
    "college": "het college van burgemeester en wethouders van de gemeente",
    "kenmerk": "ons kenmerk (zaaknummer of klachtnummer)",
    "datum": "datum van de brief, bijvoorbeeld 3 maart 2026",
    "onderwerp": "onderwerp van de brief",
    "telefoon": "telefoonnummer van de gemeente",
    "website": "website van de gemeente",
    "email": "e-mailadres van de gemeente",
    "ondertekenaar": "naam van de medewerker die ondertekent",
    "functie": "functie van de medewerker die ondertekent",
}

_HERE = Path(__file__).resolve().parent
_DEFAULT_BODIES = _HERE / "data" / "body_templates"
_HOUSE_STYLE_DIR = _HERE / "templates"
_BASE_TEMPLATE = "correspondence/letter.html"
_HOUSE_STYLE_CSS = _HOUSE_STYLE_DIR / "correspondence" / "letter.css"


def placeholders(own: Mapping[str, str]) -> dict[str, str]:
    """The placeholders of a kind of letter: the common ones and the kind's ``own``."""
    return {**COMMON_PLACEHOLDERS, **own}


def validate_body(text: str, own: Mapping[str, str]) -> None:
    """Refuse a body text that uses anything beyond the kind's placeholders, simple filters
    and ``{% if %}``, with a Dutch message (:func:`samen.common.letter_text.validate`)."""
    letter_text.validate(text, placeholders(own))


def default_body(code: str) -> str:
    """The default body text of a kind of letter, from ``data/body_templates/<code>.md``."""
    path = _DEFAULT_BODIES / f"{code}.md"
    if not code.replace("-", "").isalnum() or not path.is_file():
        raise ValueError(f"Er is geen standaardtekst voor de briefsoort {code!r}.")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class InfoLetter:
    """Everything an informational letter shows. Plain data: the caller resolves the
    municipality, the recipient and the official; this module only renders."""

    sender: Sender
    recipient_name: str
    recipient_address: tuple[str, ...]
    reference: str
    letter_date: dt.date
    subject: str
    college: str
    official_name: str
    official_function: str
    #: the values of the kind's own placeholders
    facts: Mapping[str, str] = field(default_factory=dict)
    #: the key facts of the step, shown in a table under the body whatever the text says
    summary: tuple[tuple[str, str], ...] = ()
    legal_basis: str = ""
    internal: bool = False

    def values(self) -> dict[str, str]:
        return {
            "naam": self.recipient_name,
            "gemeente": self.sender.name,
            "college": self.college,
            "kenmerk": self.reference,
            "datum": long_date(self.letter_date),
            "onderwerp": self.subject,
            "telefoon": self.sender.phone,
            "website": self.sender.website,
            "email": self.sender.email,
            "ondertekenaar": self.official_name,
            "functie": self.official_function,
            **self.facts,
        }


def missing_house_style_fields(letter: InfoLetter) -> list[str]:
    """What the house style always prints and this letter lacks (Dutch names)."""
    required = {
        "de naam van de gemeente": letter.sender.name,
        "een telefoonnummer, website of e-mailadres van de gemeente": (
            letter.sender.phone + letter.sender.website + letter.sender.email
        ),
        "de naam van de geadresseerde": letter.recipient_name,
        "het kenmerk": letter.reference,
        "de naam van wie ondertekent": letter.official_name,
        "het college": letter.college,
    }
    return [name for name, value in required.items() if not value.strip()]


@cache
def _house_style_engine() -> Engine:
    return Engine(dirs=[str(_HOUSE_STYLE_DIR)], app_dirs=False, autoescape=True, debug=False)


@functools.lru_cache(maxsize=1)
def _house_style() -> str:
    return _HOUSE_STYLE_CSS.read_text(encoding="utf-8")


def _document(letter: InfoLetter, body: str, own: Mapping[str, str], *, inline: bool) -> str:
    missing = missing_house_style_fields(letter)
    if missing:
        letter_text.refuse(
            "De brief kan niet worden gemaakt: " + ", ".join(missing) + " ontbreekt. "
            "Functioneel beheer vult dat aan (bij de gemeente of de medewerker)."
        )
    unknown = set(letter.facts) - set(own)
    if unknown:
        raise ValueError(f"Onbekende velden voor deze briefsoort: {', '.join(sorted(unknown))}.")
    html_body = letter_text.render(body, letter.values(), placeholders(own))
    context = {
        "letter": letter,
        "sender": letter.sender,
        "executor": EXECUTOR,
        "body": mark_safe(html_body),  # noqa: S308 - escaped line by line by letter_text
        "letter_date": long_date(letter.letter_date),
        "title": f"{letter.subject} - {letter.reference}",
        "author": f"Gemeente {letter.sender.name}",
        "inline_style": inline,
        "style": mark_safe(_house_style()) if inline else "",  # noqa: S308 - our own CSS
    }
    return _house_style_engine().get_template(_BASE_TEMPLATE).render(Context(context))


def render_html(letter: InfoLetter, body: str, own: Mapping[str, str]) -> str:
    """The complete letter as one self-contained HTML document (inline CSS, no URLs)."""
    return _document(letter, body, own, inline=True)


def render_pdf(letter: InfoLetter, body: str, own: Mapping[str, str]) -> bytes:
    """The letter as a tagged PDF with the product's one WeasyPrint setup
    (:mod:`samen.common.pdf`) and this house style, parsed once per process."""
    return pdf.write_pdf(
        _document(letter, body, own, inline=False), base_css=False, css=[_house_style()]
    )
