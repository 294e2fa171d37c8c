"""Payment arrangements: missed instalments per month (pure, over the ledger), creating and
changing an arrangement with optimistic locking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.recovery import services
from samen.recovery.instalments import Entry, Terms, missed_months, month_status
from samen.recovery.models import Arrangement, Claim
from tests.cases.conftest import World

D = dt.date
TERMS = Terms(instalment=Decimal("50.00"), start_month=D(2026, 1, 1), day_of_month=28)
PRINCIPAL = Entry("hoofdsom", Decimal("190.00"), D(2025, 12, 10))


def test_paid_on_time_misses_nothing() -> None:
    ledger = [
        PRINCIPAL,
        Entry("ontvangst", Decimal("-50.00"), D(2026, 1, 20)),
        Entry("ontvangst", Decimal("-50.00"), D(2026, 2, 27)),
    ]
    assert missed_months(TERMS, ledger, D(2026, 2, 28)) == []


def test_a_month_without_payment_is_missed_and_the_shortfall_carries_over() -> None:
    # January paid, nothing in February: 100 due by 28 Feb, 50 paid -> February missed.
    ledger = [PRINCIPAL, Entry("ontvangst", Decimal("-50.00"), D(2026, 1, 20))]
    status = month_status(TERMS, ledger, D(2026, 2, 1))
    assert status is not None and status.shortfall == Decimal("50.00")
    # a payment of 100 on 10 March makes up February and pays March: only February missed
    ledger.append(Entry("ontvangst", Decimal("-100.00"), D(2026, 3, 10)))
    assert missed_months(TERMS, ledger, D(2026, 3, 31)) == [D(2026, 2, 1)]


def test_paying_ahead_counts_and_nothing_is_due_beyond_the_balance() -> None:
    ledger = [PRINCIPAL, Entry("ontvangst", Decimal("-150.00"), D(2026, 1, 5))]
    assert missed_months(TERMS, ledger, D(2026, 3, 31)) == []
    # April: 4 x 50 = 200 due, but only 190 owed; 150 paid -> 40 short
    status = month_status(TERMS, ledger, D(2026, 4, 1))
    assert status is not None and (status.due, status.shortfall) == (
        Decimal("190.00"),
        Decimal("40.00"),
    )
    # a write-off of the remaining 40 lowers what is due: nothing missed
    ledger.append(Entry("afboeking", Decimal("-40.00"), D(2026, 4, 2)))
    assert missed_months(TERMS, ledger, D(2026, 5, 31)) == []


def test_before_the_due_day_the_month_is_not_missed_yet() -> None:
    assert missed_months(TERMS, [PRINCIPAL], D(2026, 1, 27)) == []
    assert missed_months(TERMS, [PRINCIPAL], D(2026, 1, 28)) == [D(2026, 1, 1)]
    assert month_status(TERMS, [PRINCIPAL], D(2025, 12, 1)) is None


def test_arrangement_on_a_claim_and_its_missed_months(world: World, claims: list[Claim]) -> None:
    user = world.user("consulent.vaals")
    claim = claims[0]
    arrangement = services.create_arrangement(
        user,
        claim.pk,
        instalment=Decimal("40.00"),
        start_month=D(2026, 5, 1),
        reason="Afgesproken aan de balie",
        expected_version=1,
    )
    view = services.get_claim(user, claim.pk, on=D(2026, 5, 15))
    assert view.arrangement == arrangement
    assert view.missed == []  # the first instalment is due on 28 May
    view = services.get_claim(user, claim.pk, on=D(2026, 5, 31))
    assert view.missed == [D(2026, 5, 1)]  # nothing received by 28 May
    with pytest.raises(ValidationError) as early:
        services.create_arrangement(
            user,
            claim.pk,
            instalment=Decimal("40.00"),
            start_month=D(2026, 4, 1),
            reason="x",
            expected_version=2,
        )
    assert "vóór het ontstaan" in early.value.message_dict["start_month"][0]
    with pytest.raises(services.VersionConflict):
        services.change_arrangement(
            user,
            arrangement.pk,
            instalment=Decimal("30.00"),
            reason="Minder draagkracht",
            expected_version=5,
        )
    changed = services.change_arrangement(
        user,
        arrangement.pk,
        instalment=Decimal("30.00"),
        reason="Minder draagkracht",
        expected_version=1,
    )
    assert (changed.instalment, changed.version) == (Decimal("30.00"), 2)


def test_a_negative_instalment_is_refused_and_nothing_written(
    world: World, claims: list[Claim]
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_arrangement(
            world.user("consulent.vaals"),
            claims[0].pk,
            instalment=Decimal("-10"),
            start_month=D(2026, 6, 1),
            reason="x",
            expected_version=1,
        )
    assert "meer dan € 0,00" in refused.value.message_dict["instalment"][0]
    assert not Arrangement.objects.exists()
    with pytest.raises(services.NotVisible):
        services.create_arrangement(
            world.user("consulent.maastricht"),
            claims[0].pk,
            instalment=Decimal("10"),
            start_month=D(2026, 6, 1),
            reason="x",
            expected_version=1,
        )
    assert not Arrangement.objects.exists()
