"""The Inlichtingenbureau's samenloop products as samen reads them (pure, no ORM).

The national file format is not public, so samen defines one import format per product
(documented in ``docs/enforcement.md``): a CSV file, UTF-8, separator ``;``, a header row
with exactly the product's columns in order, then one signal per line. Each product has a
parser that turns a line into one :class:`ParsedSignal`; that dataclass is all the import
service sees, so a real feed (the IB's own files or an API) replaces only this module's
parsers. Every field is parsed here and nowhere else.

A file is read whole or not at all: the first malformed line raises :class:`FileRefused`
with its line number (the header is line 1) and a Dutch message naming the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from stdnum.nl import bsn as bsn_number

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT = 100
MAX_AMOUNT = Decimal("99999999.99")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2099, 12, 31)


class Product(StrEnum):
    DETENTIE = "detentie"
    ANDERE_GEMEENTE = "uitkering-andere-gemeente"
    KOSTENDELERS = "kostendelers"
    INKOMSTENVERHOUDING = "start-inkomstenverhouding"
    STUDIEFINANCIERING = "studiefinanciering"
    VOERTUIGEN = "voertuigen"
    VERMOGEN = "vermogen"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Product.DETENTIE: "Detentie",
    Product.ANDERE_GEMEENTE: "Uitkering andere gemeente",
    Product.KOSTENDELERS: "Kostendelers (meer volwassenen op het adres)",
    Product.INKOMSTENVERHOUDING: "Start inkomstenverhouding",
    Product.STUDIEFINANCIERING: "Studiefinanciering",
    Product.VOERTUIGEN: "Voertuigen",
    Product.VERMOGEN: "Vermogen (saldo bankrekening)",
}


class FileRefused(Exception):
    """The file cannot be read; nothing of it is imported."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.message = message
        super().__init__(f"Regel {line}: {message}" if line is not None else message)


@dataclass(frozen=True)
class ParsedSignal:
    """One signal, whatever product or feed it came from."""

    product: Product
    line: int
    bsn: str
    period_from: dt.date
    period_until: dt.date | None
    #: the product's own fields, as text (amounts as "123.45"), for the screen and the API
    details: dict[str, str] = field(default_factory=dict)
    #: what makes this signal the same one when it is delivered again
    key: str = ""

    @property
    def natural_key(self) -> str:
        return f"{self.product}|{self.bsn}|{self.period_from.isoformat()}|{self.key}"


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------
class FieldError(ValueError):
    pass


def _bsn(raw: str) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[0-9]{9}", value) or not bsn_number.is_valid(value):
        raise FieldError("bsn is geen geldig burgerservicenummer (negen cijfers en de elfproef).")
    return value


def _date(raw: str, column: str, *, required: bool = True) -> dt.date | None:
    value = raw.strip()
    if not value:
        if required:
            raise FieldError(f"{column} ontbreekt.")
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise FieldError(f"{column} is geen datum in de vorm JJJJ-MM-DD: {value[:20]!r}.")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{column} bestaat niet als datum: {value}.") from None
    if not EARLIEST <= day <= LATEST:
        raise FieldError(f"{column} ligt niet tussen 1990 en 2099: {value}.")
    return day


def _text(raw: str, column: str, *, max_length: int = MAX_TEXT, pattern: str = "") -> str:
    value = raw.strip()
    if not value:
        raise FieldError(f"{column} ontbreekt.")
    if len(value) > max_length:
        raise FieldError(f"{column} is te lang: ten hoogste {max_length} tekens.")
    if any(ord(c) < 32 for c in value):
        raise FieldError(f"{column} bevat een stuurteken.")
    if pattern and not re.fullmatch(pattern, value):
        raise FieldError(f"{column} heeft niet de juiste vorm: {value[:20]!r}.")
    return value


def _amount(raw: str, column: str, *, negative: bool = False) -> str:
    value = raw.strip()
    if not re.fullmatch(r"-?[0-9]{1,8}(\.[0-9]{1,2})?", value):
        raise FieldError(f"{column} is geen bedrag in euro met een punt (bijvoorbeeld 1234.56).")
    amount = Decimal(value)
    if amount < 0 and not negative:
        raise FieldError(f"{column} mag niet negatief zijn.")
    if abs(amount) > MAX_AMOUNT:  # pragma: no cover - the pattern keeps it within range
        raise FieldError(f"{column} is te groot.")
    try:
        return str(amount.quantize(Decimal("0.01")))
    except InvalidOperation:  # pragma: no cover
        raise FieldError(f"{column} is geen bedrag.") from None


def _count(raw: str, column: str, minimum: int, maximum: int) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[0-9]{1,3}", value) or not minimum <= int(value) <= maximum:
        raise FieldError(f"{column} is geen geheel getal van {minimum} tot en met {maximum}.")
    return str(int(value))


# --------------------------------------------------------------------------------------------
# Products: columns after bsn;begindatum;einddatum, and the parser of those columns
# --------------------------------------------------------------------------------------------
Parser = Callable[[dict[str, str]], tuple[dict[str, str], str]]


def _detentie(row: dict[str, str]) -> tuple[dict[str, str], str]:
    details = {"inrichting": _text(row["inrichting"], "inrichting")}
    return details, details["inrichting"].lower()


def _andere_gemeente(row: dict[str, str]) -> tuple[dict[str, str], str]:
    code = _text(row["gemeentecode"], "gemeentecode", max_length=6, pattern=r"GM[0-9]{4}")
    return {"gemeentecode": code}, code


def _kostendelers(row: dict[str, str]) -> tuple[dict[str, str], str]:
    postcode = _text(row["postcode"], "postcode", max_length=6, pattern=r"[1-9][0-9]{3}[A-Z]{2}")
    number = _text(row["huisnummer"], "huisnummer", max_length=10, pattern=r"[0-9]{1,5}[A-Za-z]?")
    adults = _count(row["aantal_volwassenen"], "aantal_volwassenen", 2, 99)
    details = {"postcode": postcode, "huisnummer": number, "aantal_volwassenen": adults}
    return details, f"{postcode}{number}"


def _inkomstenverhouding(row: dict[str, str]) -> tuple[dict[str, str], str]:
    number = _text(
        row["loonheffingennummer"],
        "loonheffingennummer",
        max_length=12,
        pattern=r"[0-9]{9}L[0-9]{2}",
    )
    details = {"loonheffingennummer": number, "werkgever": _text(row["werkgever"], "werkgever")}
    return details, number


def _studiefinanciering(row: dict[str, str]) -> tuple[dict[str, str], str]:
    kind = _text(row["soort"], "soort", max_length=20, pattern=r"wsf|wtos|tegemoetkoming")
    return {"soort": kind, "bedrag_per_maand": _amount(row["bedrag_per_maand"], "bedrag")}, kind


def _voertuigen(row: dict[str, str]) -> tuple[dict[str, str], str]:
    plate = _text(row["kenteken"], "kenteken", max_length=8, pattern=r"[A-Z0-9]{6}")
    return {"kenteken": plate, "merk": _text(row["merk"], "merk", max_length=40)}, plate


def _vermogen(row: dict[str, str]) -> tuple[dict[str, str], str]:
    account = _text(
        row["rekening"], "rekening", max_length=34, pattern=r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}"
    )
    return {"rekening": account, "saldo": _amount(row["saldo"], "saldo", negative=True)}, account


@dataclass(frozen=True)
class Format:
    product: Product
    columns: tuple[str, ...]
    parse: Parser
    #: a balance is a snapshot on one day: einddatum must be empty or equal to begindatum
    one_day: bool = False


COMMON = ("bsn", "begindatum", "einddatum")
FORMATS: dict[Product, Format] = {
    f.product: f
    for f in (
        Format(Product.DETENTIE, (*COMMON, "inrichting"), _detentie),
        Format(Product.ANDERE_GEMEENTE, (*COMMON, "gemeentecode"), _andere_gemeente),
        Format(
            Product.KOSTENDELERS,
            (*COMMON, "postcode", "huisnummer", "aantal_volwassenen"),
            _kostendelers,
        ),
        Format(
            Product.INKOMSTENVERHOUDING,
            (*COMMON, "loonheffingennummer", "werkgever"),
            _inkomstenverhouding,
        ),
        Format(
            Product.STUDIEFINANCIERING, (*COMMON, "soort", "bedrag_per_maand"), _studiefinanciering
        ),
        Format(Product.VOERTUIGEN, (*COMMON, "kenteken", "merk"), _voertuigen),
        Format(Product.VERMOGEN, (*COMMON, "rekening", "saldo"), _vermogen, one_day=True),
    )
}


def parse_product(raw: object) -> Product:
    try:
        return Product(str(raw))
    except ValueError:
        names = ", ".join(p.value for p in Product)
        raise FileRefused(f"Onbekend product {str(raw)[:40]!r}; kies uit {names}.") from None


def _decode(content: bytes) -> str:
    if not content:
        raise FileRefused("Het bestand is leeg.")
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused("Het bestand is groter dan 50 MB; lever het in delen aan.")
    if b"\x00" in content:
        raise FileRefused("Het bestand bevat NUL-tekens: het is geen tekstbestand.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileRefused("Het bestand is geen UTF-8.", line) from None


def parse_file(product: Product, content: bytes) -> list[ParsedSignal]:
    """Every signal of the file, or :class:`FileRefused` for the first line that is wrong."""
    spec = FORMATS[product]
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileRefused(f"De kopregel is geen geldige CSV: {error}.", 1) from None
    expected = ";".join(spec.columns)
    if header is None or [h.strip() for h in header] != list(spec.columns):
        raise FileRefused(f"De kopregel moet precies zijn: {expected}.", 1)
    signals: list[ParsedSignal] = []
    seen: dict[str, int] = {}
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise FileRefused(f"Geen geldige CSV: {error}.", reader.line_num) from None
        line = reader.line_num
        if not values or values == [""]:
            continue  # an empty line (the last one, usually)
        if len(values) != len(spec.columns):
            raise FileRefused(
                f"{len(values)} kolommen, verwacht {len(spec.columns)} ({expected}).", line
            )
        row = dict(zip(spec.columns, values, strict=True))
        try:
            bsn = _bsn(row["bsn"])
            start = _date(row["begindatum"], "begindatum")
            end = _date(row["einddatum"], "einddatum", required=False)
            assert start is not None
            if end is not None and end < start:
                raise FieldError("einddatum ligt vóór begindatum.")
            if spec.one_day and end is not None and end != start:
                raise FieldError("einddatum moet leeg zijn of gelijk aan begindatum (peildatum).")
            details, key = spec.parse(row)
        except FieldError as error:
            raise FileRefused(str(error), line) from None
        signal = ParsedSignal(
            product, line, bsn, start, start if spec.one_day else end, details, key
        )
        earlier = seen.get(signal.natural_key)
        if earlier is not None:
            raise FileRefused(f"Dit signaal staat ook al op regel {earlier}.", line)
        seen[signal.natural_key] = line
        signals.append(signal)
    if not signals:
        raise FileRefused("Het bestand bevat geen signalen, alleen een kopregel.")
    return signals
