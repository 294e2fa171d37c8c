"""Offsets, garnishments and direct payments in the monthly payment run (issue 15 items 4
and 5): never below the beslagvrije voet, in the legal order, the line and the
specification show each deduction, the garnishee is paid in the same SEPA file, and an
offset is booked on the claim exactly once, at the release, however often the run runs.

The benefit is Anna Janssen's in Vaals (alleenstaande, born 1 May 1980, no income), paid
for March and April 2026; "today" is 15 May 2026. May pays € 1.331,42 and reserves
€ 70,08 vakantietoeslag: her net income is the norm, € 1.401,50; the voet is 95 % of it,
€ 1.331,43; the room above it € 70,07.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from schwifty import IBAN

from samen.income import run_services
from samen.income import services as income
from samen.income.models import Benefit, PayingAccount, PaymentDeduction, PaymentLine
from samen.income.payments import run_month
from samen.recovery import garnishments, services
from samen.recovery.models import (
    Arrangement,
    Claim,
    DeductionOrder,
    Garnishment,
    Movement,
    OffsetBooking,
)
from samen.recovery.protected_income import Debtor
from samen.recovery.run_deductions import book_offsets
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401
from tests.income.test_release import user_with

D = dt.date
MAY = D(2026, 5, 1)
VOET = Decimal("1331.43")
ROOM = Decimal("70.07")
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def iban(n: int) -> str:
    return str(IBAN.generate("NL", bank_code="INGB", account_code=f"{n:010d}"))


def garnish(world: World, benefit: Benefit, **kw: Any) -> Garnishment:  # noqa: F811
    values = {
        "garnishee": "Deurwaarder Zuid",
        "iban": iban(7),
        "reference": "DW-1",
        "monthly_amount": None,
        "served_on": D(2026, 4, 1),
        "preferent": False,
    } | kw
    return garnishments.register_garnishment(world.user("consulent.vaals"), benefit.pk, **values)


def may_line(benefit: Benefit) -> PaymentLine:  # noqa: F811
    return PaymentLine.objects.get(benefit=benefit, month=MAY, kind=PaymentLine.Kind.REGULAR)


def deductions(benefit: Benefit) -> list[PaymentDeduction]:  # noqa: F811
    return list(PaymentDeduction.objects.filter(line__benefit=benefit, line__month=MAY))


@pytest.fixture
def claim(benefit: Benefit) -> Claim:  # noqa: F811
    claim = Claim.objects.create(
        person=benefit.person,
        municipality=benefit.municipality,
        domain=benefit.domain,
        confidentiality=benefit.confidentiality,
        origin=Claim.Origin.INLICHTINGENPLICHT,
        principal=Decimal("500.00"),
        description="Te veel ontvangen bijstand",
        established_on=D(2026, 4, 10),
    )
    Movement.objects.create(
        claim=claim,
        kind=Movement.Kind.PRINCIPAL,
        amount=Decimal("500.00"),
        booked_on=D(2026, 4, 10),
        reason="Hoofdsom",
    )
    Arrangement.objects.create(
        claim=claim, instalment=Decimal("50.00"), start_month=MAY, reason="Verrekening"
    )
    return claim


@pytest.fixture
def paying_account(benefit: Benefit) -> PayingAccount:  # noqa: F811
    return PayingAccount.objects.create(
        municipality=benefit.municipality,
        name="Gemeente Vaals",
        iban=str(IBAN.generate("NL", bank_code="BNGH", account_code="0285000099")),
        bic="BNGHNL2G",
        valid_from=D(2020, 1, 1),
    )


def test_the_voet_of_the_fixture_is_what_the_docstring_says(benefit: Benefit) -> None:  # noqa: F811
    voet = services.protected_income_for(
        Debtor("alleenstaande", D(1980, 5, 1), Decimal("1401.50")), MAY
    )
    assert voet.amount == VOET and voet.room(Decimal("1401.50")) == ROOM


def test_a_garnishment_never_takes_the_client_below_the_voet(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    garnish(world, benefit, monthly_amount=Decimal("500.00"))
    garnish(world, benefit, reference="DW-2", served_on=D(2026, 4, 2))  # all above the voet
    run_month(MAY)
    line = may_line(benefit)
    taken = deductions(benefit)
    assert sum(d.amount for d in taken) == ROOM
    assert [d.amount for d in taken] == [ROOM]  # the first took the whole room
    assert line.amount == Decimal("1331.42") - ROOM
    # what she gets this month plus the reserved vakantietoeslag is exactly the voet
    assert line.amount + line.holiday_allowance == VOET


def test_two_garnishments_in_the_legal_order(world: World, benefit: Benefit) -> None:  # noqa: F811
    newer = garnish(world, benefit, reference="C-NEW", monthly_amount=Decimal("50.00"))
    older = garnish(
        world,
        benefit,
        reference="C-OLD",
        monthly_amount=Decimal("50.00"),
        served_on=D(2025, 12, 1),
    )
    preferent = garnish(
        world,
        benefit,
        garnishee="Belastingdienst",
        reference="BD-1",
        monthly_amount=Decimal("30.00"),
        served_on=D(2026, 4, 20),
        preferent=True,
    )
    run_month(MAY)
    taken = [(d.source_id, d.amount) for d in deductions(benefit)]
    # preferent first although served last; then the oldest concurrent; the newest gets
    # nothing: the room (70.07) is gone
    assert taken == [(preferent.pk, Decimal("30.00")), (older.pk, Decimal("40.07"))]
    assert newer.pk not in {s for s, _ in taken}


def test_an_offset_comes_before_garnishments_and_the_order_is_data(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    claim: Claim,
) -> None:
    garnish(world, benefit, monthly_amount=Decimal("40.00"))
    run_month(MAY)
    assert [(d.kind, d.amount) for d in deductions(benefit)] == [
        ("verrekening", Decimal("50.00")),
        ("beslag", Decimal("20.07")),
    ]
    # the other order, as data for a later month
    DeductionOrder.objects.update(valid_until=D(2026, 5, 31))
    DeductionOrder.objects.create(valid_from=D(2026, 6, 1), offset_first=False, source="test")
    run_month(D(2026, 6, 1))
    june = PaymentDeduction.objects.filter(line__month=D(2026, 6, 1)).order_by("position")
    assert [(d.kind, d.amount) for d in june] == [
        ("beslag", Decimal("40.00")),
        ("verrekening", Decimal("30.07")),
    ]


def test_the_line_and_the_specification_show_the_deduction(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    claim: Claim,
) -> None:
    run_month(MAY)
    line = may_line(benefit)
    assert line.amount == Decimal("1281.42")
    assert line.calculation["bedragVoorInhoudingen"] == "1331.42"
    assert line.calculation["inhoudingen"][0]["bedrag"] == "50.00"
    spec = income.payment_specification(world.user("consulent.vaals"), benefit.pk, MAY)
    assert spec.total == Decimal("1281.42") and spec.total_deducted == Decimal("50.00")
    expected = f"Verrekend met vordering {claim.reference}: € 50,00; beslagvrije voet € 1.331,43."
    assert expected in spec.explanation
    assert "Aan u betaald na inhoudingen: € 1.281,42." in spec.explanation


def test_the_specification_page_lists_the_deductions(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    claim: Claim,
    settings: Any,
) -> None:
    from tests.web.pages import logged_in, text

    settings.DEMO_MODE = True
    garnish(world, benefit, monthly_amount=Decimal("10.00"))
    run_month(MAY)
    page = logged_in(world.user("consulent.vaals")).get(
        f"/uitkeringen/{benefit.pk}/specificatie/2026-05"
    )
    assert page.status_code == 200
    body = text(page)
    assert "Inhoudingen" in body and "Deurwaarder Zuid" in body
    assert "Totaal ingehouden € 60,00" in body
    assert "Verrekend met vordering" in body


def test_the_sepa_file_pays_the_garnishee_and_the_landlord_separately(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    paying_account: PayingAccount,
) -> None:
    garnish(world, benefit, monthly_amount=Decimal("25.00"), reference="DW-77")
    garnishments.register_direct_payment(
        world.user("consulent.vaals"),
        benefit.pk,
        creditor="Woningstichting Vaals",
        iban=iban(8),
        reference="HUUR-12",
        amount=Decimal("600.00"),
        start_month=MAY,
    )
    run = run_month(MAY)
    line = may_line(benefit)
    # direct payment after the garnishment, from her own share (also below the voet)
    assert line.amount == Decimal("1331.42") - Decimal("25.00") - Decimal("600.00")
    files = run_services.payments.sepa_files(run, validate=True)
    content = files[benefit.municipality.cbs_code]
    root = ElementTree.fromstring(content)  # noqa: S314
    payments = {
        tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS): (
            tx.findtext("p:Amt/p:InstdAmt", namespaces=NS),
            tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS),
        )
        for tx in root.iterfind(".//p:CdtTrfTxInf", NS)
    }
    assert payments[iban(7)][0] == "25.00" and payments[iban(7)][1].startswith("DW-77 Beslag")
    assert payments[iban(8)][0] == "600.00" and "HUUR-12" in payments[iban(8)][1]
    assert payments[benefit.iban][0] == str(line.amount)
    reconciliation = run_services.reconcile(run, files)
    assert reconciliation.agrees, reconciliation.differences()
    assert run.amount_total == Decimal("1331.42")  # the whole month leaves the account


def test_an_offset_is_booked_once_at_the_release_however_often_the_run_runs(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    claim: Claim,
    paying_account: PayingAccount,
) -> None:
    run = run_month(MAY)
    run = run_month(MAY)  # retried: nothing new
    assert len(deductions(benefit)) == 1
    assert claim.balance() == Decimal("500.00")  # pending until the release
    # a run of the next month before May was released counts May's offset off the balance
    approver = user_with("view_paymentrun", "release_paymentrun", username="approver")
    released = run_services.release_run(approver, MAY, expected_attempts=run.attempts)
    assert released.released
    offsets = Movement.objects.filter(claim=claim, kind=Movement.Kind.OFFSET)
    assert [m.amount for m in offsets] == [Decimal("-50.00")]
    assert claim.balance() == Decimal("450.00")
    assert book_offsets(released) == 0  # once more: nothing
    with pytest.raises(run_services.ReleaseRefused):
        run_services.release_run(approver, MAY, expected_attempts=run.attempts)
    assert OffsetBooking.objects.count() == 1
    assert Movement.objects.filter(claim=claim, kind=Movement.Kind.OFFSET).count() == 1


def test_an_offset_never_exceeds_the_balance_left_after_pending_offsets(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    claim: Claim,
) -> None:
    services_user = world.user("consulent.vaals")
    garnishments.set_offset(
        services_user,
        claim.pk,
        amount=Decimal("480.00"),
        start_month=MAY,
        reason="Hoger bedrag afgesproken",
        expected_version=claim.version,
    )
    run_month(MAY)  # the room caps it: 70.07
    run_month(D(2026, 6, 1))
    run_month(D(2026, 7, 1))
    amounts = list(
        PaymentDeduction.objects.filter(source_id=claim.pk)
        .order_by("line__month")
        .values_list("amount", flat=True)
    )
    assert amounts[0] == ROOM
    # never more than the balance in total, although nothing was released yet
    assert sum(amounts) <= Decimal("500.00")


def test_no_deductions_leave_the_run_as_it_was(benefit: Benefit) -> None:  # noqa: F811
    run_month(MAY)
    assert may_line(benefit).amount == Decimal("1331.42")
    assert "inhoudingen" not in may_line(benefit).calculation
    assert not deductions(benefit)


def test_an_ended_garnishment_is_not_applied(world: World, benefit: Benefit) -> None:  # noqa: F811
    garnishment = garnish(world, benefit, monthly_amount=Decimal("10.00"))
    garnishments.end_garnishment(
        world.user("consulent.vaals"),
        garnishment.pk,
        ends_on=D(2026, 4, 30),
        reason="Beslag opgeheven",
        expected_version=garnishment.version,
    )
    run_month(MAY)
    assert not deductions(benefit)
