"""SEPA credit transfer files: one per paying municipality, valid pain.001.001.03."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from samen.income.models import Benefit, PayingAccount, PaymentLine
from samen.income.payments import run_month, sepa_files
from samen.income.sepa import SCHEMA_PATH, SepaConfigurationError
from tests.income.test_payments import MARCH, FakeCalculator, five, make_benefit, municipalities

__all__ = ["five", "municipalities"]  # fixtures

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
PAY_DAY = dt.date(2026, 3, 25)


def test_one_valid_file_per_paying_municipality(five: list[Benefit]) -> None:
    run = run_month(MARCH, calculate=FakeCalculator())
    files = sepa_files(run, execution_date=PAY_DAY)
    assert sorted(files) == ["GM0935", "GM0938", "GM0981"]
    schema = xmlschema.XMLSchema(str(SCHEMA_PATH))
    for cbs, content in files.items():
        schema.validate(content.decode())
        root = ET.fromstring(content)
        lines = PaymentLine.objects.filter(
            run=run, benefit__municipality__cbs_code=cbs, amount__gt=0
        )
        header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
        assert header is not None
        assert Decimal(header.findtext("p:CtrlSum", namespaces=NS) or "") == sum(
            line.amount for line in lines
        )
        assert int(header.findtext("p:NbOfTxs", namespaces=NS) or "") == lines.count()
        account = PayingAccount.objects.get(municipality__cbs_code=cbs)
        debtor = root.findtext("p:CstmrCdtTrfInitn/p:PmtInf/p:DbtrAcct/p:Id/p:IBAN", namespaces=NS)
        assert debtor == account.iban
        creditors = {e.text for e in root.iterfind(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN", NS)}
        assert creditors == {line.benefit.iban for line in lines}
        assert root.findtext(".//p:ReqdExctnDt", namespaces=NS) == "2026-03-25"
    # Meerssen: 850.10 and a line of 0.00 that is recorded but not transferred
    meerssen = ET.fromstring(files["GM0938"])
    assert meerssen.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "1"
    assert meerssen.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "850.10"
    assert PaymentLine.objects.filter(run=run, amount=0).count() == 1


def test_a_municipality_without_paying_account_stops_the_files(
    municipalities: dict[str, Any],
) -> None:
    make_benefit(municipalities["GM0981"], 1)
    PayingAccount.objects.filter(municipality__cbs_code="GM0981").update(
        valid_until=dt.date(2025, 12, 31)
    )
    run = run_month(MARCH, calculate=FakeCalculator())
    with pytest.raises(SepaConfigurationError, match="Vaals .*geen betaalrekening"):
        sepa_files(run, execution_date=PAY_DAY)
