"""The deadline rules (Awb 4:13-4:15, Algemene termijnenwet) on concrete dates.

Pure: no database, no settings. Every date is explicit.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.cases.deadlines import (
    Deadline,
    DeadlineError,
    Extension,
    Suspension,
    Term,
    atw_holidays,
    compute_deadline,
    days_left,
    decided_in_time,
    is_atw_holiday,
    next_working_day,
)

D = dt.date
EIGHT_WEEKS = Term(8, "weken")


def test_eight_weeks_from_receipt_ends_on_the_same_weekday():
    deadline = compute_deadline(D(2026, 2, 2), EIGHT_WEEKS)  # Monday
    assert deadline.nominal == D(2026, 3, 30)
    assert deadline.due == D(2026, 3, 30)
    assert not deadline.moved_by_atw
    assert deadline.suspended_days == 0


def test_explanation_in_plain_dutch_with_long_dates():
    # 8 weeks after Sunday 8 February 2026 is Sunday 5 April (Easter); Monday 6 April is
    # tweede Paasdag, so the term ends on Tuesday 7 April.
    deadline = compute_deadline(D(2026, 2, 8), EIGHT_WEEKS)
    assert deadline.due == D(2026, 4, 7)
    assert deadline.explanation[0] == (
        "Termijn: 8 weken vanaf de dag na ontvangst (9 februari 2026)."
    )
    assert "5 april 2026" in deadline.explanation[1]
    assert "7 april 2026" in deadline.explanation[1]
    assert deadline.explanation[-1] == "Uiterlijk beslissen op 7 april 2026."


def test_term_ending_in_a_weekend_moves_to_monday():
    deadline = compute_deadline(D(2026, 1, 10), EIGHT_WEEKS)  # ends Saturday 7 March
    assert deadline.nominal == D(2026, 3, 7)
    assert deadline.due == D(2026, 3, 9)
    assert deadline.moved_by_atw


def test_term_ending_on_koningsdag_2026_moves_to_the_next_day():
    # 27 April 2026 is a Monday and Koningsdag.
    deadline = compute_deadline(D(2026, 3, 2), EIGHT_WEEKS)
    assert deadline.nominal == D(2026, 4, 27)
    assert deadline.due == D(2026, 4, 28)
    assert deadline.moved_by_atw


def test_koningsdag_2025_was_celebrated_on_saturday_26_april():
    # 27 April 2025 was a Sunday, so the King's birthday was celebrated on Saturday 26
    # April: that is the Atw day ("de dag waarop de verjaardag van de Koning wordt
    # gevierd"). 27 April 2025 was not a holiday, only a Sunday.
    assert is_atw_holiday(D(2025, 4, 26))
    assert not is_atw_holiday(D(2025, 4, 27))
    deadline = compute_deadline(D(2025, 3, 1), EIGHT_WEEKS)
    assert deadline.nominal == D(2025, 4, 26)
    assert deadline.due == D(2025, 4, 28)


def test_hemelvaartsdag_2026_and_the_equated_friday():
    # Thursday 14 May 2026 is Hemelvaartsdag; Friday 15 May is equated with a holiday by
    # Royal Decree (Atw art. 3 lid 3). The term therefore ends on Monday 18 May.
    assert is_atw_holiday(D(2026, 5, 14))
    assert is_atw_holiday(D(2026, 5, 15))
    deadline = compute_deadline(D(2026, 3, 19), EIGHT_WEEKS)
    assert deadline.nominal == D(2026, 5, 14)
    assert deadline.due == D(2026, 5, 18)


def test_pinkstermaandag_2026():
    deadline = compute_deadline(D(2026, 3, 30), EIGHT_WEEKS)
    assert deadline.nominal == D(2026, 5, 25)
    assert deadline.due == D(2026, 5, 26)


def test_christmas_2026_friday_and_saturday_then_sunday():
    deadline = compute_deadline(D(2026, 10, 30), EIGHT_WEEKS)
    assert deadline.nominal == D(2026, 12, 25)
    assert deadline.due == D(2026, 12, 28)


def test_bevrijdingsdag_counts_every_year_not_only_in_lustrum_years():
    # The holidays package lists 5 May only every fifth year; the Atw every year.
    assert is_atw_holiday(D(2026, 5, 5))
    assert is_atw_holiday(D(2027, 5, 5))
    assert next_working_day(D(2026, 5, 5)) == D(2026, 5, 6)


def test_good_friday_counts_and_easter_sunday_is_no_holiday_of_its_own():
    assert is_atw_holiday(D(2026, 4, 3))
    assert D(2026, 4, 5) not in atw_holidays(2026)
    assert next_working_day(D(2026, 4, 3)) == D(2026, 4, 7)


def test_next_working_day_is_the_day_itself_on_a_working_day():
    assert next_working_day(D(2026, 3, 4)) == D(2026, 3, 4)


def test_term_in_days_and_atw_article_2():
    # Three days from Thursday 24 December 2026 would end on Sunday 27 December; art. 1
    # moves it to Monday 28, but the term then holds only one working day, so art. 2
    # extends it to Tuesday 29 December.
    deadline = compute_deadline(D(2026, 12, 24), Term(3, "dagen"))
    assert deadline.nominal == D(2026, 12, 27)
    assert deadline.due == D(2026, 12, 29)


def test_term_in_months_clamps_to_the_end_of_the_month():
    deadline = compute_deadline(D(2026, 1, 31), Term(1, "maanden"))
    assert deadline.nominal == D(2026, 2, 28)  # a Saturday
    assert deadline.due == D(2026, 3, 2)


def test_extension_and_suspension_combined():
    received = D(2026, 2, 2)  # 8 weeks: Monday 30 March
    suspension = Suspension(D(2026, 2, 16), D(2026, 3, 2))  # 17 Feb .. 1 Mar: 13 days
    extension = Extension(4, "weken", notified_on=D(2026, 3, 20))
    deadline = compute_deadline(received, EIGHT_WEEKS, [extension], [suspension])
    assert deadline.nominal == D(2026, 4, 27)
    assert deadline.suspended_days == 13
    # 27 April + 13 days = Sunday 10 May -> Monday 11 May.
    assert deadline.due == D(2026, 5, 11)
    assert deadline.moved_by_atw
    assert any("Verlengd met 4 weken" in line for line in deadline.explanation)
    assert any("13 dagen" in line for line in deadline.explanation)


def test_open_suspension_leaves_the_due_date_unknown():
    deadline = compute_deadline(
        D(2026, 2, 2), EIGHT_WEEKS, suspensions=[Suspension(D(2026, 2, 16), None)]
    )
    assert deadline.due is None
    assert deadline.suspended
    assert deadline.nominal == D(2026, 3, 30)
    assert days_left(deadline, D(2026, 3, 1)) is None
    assert "nog niet bekend" in deadline.explanation[-1]


def test_extension_notified_on_the_last_day_is_valid():
    deadline = compute_deadline(
        D(2026, 2, 2), EIGHT_WEEKS, [Extension(2, "weken", notified_on=D(2026, 3, 30))]
    )
    assert deadline.due == D(2026, 4, 13)


def test_extension_notified_after_the_deadline_is_refused():
    with pytest.raises(DeadlineError, match="artikel 4:14 Awb"):
        compute_deadline(
            D(2026, 2, 2), EIGHT_WEEKS, [Extension(4, "weken", notified_on=D(2026, 3, 31))]
        )


def test_second_extension_is_checked_against_the_extended_deadline():
    first = Extension(2, "weken", notified_on=D(2026, 3, 20))  # new deadline 13 April
    late = Extension(2, "weken", notified_on=D(2026, 4, 14))
    with pytest.raises(DeadlineError, match="13 april 2026"):
        compute_deadline(D(2026, 2, 2), EIGHT_WEEKS, [first, late])


def test_overlapping_suspensions_are_refused():
    with pytest.raises(DeadlineError, match="overlappen"):
        compute_deadline(
            D(2026, 2, 2),
            EIGHT_WEEKS,
            suspensions=[
                Suspension(D(2026, 2, 10), D(2026, 2, 20)),
                Suspension(D(2026, 2, 15), D(2026, 2, 25)),
            ],
        )


def test_a_new_request_on_the_day_the_previous_answer_arrived_is_allowed():
    deadline = compute_deadline(
        D(2026, 2, 2),
        EIGHT_WEEKS,
        suspensions=[
            Suspension(D(2026, 2, 10), D(2026, 2, 20)),  # 9 days
            Suspension(D(2026, 2, 20), D(2026, 2, 25)),  # 4 days
        ],
    )
    assert deadline.suspended_days == 13


def test_suspension_ending_before_it_starts_is_refused():
    with pytest.raises(DeadlineError):
        Suspension(D(2026, 2, 20), D(2026, 2, 10))


def test_unknown_unit_and_non_positive_amount_are_refused():
    with pytest.raises(DeadlineError):
        Term(8, "jaren")
    with pytest.raises(DeadlineError):
        Term(0, "weken")


def test_decided_in_time_on_the_due_date_and_late_a_day_after():
    deadline = compute_deadline(D(2026, 2, 2), EIGHT_WEEKS)
    assert decided_in_time(deadline, D(2026, 3, 30))
    assert not decided_in_time(deadline, D(2026, 3, 31))


def test_days_left():
    deadline = compute_deadline(D(2026, 2, 2), EIGHT_WEEKS)
    assert days_left(deadline, D(2026, 3, 27)) == 3
    assert days_left(deadline, D(2026, 3, 30)) == 0
    assert days_left(deadline, D(2026, 4, 1)) == -2


@st.composite
def cases(draw: st.DrawFn) -> tuple[dt.date, Term, list[Suspension]]:
    received = draw(st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 6, 30)))
    unit = draw(st.sampled_from(["dagen", "weken", "maanden"]))
    amount = draw(st.integers(min_value=1, max_value={"dagen": 120, "weken": 20}.get(unit, 4)))
    suspensions = []
    if draw(st.booleans()):
        start = received + dt.timedelta(days=draw(st.integers(0, 20)))
        suspensions.append(Suspension(start, start + dt.timedelta(days=draw(st.integers(0, 60)))))
    return received, Term(amount, unit), suspensions


@given(cases())
def test_due_date_is_a_working_day_and_never_before_nominal(case):
    received, term, suspensions = case
    deadline: Deadline = compute_deadline(received, term, suspensions=suspensions)
    assert deadline.due is not None
    assert deadline.due.weekday() < 5
    assert not is_atw_holiday(deadline.due)
    assert deadline.due >= deadline.nominal
    assert deadline.due > received
