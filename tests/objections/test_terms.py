"""The objection terms (Awb 6:6-6:11, 7:10, Algemene termijnenwet) on concrete 2026 dates.

Pure: no database, no settings. Every date is explicit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from samen.cases.deadlines import Suspension
from samen.objections.terms import (
    Postponement,
    Repair,
    TermError,
    Timeliness,
    admissible_on_time,
    decision_deadline,
    decision_term_start,
    objection_term,
    repair_status,
    repair_suspension,
    timeliness,
)

D = dt.date


# --- Bezwaartermijn over weekends and 2026 holidays (Atw) ------------------------------------
@pytest.mark.parametrize(
    ("announced", "end", "why"),
    [
        (D(2026, 2, 10), D(2026, 3, 24), "an ordinary Tuesday: six weeks later, unchanged"),
        (D(2026, 2, 14), D(2026, 3, 30), "ends on Saturday 28 March: moves to Monday"),
        (D(2026, 3, 16), D(2026, 4, 28), "ends on Koningsdag, Monday 27 April"),
        (D(2026, 3, 24), D(2026, 5, 6), "ends on Bevrijdingsdag, Tuesday 5 May"),
        (D(2026, 4, 2), D(2026, 5, 18), "Hemelvaartsdag 14 May, equated Friday 15 May, weekend"),
        (D(2026, 4, 13), D(2026, 5, 26), "ends on tweede Pinksterdag, 25 May"),
        (D(2026, 11, 13), D(2026, 12, 28), "Christmas on Friday and Saturday, then Sunday"),
        (D(2025, 11, 21), D(2026, 1, 5), "Friday 2 January 2026, equated by Royal Decree"),
    ],
)
def test_bezwaartermijn_is_six_weeks_moved_by_the_atw(
    announced: dt.date, end: dt.date, why: str
) -> None:
    term = objection_term(announced)
    assert term.nominal_end == announced + dt.timedelta(weeks=6)
    assert term.end == end, why
    assert term.moved_by_atw == (end != term.nominal_end)


def test_the_explanation_names_the_days_in_plain_dutch() -> None:
    term = objection_term(D(2026, 3, 16))
    assert term.explanation == (
        "Het besluit is bekendgemaakt op 16 maart 2026. De bezwaartermijn van 6 weken begint "
        "de dag erna (artikel 6:8 Awb).",
        "De termijn zou eindigen op 27 april 2026. Dat is geen werkdag, dus eindigt de "
        "termijn op 28 april 2026 (Algemene termijnenwet).",
        "Bezwaar moet uiterlijk op 28 april 2026 binnen zijn.",
    )


def test_the_term_length_comes_from_the_caller() -> None:
    assert objection_term(D(2026, 2, 10), weeks=4).end == D(2026, 3, 10)
    with pytest.raises(TermError):
        objection_term(D(2026, 2, 10), weeks=0)


# --- On time (6:9), too early (6:10), late but excusable (6:11) -----------------------------
TERM = objection_term(D(2026, 2, 2))  # ends Monday 16 March 2026


def test_received_on_the_last_day_is_on_time() -> None:
    assert TERM.end == D(2026, 3, 16)
    assert timeliness(TERM, D(2026, 3, 16)) == Timeliness.TIJDIG
    assert timeliness(TERM, D(2026, 2, 3)) == Timeliness.TIJDIG


def test_received_a_day_late_is_late() -> None:
    assert timeliness(TERM, D(2026, 3, 17)) == Timeliness.TE_LAAT


def test_posted_in_time_and_received_within_a_week_is_on_time() -> None:
    assert timeliness(TERM, D(2026, 3, 23), posted_on=D(2026, 3, 16)) == (
        Timeliness.TIJDIG_PER_POST
    )
    # Eight days after the term: too late, however early it was posted.
    assert timeliness(TERM, D(2026, 3, 24), posted_on=D(2026, 3, 10)) == Timeliness.TE_LAAT
    # Posted after the term: too late.
    assert timeliness(TERM, D(2026, 3, 18), posted_on=D(2026, 3, 17)) == Timeliness.TE_LAAT


def test_a_postmark_after_receipt_is_refused() -> None:
    with pytest.raises(TermError, match="poststempel"):
        timeliness(TERM, D(2026, 3, 10), posted_on=D(2026, 3, 11))


def test_filed_before_the_announcement_is_flagged() -> None:
    assert timeliness(TERM, D(2026, 2, 2)) == Timeliness.TE_VROEG


def test_a_late_objection_is_excusable_only_with_a_recorded_reason() -> None:
    late = timeliness(TERM, D(2026, 3, 20))
    assert late == Timeliness.TE_LAAT
    assert not admissible_on_time(late)
    assert not admissible_on_time(late, "   ")
    assert admissible_on_time(late, "Bezwaarmaker lag van 1 tot 19 maart in het ziekenhuis.")
    assert admissible_on_time(Timeliness.TIJDIG_PER_POST)


def test_the_decision_term_of_a_late_objection_runs_from_its_receipt() -> None:
    assert decision_term_start(TERM, D(2026, 3, 20)) == D(2026, 3, 20)
    assert decision_term_start(TERM, D(2026, 3, 2)) == D(2026, 3, 16)
    deadline = decision_deadline(TERM, D(2026, 3, 20), committee=False)
    assert deadline.due == D(2026, 5, 1)


# --- Beslistermijn (7:10) with verdaging and consent ------------------------------------------
def test_six_weeks_after_the_bezwaartermijn_moved_by_the_atw() -> None:
    deadline = decision_deadline(TERM, D(2026, 3, 2), committee=False)
    assert deadline.nominal == D(2026, 4, 27)  # Koningsdag
    assert deadline.due == D(2026, 4, 28)


def test_twelve_weeks_with_an_advisory_committee() -> None:
    assert decision_deadline(TERM, D(2026, 3, 2), committee=True).due == D(2026, 6, 8)


def test_verdaging_adds_six_weeks() -> None:
    verdaagd = [Postponement(6, D(2026, 4, 20))]
    assert decision_deadline(TERM, D(2026, 3, 2), committee=False, postponements=verdaagd).due == (
        D(2026, 6, 8)
    )
    assert decision_deadline(TERM, D(2026, 3, 2), committee=True, postponements=verdaagd).due == (
        D(2026, 7, 20)
    )


def test_verdaging_on_the_moved_last_day_is_in_time_after_it_is_not() -> None:
    on_time = [Postponement(6, D(2026, 4, 28))]
    assert decision_deadline(TERM, D(2026, 3, 2), committee=False, postponements=on_time).due
    with pytest.raises(TermError, match="binnen de termijn"):
        decision_deadline(
            TERM, D(2026, 3, 2), committee=False, postponements=[Postponement(6, D(2026, 4, 29))]
        )


def test_a_second_verdaging_or_a_longer_one_is_refused() -> None:
    with pytest.raises(TermError, match="maar één keer"):
        decision_deadline(
            TERM,
            D(2026, 3, 2),
            committee=False,
            postponements=[Postponement(6, D(2026, 4, 20)), Postponement(6, D(2026, 6, 1))],
        )
    with pytest.raises(TermError, match="ten hoogste 6 weken"):
        decision_deadline(
            TERM, D(2026, 3, 2), committee=False, postponements=[Postponement(8, D(2026, 4, 20))]
        )


def test_further_postponement_with_consent() -> None:
    deadline = decision_deadline(
        TERM,
        D(2026, 3, 2),
        committee=False,
        postponements=[
            Postponement(6, D(2026, 4, 20)),
            Postponement(4, D(2026, 6, 1), consented_on=D(2026, 5, 29)),
        ],
    )
    assert deadline.due == D(2026, 7, 6)
    with pytest.raises(TermError, match="instemmen"):
        decision_deadline(
            TERM,
            D(2026, 3, 2),
            committee=False,
            postponements=[Postponement(4, D(2026, 4, 20), consented_on=D(2026, 4, 21))],
        )


# --- Herstel verzuim (6:6, 7:10 lid 2) ---------------------------------------------------------
def test_a_repaired_omission_suspends_the_decision_term() -> None:
    suspension = repair_suspension(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 10), D(2026, 4, 20))
    assert suspension == Suspension(D(2026, 4, 1), D(2026, 4, 10))
    deadline = decision_deadline(TERM, D(2026, 3, 2), committee=False, suspensions=[suspension])
    # 27 April + 8 days = 5 May, Bevrijdingsdag: Wednesday 6 May.
    assert deadline.suspended_days == 8
    assert deadline.due == D(2026, 5, 6)


def test_an_unused_repair_term_suspends_until_it_expired() -> None:
    assert repair_status(D(2026, 4, 1), D(2026, 4, 15), None, D(2026, 4, 15)) == Repair.LOOPT
    assert repair_status(D(2026, 4, 1), D(2026, 4, 15), None, D(2026, 4, 16)) == (
        Repair.NIET_HERSTELD
    )
    suspension = repair_suspension(D(2026, 4, 1), D(2026, 4, 15), None, D(2026, 4, 20))
    deadline = decision_deadline(TERM, D(2026, 3, 2), committee=False, suspensions=[suspension])
    assert deadline.suspended_days == 14
    assert deadline.due == D(2026, 5, 11)


def test_a_running_repair_term_leaves_the_deadline_open() -> None:
    suspension = repair_suspension(D(2026, 4, 1), D(2026, 4, 15), None, D(2026, 4, 5))
    assert decision_deadline(
        TERM, D(2026, 3, 2), committee=False, suspensions=[suspension]
    ).due is (None)


def test_a_repair_term_must_end_after_the_request() -> None:
    with pytest.raises(TermError):
        repair_status(D(2026, 4, 1), D(2026, 4, 1), None, D(2026, 4, 5))
