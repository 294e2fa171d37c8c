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
* The **body text** is data, edited in the admin. Its placeholder language is a deliberately
  small subset of the Django template language, run by a standalone :class:`Engine` that has
  no tag libraries and no template loaders:

  - ``{{ naam }}`` inserts a value; the names are listed in :data:`PLACEHOLDERS`;
  - ``{{ naam|filter }}`` with only the filters in :data:`ALLOWED_FILTERS`;
  - ``{% if naam %} ... {% elif naam %} ... {% else %} ... {% endif %}`` for optional parts,
    whose conditions may use only placeholders, ``not``, ``and`` and ``or``;
  - ``{# ... #}`` for a remark that is not printed.

  Everything else (``{% load %}``, ``{% include %}``, ``{% extends %}``, ``{% debug %}``,
  attribute access such as ``{{ gemeente.naam }}``, unknown names) is refused by
  :func:`validate_template` with a Dutch message, and :func:`render_html` validates again
  before it renders. The context holds plain strings only.

  The rendered body is plain text: a blank line starts a new paragraph, a line starting with
  ``- `` is a list item and a line starting with ``## `` is a heading. All of it is
  HTML-escaped, so neither a body text nor a value (a name, an address) can inject markup.

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
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, IfNode
from django.utils.html import escape
from django.utils.safestring import mark_safe

from samen.common import pdf
from samen.common.periods import long_date

#: Who executes the decisions, named in the footer and in the closing sentence.
EXECUTOR = "Sociale Zaken Maastricht-Heuvelland"

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

#: Filters a body text may use; all are harmless string transformations.
ALLOWED_FILTERS = frozenset({"default", "lower", "upper", "capfirst"})

_IF_OPERATORS = frozenset({"not", "and", "or"})

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
class Sender:
    """The municipality on whose behalf the letter is sent (its letterhead and contacts)."""

    name: str
    cbs_code: str
    postal_address: tuple[str, ...]
    phone: str
    website: str
    email: str


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


# --- the body-text language -------------------------------------------------------------


@cache
def _body_engine() -> Engine:
    """A standalone engine for untrusted body texts: no tag libraries to ``{% load %}``, no
    loaders to ``{% include %}`` from, and output that is escaped later as a whole."""
    return Engine(
        dirs=[],
        app_dirs=False,
        loaders=[],
        libraries={},
        builtins=[],
        autoescape=False,
        debug=False,
        string_if_invalid="",
    )


@cache
def _house_style_engine() -> Engine:
    """The engine for the trusted house style, which lives in this app's templates folder.
    Standalone too, so rendering a letter does not depend on the project's TEMPLATES."""
    return Engine(dirs=[str(_HOUSE_STYLE_DIR)], app_dirs=False, autoescape=True, debug=False)


def _refuse(message: str) -> NoReturn:
    raise ValidationError(message, code="invalid_letter_template")


def _check_expression(expression: FilterExpression) -> None:
    var = expression.var
    if not isinstance(var, Variable) or var.literal is not None or var.lookups is None:
        _refuse(
            f"In de brieftekst staat {expression.token!r}. Gebruik alleen een veld tussen "
            "{{ en }}, zonder vaste tekst of getallen."
        )
    name = ".".join(var.lookups)
    if len(var.lookups) != 1 or name not in PLACEHOLDERS:
        _refuse(
            f"Het veld {{{{ {name} }}}} bestaat niet. "
            f"U kunt deze velden gebruiken: {', '.join(sorted(PLACEHOLDERS))}."
        )
    for func, args in expression.filters:
        filter_name = getattr(func, "_filter_name", func.__name__)
        if filter_name not in ALLOWED_FILTERS:
            _refuse(
                f"Het filter |{filter_name} is niet toegestaan in een brieftekst. "
                f"Toegestaan zijn: {', '.join(sorted(ALLOWED_FILTERS))}."
            )
        for is_lookup, argument in args:
            if is_lookup and (
                len(argument.lookups) != 1 or argument.lookups[0] not in PLACEHOLDERS
            ):
                _refuse(
                    f"Het veld {argument.var!r} achter |{filter_name} bestaat niet of is niet "
                    "toegestaan. Gebruik een veld uit de lijst of vaste tekst tussen "
                    "aanhalingstekens."
                )


def _condition_expressions(condition: Any) -> Iterator[FilterExpression]:
    """The variables in an ``{% if %}`` condition (a tree of smartif operators)."""
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
        return
    if getattr(condition, "id", None) not in _IF_OPERATORS:
        _refuse(
            "In een {% if %} mag u alleen velden gebruiken, eventueel met not, and of or. "
            f"Dit kan niet: {condition.id!r}."
        )
    for part in (condition.first, condition.second):
        yield from _condition_expressions(part)


def validate_template(text: str) -> None:
    """Refuse a body text that does not parse or that uses anything beyond placeholders,
    simple filters and ``{% if %}``. Raises :class:`ValidationError` with a Dutch message that
    functional management can act on; returns ``None`` if the text can be used."""
    try:
        template = _body_engine().from_string(text)
    except TemplateSyntaxError as error:
        _refuse(
            f"De brieftekst bevat een fout in de {{{{ }}}}- of {{% %}}-codes: {error}. "
            "Gebruik alleen velden zoals {{ naam }} en {% if ... %} ... {% endif %}."
        )
    for node in template.nodelist.get_nodes_by_type(Node):
        if isinstance(node, TextNode | CommentNode):
            continue
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                for expression in _condition_expressions(condition):
                    _check_expression(expression)
        else:
            token = getattr(node, "token", None)
            shown = token.contents.split()[0] if token is not None else type(node).__name__
            _refuse(
                f"De code {{% {shown} %}} is niet toegestaan in een brieftekst. "
                "Alleen {% if %}, {% elif %}, {% else %} en {% endif %} mogen."
            )


_LIST_ITEM = re.compile(r"^\s*[-*]\s+")
_HEADING = re.compile(r"^\s*##\s+")


def _text_to_html(text: str) -> str:
    """Plain text to escaped HTML: paragraphs, ``- `` lists and ``## `` headings."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and _HEADING.match(lines[0]):
            blocks.append(f"<h2>{escape(_HEADING.sub('', lines[0]))}</h2>")
            lines = lines[1:]
        # consecutive list items form one list; other consecutive lines form one paragraph
        for is_item, group in groupby(lines, key=lambda line: bool(_LIST_ITEM.match(line))):
            if is_item:
                items = "".join(f"<li>{escape(_LIST_ITEM.sub('', line))}</li>" for line in group)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append("<p>" + "<br>".join(escape(line) for line in group) + "</p>")
    return "\n".join(blocks)


def unguarded_placeholders(body_template: str) -> list[str]:
    """The placeholders a body text prints outside any ``{% if %}`` and without ``|default``:
    those are always in the letter, so they must never be empty."""
    template = _body_engine().from_string(body_template)
    names = []
    for node in template.nodelist:
        if isinstance(node, VariableNode):
            expression = node.filter_expression
            var = expression.var
            has_default = any(
                getattr(func, "_filter_name", func.__name__) == "default"
                for func, _args in expression.filters
            )
            if isinstance(var, Variable) and var.lookups and not has_default:
                names.append(var.lookups[0])
    return list(dict.fromkeys(names))


def render_body(data: LetterData, body_template: str) -> str:
    """The body text filled in and converted to escaped HTML. A placeholder that the text
    always prints but that is empty for this letter refuses the letter ("mail naar ." must
    never reach a client): either the data is completed or the text puts that part between
    ``{% if naam %}`` and ``{% endif %}``."""
    validate_template(body_template)
    values = data.placeholders()
    empty = [name for name in unguarded_placeholders(body_template) if not values[name].strip()]
    if empty:
        shown = ", ".join(f"{{{{ {name} }}}} ({PLACEHOLDERS[name]})" for name in empty)
        _refuse(
            f"De brief kan niet worden gemaakt: in de brieftekst blijft {shown} leeg. Vul het "
            "gegeven aan, of zet dat stuk tekst tussen {% if ... %} en {% endif %}."
        )
    text = (
        _body_engine()
        .from_string(body_template)
        .render(Context(values, autoescape=False))  # escaped once, by _text_to_html
    )
    return _text_to_html(text)


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
