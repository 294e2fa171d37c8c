"""Reading an ISO 20022 camt.053 bank statement (Bank-to-Customer Statement) into plain
dataclasses: no ORM, no database. :mod:`samen.recovery.bank` decides what becomes a receipt.

The XML is read by ``pycamt`` (maintained, on PyPI, lxml underneath with entity resolution
and network access switched off); this module adds what pycamt leaves to the caller: the
statement's own id and account, strict checks of every value a receipt is made of (amount,
date, currency), and one Dutch :class:`StatementError` for anything malformed, so that a bad
file is refused as a whole and nothing of it is written.

A document type declaration is refused before parsing: a bank statement never has one, and
refusing it closes the door to entity tricks (billion laughs, external entities) whatever
the parser's settings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree
from pycamt.parser import Camt053ParseError, Camt053Parser

#: the payment reference of a claim (``Claim.reference``) as it is quoted in a remittance
REFERENCE = re.compile(r"VORD-(\d{8})(?!\d)", re.IGNORECASE)
MAX_BYTES = 200 * 1024 * 1024
MAX_AMOUNT = Decimal("9999999.99")
CENT = Decimal("0.01")
#: a creation time without an offset is the bank's local time
BANK_TIME = ZoneInfo("Europe/Amsterdam")
AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


class StatementError(ValueError):
    """The file is not a camt.053 statement that can be read; the message says why, in Dutch."""


@dataclass(frozen=True)
class Entry:
    """One booked credit or debit of the statement."""

    reference: str
    amount: Decimal
    credit: bool
    booked_on: dt.date
    remittance: str
    counterparty_name: str
    counterparty_iban: str
    #: why the entry is not a credit to match ("" when it is one)
    skip_reason: str = ""


@dataclass(frozen=True)
class Statement:
    account_iban: str
    statement_id: str
    message_id: str
    created_at: dt.datetime
    entries: list[Entry]

    @property
    def credits(self) -> list[Entry]:
        return [e for e in self.entries if e.credit and not e.skip_reason]

    @property
    def skipped(self) -> list[Entry]:
        return [e for e in self.entries if not e.credit or e.skip_reason]


def payment_reference(text: str) -> tuple[str, int] | None:
    """The first claim reference in a remittance text: (``VORD-00000012``, 12)."""
    found = REFERENCE.search(text or "")
    if found is None:
        return None
    return f"VORD-{found.group(1)}", int(found.group(1))


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def _amount(raw: Any, where: str) -> Decimal:
    text = str(raw or "").strip()
    if not AMOUNT.match(text):
        raise StatementError(f"{where}: het bedrag {text[:20]!r} is geen geldig bedrag.")
    try:
        amount = Decimal(text).quantize(CENT)
    except InvalidOperation as error:  # pragma: no cover - the pattern already refuses it
        raise StatementError(f"{where}: het bedrag is geen geldig bedrag.") from error
    if amount <= 0 or amount > MAX_AMOUNT:
        raise StatementError(f"{where}: het bedrag {amount} ligt buiten € 0,01 - € 9.999.999,99.")
    return amount


def _date(raw: Any, where: str) -> dt.date:
    text = str(raw or "").strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as error:
        raise StatementError(
            f"{where}: de boekdatum {text[:25]!r} is geen geldige datum."
        ) from error


def _datetime(raw: Any) -> dt.datetime:
    text = str(raw or "").strip()
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise StatementError(
            f"De aanmaakdatum van het bericht (GrpHdr/CreDtTm) {text[:30]!r} is ongeldig."
        ) from error
    return value if value.tzinfo else value.replace(tzinfo=BANK_TIME)


def _statement_element(parser: Camt053Parser) -> Any:
    statements = parser.tree.findall(".//Stmt", parser.namespaces)
    if len(statements) != 1:
        raise StatementError(
            "Het bestand bevat geen afschrift (Stmt)."
            if not statements
            else f"Het bestand bevat {len(statements)} afschriften; lees elk afschrift apart in."
        )
    return statements[0]


def _child_text(parser: Camt053Parser, element: Any, path: str) -> str:
    found = element.find(path, parser.namespaces)
    return (found.text or "").strip() if found is not None else ""


def _entry(raw: dict[str, Any], number: int, reference: str) -> Entry:
    where = f"Boeking {number} ({reference})"
    indicator = raw.get("CreditDebitIndicator")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError(f"{where}: CdtDbtInd is {indicator!r}, niet CRDT of DBIT.")
    amount = _amount(raw.get("Amount"), where)
    booked_on = _date(raw.get("BookingDate"), where)
    credit = indicator == "CRDT"
    skip = ""
    if raw.get("Currency") not in (None, "EUR"):
        skip = f"valuta {raw.get('Currency')}, geen euro"
    elif str(raw.get("ReversalIndicator") or "").lower() == "true":
        skip = "storno (terugboeking)"
    elif raw.get("Status") not in (None, "BOOK"):
        skip = f"status {raw.get('Status')}, niet geboekt"
    remittance = raw.get("RemittanceInformationFull") or raw.get("RemittanceInformation") or ""
    structured = raw.get("RemittanceInformation") or ""
    if structured and structured not in remittance:
        remittance = f"{structured} {remittance}"
    remittance = " ".join(
        part for part in (remittance, raw.get("AdditionalEntryInformation") or "") if part
    )
    name, iban = (
        (raw.get("DebtorName"), raw.get("DebtorIBAN"))
        if credit
        else (raw.get("CreditorName"), raw.get("CreditorIBAN"))
    )
    return Entry(
        reference=reference,
        amount=amount,
        credit=credit,
        booked_on=booked_on,
        remittance=_text(remittance, 500),
        counterparty_name=_text(name, 140),
        counterparty_iban=_text(iban, 34).replace(" ", ""),
        skip_reason=skip,
    )


def read_statement(content: bytes) -> Statement:
    """The statement in ``content`` (the file's bytes), or :class:`StatementError`."""
    if not content:
        raise StatementError("Het bestand is leeg.")
    if len(content) > MAX_BYTES:
        raise StatementError("Het bestand is groter dan 200 MB.")
    if b"<!DOCTYPE" in content[:4096].upper() or b"<!ENTITY" in content.upper():
        raise StatementError("Een bankafschrift bevat geen DOCTYPE of ENTITY; het is geweigerd.")
    try:
        parser = Camt053Parser(content)
    except etree.XMLSyntaxError as error:
        raise StatementError(f"Het bestand is geen geldige XML ({error.msg}).") from error
    if not parser.version.startswith("camt.053"):
        raise StatementError(
            "Het bestand is geen camt.053-afschrift (verwacht: camt.053.001.02 of later)."
        )
    statement = _statement_element(parser)
    header = parser.tree.find(".//GrpHdr", parser.namespaces)
    if header is None:
        raise StatementError("Het bestand mist de berichtkop (GrpHdr).")
    message_id = _child_text(parser, header, "MsgId")
    created_at = _datetime(_child_text(parser, header, "CreDtTm"))
    statement_id = _child_text(parser, statement, "Id")
    iban = _child_text(parser, statement, "Acct/Id/IBAN").replace(" ", "").upper()
    if not statement_id or len(statement_id) > 35:
        raise StatementError("Het afschrift mist een geldig afschriftnummer (Stmt/Id).")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}", iban):
        raise StatementError("Het afschrift mist een geldige rekening (Stmt/Acct/Id/IBAN).")
    if not message_id or len(message_id) > 35:
        raise StatementError("Het bericht mist een geldig berichtnummer (GrpHdr/MsgId).")
    try:
        rows = parser.get_transactions()
    except (Camt053ParseError, AttributeError, TypeError) as error:
        raise StatementError("De boekingen van het afschrift zijn niet te lezen.") from error
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=1):
        base = _text(raw.get("TransactionID") or raw.get("EndToEndId"), 70) or f"positie-{number}"
        # one entry with several transactions (a batch booking) gives several credits
        seen[base] = seen.get(base, 0) + 1
        reference = base if seen[base] == 1 else f"{base}/{seen[base]}"
        entries.append(_entry(raw, number, reference))
    return Statement(iban, statement_id, message_id, created_at, entries)
