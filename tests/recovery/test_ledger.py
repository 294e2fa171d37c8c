"""Claims as a ledger: income's recovery claims taken over once, the balance always the sum
of the movements, movements never changed, bookings refused in Dutch with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from samen.access.models import AuditEntry
from samen.income.models import RecoveryClaim
from samen.recovery import services
from samen.recovery.models import AppendOnlyError, Claim, Movement
from samen.recovery.takeover import take_over_recovery_claims
from tests.cases.conftest import World

D = dt.date


def ledger_sum(claim: Claim) -> Decimal:
    return sum((m.amount for m in Movement.objects.filter(claim=claim)), Decimal("0.00"))


def test_recovery_claims_become_claims_once(world: World, claims: list[Claim]) -> None:
    rows = list(RecoveryClaim.objects.order_by("pk"))
    assert len(rows) == 2 and len(claims) == 2
    for row, claim in zip(rows, claims, strict=True):
        assert claim.income_claim_id == row.pk
        assert claim.principal == row.amount == Decimal("190.00")
        assert claim.person == row.benefit.person
        assert claim.municipality.name == "Vaals"
        assert claim.origin == Claim.Origin.OVERIGE
        assert claim.balance() == ledger_sum(claim) == Decimal("190.00")
    assert take_over_recovery_claims() == 0
    call_command("take_over_recovery_claims")
    assert Claim.objects.count() == 2 and Movement.objects.count() == 2
    assert AuditEntry.objects.filter(object_type="vordering", action="create").count() == 2


def test_the_balance_is_the_sum_of_the_ledger_after_every_operation(
    world: World, claims: list[Claim]
) -> None:
    user = world.user("consulent.vaals")
    claim = claims[0]
    steps = [
        (Movement.Kind.RECEIPT, Decimal("50.00"), Decimal("140.00")),
        (Movement.Kind.CORRECTION, Decimal("10.00"), Decimal("150.00")),
        (Movement.Kind.WRITE_OFF, Decimal("25.00"), Decimal("125.00")),
        (Movement.Kind.CORRECTION, Decimal("-5.00"), Decimal("120.00")),
    ]
    for kind, amount, expected in steps:
        claim.refresh_from_db()
        services.book(
            user,
            claim.pk,
            kind=kind,
            amount=amount,
            booked_on=D(2026, 5, 15),
            reason="Test",
            expected_version=claim.version,
        )
        view = services.get_claim(user, claim.pk)
        assert view.balance == claim.balance() == ledger_sum(claim) == expected
    assert [m.kind for m in view.movements] == [
        "hoofdsom",
        "ontvangst",
        "correctie",
        "afboeking",
        "correctie",
    ]


def test_a_partly_paid_claim_written_off_ends_at_zero(world: World, claims: list[Claim]) -> None:
    user = world.user("consulent.vaals")
    claim = claims[0]
    services.book(
        user,
        claim.pk,
        kind="ontvangst",
        amount=Decimal("90.00"),
        booked_on=D(2026, 5, 15),
        reason="Betaald",
        expected_version=1,
    )
    services.book(
        user,
        claim.pk,
        kind="afboeking",
        amount=Decimal("100.00"),
        booked_on=D(2026, 5, 15),
        reason="Kwijtschelding",
        expected_version=2,
    )
    assert claim.balance() == Decimal("0.00")


@pytest.mark.parametrize(
    ("kind", "amount", "booked_on", "reason", "field", "message"),
    [
        ("ontvangst", Decimal("-5.00"), D(2026, 5, 15), "x", "amount", "meer dan € 0,00"),
        ("ontvangst", Decimal("0.001"), D(2026, 5, 15), "x", "amount", "in centen"),
        ("ontvangst", Decimal("190.01"), D(2026, 5, 15), "x", "amount", "hoger dan het saldo"),
        ("afboeking", Decimal("5.00"), D(2026, 5, 15), " ", "reason", "Geef de reden"),
        ("ontvangst", Decimal("5.00"), D(2026, 5, 16), "x", "booked_on", "toekomst"),
        ("hoofdsom", Decimal("5.00"), D(2026, 5, 15), "x", "kind", "Kies ontvangst"),
    ],
)
def test_bad_bookings_are_refused_in_dutch_and_write_nothing(
    world: World,
    claims: list[Claim],
    kind: str,
    amount: Decimal,
    booked_on: dt.date,
    reason: str,
    field: str,
    message: str,
) -> None:
    claim = claims[0]
    creates = AuditEntry.objects.filter(action="create").count()
    with pytest.raises(ValidationError) as refused:
        services.book(
            world.user("consulent.vaals"),
            claim.pk,
            kind=kind,
            amount=amount,
            booked_on=booked_on,
            reason=reason,
            expected_version=claim.version,
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert Movement.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.version == 1
    assert AuditEntry.objects.filter(action="create").count() == creates


def test_a_stale_version_is_refused(world: World, claims: list[Claim]) -> None:
    with pytest.raises(services.VersionConflict):
        services.book(
            world.user("consulent.vaals"),
            claims[0].pk,
            kind="ontvangst",
            amount=Decimal("1.00"),
            booked_on=D(2026, 5, 15),
            reason="x",
            expected_version=7,
        )
    assert Movement.objects.filter(claim=claims[0]).count() == 1


def test_movements_are_append_only(claims: list[Claim]) -> None:
    movement = Movement.objects.get(claim=claims[0])
    movement.amount = Decimal("1.00")
    with pytest.raises(AppendOnlyError):
        movement.save()
    with pytest.raises(AppendOnlyError):
        movement.delete()
    assert claims[0].balance() == Decimal("190.00")


def test_a_maastricht_grant_does_not_see_a_vaals_claim(world: World, claims: list[Claim]) -> None:
    user = world.user("consulent.maastricht")
    with pytest.raises(services.NotVisible):
        services.get_claim(user, claims[0].pk)
    with pytest.raises(services.NotVisible):
        services.book(
            user,
            claims[0].pk,
            kind="ontvangst",
            amount=Decimal("1.00"),
            booked_on=D(2026, 5, 15),
            reason="x",
            expected_version=1,
        )
    assert services.list_claims(user)[0] == 0
    assert AuditEntry.objects.filter(object_type="vordering", action="refused").count() == 2
    assert Movement.objects.filter(claim=claims[0]).count() == 1
