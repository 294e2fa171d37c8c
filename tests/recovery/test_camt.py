"""Reading camt.053 (pure, no database): what a bank writes becomes entries with the
reference, amount, date, remittance and counterparty; batch bookings, debits, reversals and
later versions of the message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.recovery import camt
from tests.recovery.statements import Line, statement

BATCH = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M8</MsgId><CreDtTm>2026-06-02T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>S8</Id><Acct><Id><IBAN>NL91 ABNA 0417 1643 00</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-06-01</Dt></BookgDt><AcctSvcrRef>BATCH-1</AcctSvcrRef>
<NtryDtls>
 <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls>
  <RltdPties><Dbtr><Pty><Nm>Een</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>NL20INGB0001234567</IBAN></Id></DbtrAcct></RltdPties>
  <RmtInf><Ustrd>termijn</Ustrd><Ustrd>VORD-00000007</Ustrd></RmtInf></TxDtls>
 <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">20.00</Amt></TxAmt></AmtDtls>
  <RltdPties><Dbtr><Pty><Nm>Twee</Nm></Pty></Dbtr></RltdPties>
  <RmtInf><Strd><CdtrRefInf><Ref>VORD-00000008</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
</NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd>
<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-06-01</Dt></BookgDt><AcctSvcrRef>R-2</AcctSvcrRef></Ntry>
<Ntry><Amt Ccy="EUR">6.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
<BookgDt><Dt>2026-06-01</Dt></BookgDt><AcctSvcrRef>R-3</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_a_batch_booking_of_a_later_version_gives_one_credit_per_transaction() -> None:
    read = camt.read_statement(BATCH)
    assert (read.account_iban, read.statement_id, read.message_id) == (
        "NL91ABNA0417164300",
        "S8",
        "M8",
    )
    assert read.created_at == dt.datetime(2026, 6, 2, 4, 0, tzinfo=dt.UTC)
    first, second = read.credits
    assert (first.reference, first.amount, first.counterparty_name) == (
        "BATCH-1",
        Decimal("10.00"),
        "Een",
    )
    assert first.remittance == "termijn VORD-00000007"
    assert camt.payment_reference(first.remittance) == ("VORD-00000007", 7)
    assert (second.reference, second.amount, second.remittance) == (
        "BATCH-1/2",
        Decimal("20.00"),
        "VORD-00000008",
    )
    assert [e.skip_reason for e in read.skipped] == [
        "storno (terugboeking)",
        "status PDNG, niet geboekt",
    ]


def test_debits_are_skipped_and_credits_read() -> None:
    read = camt.read_statement(
        statement(
            [
                Line("A", "12.34", "Aflossing vord-00000012 mei", name="J. de Vries"),
                Line("B", "1.00", "Huur", credit=False, name="Woonstichting"),
            ]
        )
    )
    assert [e.reference for e in read.credits] == ["A"]
    assert read.credits[0].counterparty_iban == "NL20INGB0001234567"
    assert camt.payment_reference(read.credits[0].remittance) == ("VORD-00000012", 12)
    assert read.skipped[0].counterparty_name == "Woonstichting"


@pytest.mark.parametrize(
    "text", ["VORD-1234567", "VORD-123456789", "VORD 00000012", "geen kenmerk", ""]
)
def test_only_a_whole_reference_counts(text: str) -> None:
    assert camt.payment_reference(text) is None


def test_two_statements_in_one_file_are_refused() -> None:
    one = statement([Line("A", "1.00")])
    start, end = one.index(b"<Stmt>"), one.index(b"</Stmt>") + len(b"</Stmt>")
    two = one[:end] + one[start:end] + one[end:]
    with pytest.raises(camt.StatementError, match="2 afschriften; lees elk afschrift apart in"):
        camt.read_statement(two)
