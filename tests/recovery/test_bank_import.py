"""camt.053 statements: a credit quoting a claim's payment reference becomes one receipt, the
same statement imported twice changes nothing, a malformed file is refused in Dutch with
nothing written, debits are skipped, and what cannot be matched waits on the worklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from samen.access.models import AuditEntry
from samen.organisation.models import Domain
from samen.recovery import bank
from samen.recovery.models import BankCredit, BankStatement, Claim, Movement
from tests.cases.conftest import World
from tests.recovery.statements import Line, statement

D = dt.date


def fresh(username: str) -> object:
    """The user as a request sees it (no cached permissions or policy)."""
    return get_user_model().objects.get(username=username)


def maastricht_claim(world: World, amount: str = "300.00") -> Claim:
    claim = Claim.objects.create(
        person=world.persons["maastricht"],
        municipality=world.municipalities["Maastricht"],
        domain=Domain.objects.get(code="participatiewet"),
        origin=Claim.Origin.BOETE,
        principal=Decimal(amount),
        description="Bestuurlijke boete",
        established_on=D(2026, 1, 10),
    )
    Movement.objects.create(
        claim=claim,
        kind=Movement.Kind.PRINCIPAL,
        amount=Decimal(amount),
        booked_on=D(2026, 1, 10),
        reason="Boetebesluit",
    )
    return claim


def test_a_statement_imported_twice_gives_one_receipt(world: World, claims: list[Claim]) -> None:
    claim = claims[0]
    content = statement(
        [
            Line("B-1", "40.00", f"Aflossing {claim.reference} A Janssen"),
            Line("B-2", "15.00", structured=claims[1].reference),
            Line("B-3", "99.95", "Huur mei", credit=False),
        ]
    )
    first = bank.import_statement(fresh("administratie"), content, "mei.xml")
    assert first.created
    assert (first.statement.credits, first.statement.matched, first.statement.skipped) == (2, 2, 1)
    assert first.statement.credit_total == Decimal("55.00")
    assert claim.balance() == Decimal("150.00")
    assert claims[1].balance() == Decimal("175.00")
    receipt = Movement.objects.get(claim=claim, kind="ontvangst")
    assert receipt.amount == Decimal("-40.00") and receipt.booked_on == D(2026, 5, 15)
    assert receipt.bank_credit.counterparty_name == "A. Janssen"
    claim.refresh_from_db()
    assert claim.version == 2  # an open form on the claim sees that it changed
    audited = AuditEntry.objects.filter(object_type="vordering", action="create")
    assert {e.object_id for e in audited} == {str(claim.pk), str(claims[1].pk)}
    assert all(e.data_subject_id == "999990019" for e in audited)
    again = bank.import_statement(fresh("administratie"), content, "mei-nogmaals.xml")
    assert not again.created and again.statement.pk == first.statement.pk
    # the same statement in another file (the bank sent it again, reformatted): still once
    resent = bank.import_statement(fresh("administratie"), content + b"\n", "mei-2.xml")
    assert not resent.created
    assert Movement.objects.filter(kind="ontvangst").count() == 2
    assert BankStatement.objects.count() == 1 and BankCredit.objects.count() == 2
    assert claim.balance() == Decimal("150.00")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"<Document><BkToCstmrStmt>", "geen geldige XML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', "geen DOCTYPE"),
        (
            statement([Line("B-1", "40.00")]).replace(b"camt.053.001.02", b"camt.052.001.02"),
            "geen camt.053-afschrift",
        ),
        (statement([Line("B-1", "veertig")]), "Boeking 1 (B-1): het bedrag 'veertig'"),
        (statement([Line("B-1", "10.00", booked_on="2026-02-30")]), "geen geldige datum"),
        (None, "afschriftnummer (Stmt/Id)"),
    ],
)
def test_a_malformed_statement_is_refused_in_dutch_with_nothing_written(
    world: World, claims: list[Claim], content: bytes | None, message: str
) -> None:
    if content is None:  # a statement without its id: its good credit is not booked either
        good = Line("B-0", "40.00", f"Aflossing {claims[0].reference}")
        content = statement([good]).replace(b"<Id>2026-05-15-001</Id>", b"")
    with pytest.raises(ValidationError) as refused:
        bank.import_statement(fresh("administratie"), content, "fout.xml")
    text = " ".join(refused.value.message_dict["file"])
    assert text.startswith("Het bankafschrift is geweigerd:") and message in text, text
    assert not BankStatement.objects.exists() and not BankCredit.objects.exists()
    assert not Movement.objects.filter(kind="ontvangst").exists()


def test_a_bad_amount_late_in_the_file_writes_nothing(world: World, claims: list[Claim]) -> None:
    lines = [Line(f"B-{i}", "1.00", f"{claims[0].reference}") for i in range(5)]
    content = statement([*lines, Line("B-9", "-5.00", claims[0].reference)])
    with pytest.raises(ValidationError):
        bank.import_statement(fresh("administratie"), content)
    assert not Movement.objects.filter(kind="ontvangst").exists()
    assert claims[0].balance() == Decimal("190.00")


def test_what_cannot_be_matched_waits_on_the_worklist(world: World, claims: list[Claim]) -> None:
    claim = claims[0]
    content = statement(
        [
            Line("B-1", "20.00", "Terugbetaling zonder kenmerk"),
            Line("B-2", "20.00", "VORD-99999999"),  # no such claim
            Line("B-3", "500.00", claim.reference),  # more than the balance
            Line("B-4", "10.00", claim.reference, booked_on="2026-05-01"),  # before the claim
        ]
    )
    result = bank.import_statement(fresh("administratie"), content)
    assert result.statement.matched == 0 and result.unmatched == 4
    total, rows = bank.open_credits(fresh("administratie"))
    assert total == 4
    assert [r.entry_reference for r in rows] == ["B-4", "B-1", "B-2", "B-3"]
    assert rows[3].referenced_claim_id == claim.pk and rows[2].referenced_claim_id is None
    assert AuditEntry.objects.filter(object_type="bijschrijving", action="read").count() == 4
    movement = bank.match_credit(fresh("administratie"), rows[1].pk, claim.reference)
    assert movement.amount == Decimal("-20.00") and claim.balance() == Decimal("170.00")
    assert bank.open_credits(fresh("administratie"))[0] == 3
    with pytest.raises(ValidationError) as refused:
        bank.match_credit(fresh("administratie"), rows[3].pk, claim.pk)
    assert "hoger dan het saldo" in refused.value.message_dict["claim"][0]
    with pytest.raises(ValidationError) as refused:
        bank.match_credit(fresh("administratie"), rows[2].pk, "VORD-99999999")
    assert "Er is geen vordering" in refused.value.message_dict["claim"][0]
    with pytest.raises(bank.services.NotVisible):
        bank.match_credit(fresh("administratie"), rows[1].pk, claim.pk)  # matched already
    assert Movement.objects.filter(kind="ontvangst").count() == 1


def test_a_maastricht_importer_leaves_a_vaals_claim_alone(
    world: World, claims: list[Claim]
) -> None:
    user = fresh("consulent.maastricht")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_bankstatement", "view_bankstatement"])
    )
    user = fresh("consulent.maastricht")
    own = maastricht_claim(world)
    vaals = claims[0]
    content = statement(
        [Line("B-1", "30.00", own.reference), Line("B-2", "30.00", vaals.reference)]
    )
    result = bank.import_statement(user, content)
    assert (result.statement.matched, result.unmatched) == (1, 1)
    assert own.balance() == Decimal("270.00") and vaals.balance() == Decimal("190.00")
    # the worklist does not show a Maastricht user the credit that quotes the Vaals claim
    assert bank.open_credits(user) == (0, [])
    hidden = BankCredit.objects.get(entry_reference="B-2")
    with pytest.raises(bank.services.NotVisible):
        bank.get_open_credit(user, hidden.pk)
    # nothing about the Vaals claim was audited as read or changed by the Maastricht user
    assert not AuditEntry.objects.filter(
        object_type="vordering", object_id=str(vaals.pk), actor_id=user.pk
    ).exclude(action="refused")
    # a Vaals administrator sees it and matches it
    total, rows = bank.open_credits(fresh("administratie"))
    assert [r.pk for r in rows] == [hidden.pk]
    bank.match_credit(fresh("administratie"), hidden.pk, vaals.reference)
    assert vaals.balance() == Decimal("160.00")


def test_without_the_permission_nothing_is_imported(world: World, claims: list[Claim]) -> None:
    with pytest.raises(PermissionDenied):
        bank.import_statement(fresh("consulent.vaals"), statement([Line("B-1", "1.00")]))
    with pytest.raises(PermissionDenied):
        bank.open_credits(fresh("consulent.vaals"))
    assert not BankStatement.objects.exists()
