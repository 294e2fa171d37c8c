"""The one place where codes, ids, page numbers and free text from outside are parsed.

Every value a client or a form sends passes through one of these functions before it reaches
a query: the API's fields (:mod:`samen.api.fields`), the screens' forms and the query strings
of both. Each refuses what would make a database or a letter fail later (a NUL byte, a
control character, a number beyond a 64-bit column, a code of the wrong shape) with a
:class:`InputError` whose message is Dutch and says what is wrong, so the caller can name the
field. Nothing here touches the database: whether a well-formed code exists is the caller's
question.
"""

from __future__ import annotations

import re
import unicodedata

# The largest value of a PostgreSQL bigint (and of SQLite's integers): ids, sequence numbers.
MAX_ID = 2**63 - 1
# Versions for optimistic locking are PositiveIntegerFields (a 32-bit column on PostgreSQL).
MAX_VERSION = 2**31 - 1
# Pages beyond this are refused before anyone multiplies them by a page size.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500

CBS_CODE = re.compile(r"GM\d{4}")
# Domain, case type, decision type and other reference codes: lower case, digits, hyphens.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?")
BSN = re.compile(r"\d{9}")
MAX_SLUG = 60

# Line breaks and tabs are allowed in multi-line text only; every other control character
# (category Cc), a lone surrogate (Cs) and the Unicode "noncharacters" are refused.
_LINE_BREAKS = {"\n", "\r", "\t"}


class InputError(ValueError):
    """A value from outside that cannot be used; ``str()`` is a Dutch sentence."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


_INTEGER = re.compile(r"[+-]?[0-9]+")


def parse_int(raw: object, *, minimum: int, maximum: int, what: str = "Dit getal") -> int:
    """A whole number from text or JSON within [minimum, maximum]; text that is not a whole
    number, or has more digits than any allowed value, is refused before it is converted."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        text = raw.strip()
        if len(text.lstrip("+-").lstrip("0")) > len(str(max(abs(minimum), abs(maximum)))):
            value = minimum - 1 if text.startswith("-") else maximum + 1  # out of range
        else:
            value = int(text)
    else:
        raise InputError(f"{what} moet een geheel getal zijn.", "invalid")
    if value < minimum:
        raise InputError(f"{what} moet ten minste {minimum} zijn.", "min_value")
    if value > maximum:
        raise InputError(f"{what} is te groot: hoogstens {maximum}.", "max_value")
    return value


def parse_id(raw: object, *, what: str = "Het id") -> int:
    """An object id (a positive bigint)."""
    return parse_int(raw, minimum=1, maximum=MAX_ID, what=what)


def parse_page(raw: object) -> int:
    return parse_int(raw, minimum=1, maximum=MAX_PAGE, what="Het paginanummer")


def parse_page_size(raw: object) -> int:
    return parse_int(raw, minimum=1, maximum=MAX_PAGE_SIZE, what="Het aantal per pagina")


def check_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """Free text as it may be stored and printed: at most ``max_length`` characters, no NUL
    or other control characters (line breaks only where ``multiline``), no lone surrogates."""
    if len(value) > max_length:
        raise InputError(
            f"Deze tekst is te lang: hoogstens {max_length} tekens, nu {len(value)}.",
            "max_length",
        )
    for position, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in _LINE_BREAKS):
            where = "een regelovergang" if char in _LINE_BREAKS else "een stuurteken"
            raise InputError(
                f"Deze tekst bevat {where} (teken {position}); dat kan hier niet.",
                "control_character",
            )
        if category == "Cs" or (0xFDD0 <= ord(char) <= 0xFDEF) or (ord(char) & 0xFFFE) == 0xFFFE:
            raise InputError(
                f"Deze tekst bevat een ongeldig teken (teken {position}).", "invalid_character"
            )
    return value


def _code_text(raw: object, *, max_length: int, what: str) -> str:
    if not isinstance(raw, str):
        raise InputError(f"{what} moet een tekst zijn.", "invalid")
    text = raw.strip()
    if not text:
        raise InputError(f"Geef {what.lower()}.", "blank")
    if len(text) > max_length:
        raise InputError(f"{what} is te lang: hoogstens {max_length} tekens.", "max_length")
    return text


def parse_cbs_code(raw: object) -> str:
    """A CBS municipality code, any case: ``gm0935`` -> ``GM0935``."""
    text = _code_text(raw, max_length=6, what="De CBS-gemeentecode").upper()
    if not CBS_CODE.fullmatch(text):
        raise InputError(
            "Ongeldige CBS-gemeentecode: gebruik GM en vier cijfers, bijvoorbeeld GM0935.",
            "invalid",
        )
    return text


def parse_slug(raw: object, *, what: str = "De code") -> str:
    """A reference code (domain, case type, decision type ...), any case."""
    text = _code_text(raw, max_length=MAX_SLUG, what=what).lower()
    if not SLUG.fullmatch(text):
        raise InputError(
            f"{what} bestaat uit kleine letters, cijfers en streepjes, bijvoorbeeld "
            "participatiewet.",
            "invalid",
        )
    return text


def parse_bsn_shape(raw: object) -> str:
    """Nine digits (the elfproef is :func:`samen.common.validators.validate_bsn`)."""
    text = _code_text(raw, max_length=9, what="Het BSN")
    if not BSN.fullmatch(text):
        raise InputError("Een BSN bestaat uit negen cijfers.", "invalid")
    return text


EMPLOYEE_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def parse_employee_number(raw: object) -> str:
    """A staff number (personeelsnummer): letters, digits, dots, hyphens; at most 20."""
    text = _code_text(raw, max_length=20, what="Het personeelsnummer")
    if not EMPLOYEE_NUMBER.fullmatch(text):
        raise InputError(
            "Een personeelsnummer bestaat uit letters en cijfers, bijvoorbeeld D0001.", "invalid"
        )
    return text


USERNAME = re.compile(r"[\w.@+-]+")


def parse_username(raw: object) -> str:
    """A login name (Django's rule: letters, digits and ``@ . + - _``); at most 150."""
    text = _code_text(raw, max_length=150, what="De gebruikersnaam")
    if not USERNAME.fullmatch(text):
        raise InputError(
            "Een gebruikersnaam bestaat uit letters, cijfers en @ . + - _, zonder spaties.",
            "invalid",
        )
    return text
