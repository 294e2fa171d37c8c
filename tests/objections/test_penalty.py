"""The penalty for not deciding in time (Awb 4:17): pure, on explicit dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.objections.penalty import PenaltyRule, PenaltyState, Tier, compute_penalty

D = dt.date
RULE = PenaltyRule(
    grace_days=14,
    tiers=(
        Tier(1, 14, Decimal("23")),
        Tier(15, 28, Decimal("35")),
        Tier(29, 42, Decimal("45")),
    ),
    source="Awb art. 4:17",
)


@pytest.mark.parametrize(
    ("days", "amount"),
    [(1, "23"), (14, "322"), (15, "357"), (28, "812"), (42, "1442"), (60, "1442")],
)
def test_penalty_amounts_by_days_in_default(days: int, amount: str) -> None:
    assert RULE.amount_for_days(days) == Decimal(amount)


def test_the_maximum_is_42_days_and_1442_euro() -> None:
    assert (RULE.max_days, RULE.max_amount) == (42, Decimal("1442"))


def test_tiers_that_do_not_join_are_refused() -> None:
    with pytest.raises(ValueError, match="staffels"):
        PenaltyRule(14, (Tier(1, 14, Decimal(23)), Tier(16, 28, Decimal(35))), "x")


# Deadline Tuesday 28 April 2026; notice received Monday 4 May 2026; first penalty day
# Monday 18 May 2026 (day 1).
DEADLINE, NOTICE, FIRST = D(2026, 4, 28), D(2026, 5, 4), D(2026, 5, 18)


@pytest.mark.parametrize(
    ("today", "days", "amount"),
    [
        (FIRST, 1, "23"),
        (FIRST + dt.timedelta(days=13), 14, "322"),
        (FIRST + dt.timedelta(days=14), 15, "357"),
        (FIRST + dt.timedelta(days=27), 28, "812"),
        (FIRST + dt.timedelta(days=41), 42, "1442"),
        (FIRST + dt.timedelta(days=59), 42, "1442"),
    ],
)
def test_penalty_on_days_1_14_15_28_42_and_60(today: dt.date, days: int, amount: str) -> None:
    penalty = compute_penalty(
        RULE, deadline=DEADLINE, notice_received_on=NOTICE, decided_on=None, today=today
    )
    assert penalty.first_day == FIRST
    assert (penalty.days, penalty.amount) == (days, Decimal(amount))
    assert penalty.state == (PenaltyState.LOOPT if days < 42 else PenaltyState.BEEINDIGD)


def test_within_two_weeks_of_the_notice_nothing_is_due() -> None:
    penalty = compute_penalty(
        RULE, deadline=DEADLINE, notice_received_on=NOTICE, decided_on=None, today=D(2026, 5, 17)
    )
    assert (penalty.state, penalty.amount) == (PenaltyState.NOG_NIET, Decimal("0.00"))
    assert "Beslis uiterlijk op 17 mei 2026." in penalty.explanation


def test_a_decision_stops_the_count_the_day_before() -> None:
    penalty = compute_penalty(
        RULE,
        deadline=DEADLINE,
        notice_received_on=NOTICE,
        decided_on=D(2026, 5, 20),
        today=D(2026, 6, 30),
    )
    assert (penalty.state, penalty.days, penalty.amount) == (
        PenaltyState.BEEINDIGD,
        2,
        Decimal("46"),
    )
    on_first = compute_penalty(
        RULE, deadline=DEADLINE, notice_received_on=NOTICE, decided_on=FIRST, today=D(2026, 6, 30)
    )
    assert (on_first.state, on_first.amount) == (PenaltyState.GEEN, Decimal("0.00"))


def test_a_premature_notice_starts_nothing() -> None:
    penalty = compute_penalty(
        RULE, deadline=DEADLINE, notice_received_on=DEADLINE, decided_on=None, today=D(2026, 7, 1)
    )
    assert (penalty.state, penalty.amount) == (PenaltyState.TE_VROEG, Decimal("0.00"))


def test_without_a_notice_the_overdue_case_says_what_the_client_may_do() -> None:
    penalty = compute_penalty(
        RULE, deadline=DEADLINE, notice_received_on=None, decided_on=None, today=D(2026, 5, 1)
    )
    assert penalty.state == PenaltyState.GEEN_INGEBREKESTELLING
    assert "in gebreke stellen" in penalty.explanation[0]
