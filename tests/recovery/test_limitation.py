"""Limitation (Awb 4:104, interrupted under 4:106) as a pure function of a claim's events,
and on a real claim: a summons restarts the term, the worklist shows claims nearing it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.recovery import decisions, steps
from samen.recovery.limitation import Event, add_years, limitation
from samen.recovery.models import Claim
from tests.cases.conftest import World

D = dt.date


def test_five_years_from_the_day_after_the_payment_term() -> None:
    result = limitation(D(2026, 6, 26), [], 5)
    assert result.term_starts == D(2026, 6, 27)
    assert result.limited_on == D(2031, 6, 27)
    assert result.interrupted_by is None
    assert not result.is_limited(D(2031, 6, 26)) and result.is_limited(D(2031, 6, 27))


def test_a_summons_restarts_the_term_the_day_after() -> None:
    summons = Event("aanmaning", D(2029, 3, 10))
    result = limitation(D(2026, 6, 26), [summons], 5)
    assert result.term_starts == D(2029, 3, 11)
    assert result.limited_on == D(2034, 3, 11)
    assert result.interrupted_by == summons
    assert any("aanmaning (Awb 4:106)" in line for line in result.explanation)


def test_the_last_of_several_events_counts_in_date_order() -> None:
    events = [Event("dwangbevel", D(2030, 1, 5)), Event("verrekening", D(2028, 2, 1))]
    assert limitation(D(2026, 6, 26), events, 5).limited_on == D(2035, 1, 6)


def test_events_before_the_term_or_after_limitation_change_nothing() -> None:
    before = Event("aanmaning", D(2026, 6, 1))
    after = Event("aanmaning", D(2031, 7, 1))  # the claim limited on 27 June 2031
    result = limitation(D(2026, 6, 26), [before, after], 5)
    assert result.limited_on == D(2031, 6, 27) and result.interrupted_by is None


def test_unknown_events_and_a_bad_term_are_refused() -> None:
    with pytest.raises(ValueError, match="Onbekende"):
        limitation(D(2026, 6, 26), [Event("ontvangst", D(2027, 1, 1))], 5)
    with pytest.raises(ValueError):
        limitation(D(2026, 6, 26), [], 0)


def test_leap_day_and_month_ends() -> None:
    assert add_years(D(2028, 2, 29), 5) == D(2033, 2, 28)
    assert add_years(D(2026, 8, 31), 0, 6) == D(2027, 2, 28)
    assert add_years(D(2026, 1, 15), 1, 11) == D(2027, 12, 15)


def test_limitation_reset_by_a_summons_on_a_claim_and_the_worklist(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = claims[0]
    user = world.user("handhaving")
    decisions.decide_recovery(
        user,
        claim.pk,
        decisions.NewRecovery(
            ground="pw-58-2",
            benefit_type="pw-algemene-bijstand",
            period_from=D(2026, 3, 1),
            period_until=D(2026, 3, 31),
            decided_on=D(2026, 5, 15),
            reasoning="Inkomsten met terugwerkende kracht vastgesteld.",
        ),
        expected_version=1,
    )
    claim.refresh_from_db()
    assert steps.limitation_of(claim).limited_on == D(2031, 6, 27)
    # near the end of the term the claim shows on the worklist (horizon 6 months) ...
    near = D(2031, 1, 10)
    months, total, page = steps.nearing_limitation(user, on=near)
    assert months == 6 and claim in [i.claim for i in page]
    # ... the other claim, without a recovery decision, counts from the day it arose
    other = next(i for i in page if i.claim.pk != claim.pk)
    assert other.limitation.term_starts == other.claim.established_on + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: near)
    steps.record_step(
        user, claim.pk, kind="aanmaning", sent_on=near, expected_version=claim.version
    )
    claim.refresh_from_db()
    assert steps.limitation_of(claim).limited_on == D(2036, 1, 11)
    _months, _total, page = steps.nearing_limitation(user, on=near)
    assert claim not in [i.claim for i in page]
    # a reminder does not interrupt
    steps.record_step(
        user, claim.pk, kind="herinnering", sent_on=near, expected_version=claim.version
    )
    claim.refresh_from_db()
    assert steps.limitation_of(claim).limited_on == D(2036, 1, 11)
    # a Maastricht-only grant sees none of it
    assert steps.nearing_limitation(world.user("consulent.maastricht"), on=near)[1] == 0
