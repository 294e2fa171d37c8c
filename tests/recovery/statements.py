"""camt.053.001.02 statements for the tests, written as a bank writes them."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
ACCOUNT = "NL91ABNA0417164300"


@dataclass(frozen=True)
class Line:
    reference: str
    amount: str
    remittance: str = ""
    credit: bool = True
    booked_on: str = "2026-05-15"
    name: str = "A. Janssen"
    iban: str = "NL20INGB0001234567"
    structured: str = ""


def entry(line: Line) -> str:
    party = (
        f"<RltdPties><Dbtr><Nm>{escape(line.name)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{line.iban}"
        "</IBAN></Id></DbtrAcct></RltdPties>"
        if line.credit
        else f"<RltdPties><Cdtr><Nm>{escape(line.name)}</Nm></Cdtr><CdtrAcct><Id><IBAN>"
        f"{line.iban}</IBAN></Id></CdtrAcct></RltdPties>"
    )
    remittance = (
        "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{escape(line.structured)}</Ref></CdtrRefInf></Strd></RmtInf>"
        if line.structured
        else f"<RmtInf><Ustrd>{escape(line.remittance)}</Ustrd></RmtInf>"
        if line.remittance
        else ""
    )
    return (
        f'<Ntry><Amt Ccy="EUR">{line.amount}</Amt>'
        f"<CdtDbtInd>{'CRDT' if line.credit else 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>"
        f"<BookgDt><Dt>{line.booked_on}</Dt></BookgDt><ValDt><Dt>{line.booked_on}</Dt></ValDt>"
        f"<AcctSvcrRef>{line.reference}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>{party}"
        f"{remittance}</TxDtls></NtryDtls></Ntry>"
    )


def statement(lines: list[Line], statement_id: str = "2026-05-15-001") -> bytes:
    entries = "".join(entry(line) for line in lines)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="{NS}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>2026-05-15T07:00:00</CreDtTm>"
        "</GrpHdr>"
        f"<Stmt><Id>{statement_id}</Id><CreDtTm>2026-05-15T07:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-14</Dt></Dt></Bal>"
        f"{entries}</Stmt></BkToCstmrStmt></Document>"
    ).encode()
