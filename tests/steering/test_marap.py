"""Marap periods and the judgement of a figure against its norm (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.steering.judgement import Verdict, judge, shown
from samen.steering.marap import DueTerms, MarapPeriod, NotAPeriod, due_met

D = dt.date
TERMS = DueTerms(days_after_period=30, annual_month=3, annual_day=15)  # the 2017 DVO's


def test_the_three_periods_of_a_year_and_their_due_dates():
    first, second, third = (MarapPeriod(2026, n) for n in (1, 2, 3))
    assert (first.start, first.end, first.due(TERMS)) == (
        D(2026, 1, 1),
        D(2026, 4, 30),
        D(2026, 5, 30),
    )
    assert (second.start, second.end, second.due(TERMS)) == (
        D(2026, 5, 1),
        D(2026, 8, 31),
        D(2026, 9, 30),
    )
    assert (third.start, third.end, third.due(TERMS)) == (
        D(2026, 9, 1),
        D(2026, 12, 31),
        D(2027, 1, 30),
    )
    assert first.due(DueTerms(45, 3, 15)) == D(2026, 6, 14)  # the DVO's term, not a constant
    assert first.label == "januari-april 2026"
    assert [m.month for m in third.months()] == [9, 10, 11, 12]
    assert first.previous() == MarapPeriod(2025, 3) and third.next() == MarapPeriod(2027, 1)
    assert MarapPeriod(2026, 1).earlier(3) == [
        MarapPeriod(2025, 1),
        MarapPeriod(2025, 2),
        MarapPeriod(2025, 3),
    ]
    assert MarapPeriod.last_ended(D(2026, 5, 1)) == first
    assert MarapPeriod.containing(D(2026, 8, 31)) == second


def test_the_year_is_a_period_of_its_own_due_on_15_march_of_the_next_year():
    year = MarapPeriod.parse("2026")
    assert year == MarapPeriod.whole_year(2026) and year.is_year and year.kind == "jaar"
    assert (year.start, year.end, year.due(TERMS)) == (
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2027, 3, 15),
    )
    assert year.code == "2026" and year.label == "2026" and len(list(year.months())) == 12
    assert year.previous() == MarapPeriod(2025, 0) and year.earlier(2) == [
        MarapPeriod(2024, 0),
        MarapPeriod(2025, 0),
    ]
    assert MarapPeriod.parse("2026-3").kind == "tertiaal"
    assert year.due(DueTerms(30, 4, 1)) == D(2027, 4, 1)


def test_the_due_date_is_met_when_published_on_or_before_it():
    due = MarapPeriod(2026, 1).due(TERMS)
    assert due_met(due, D(2026, 5, 30), D(2026, 6, 1)) is True
    assert due_met(due, D(2026, 5, 31), D(2026, 6, 1)) is False
    assert due_met(due, None, D(2026, 5, 30)) is None
    assert due_met(due, None, D(2026, 5, 31)) is False
    assert due_met(None, None, D(2030, 1, 1)) is None  # no DVO, no term


@pytest.mark.parametrize(
    "raw",
    ["2026-4", "2026-0", "26-1", "2026-1 ", "x", None, 20261, "1999-1", "1999", "202", " 2026"],
)
def test_a_period_code_is_parsed_strictly(raw):
    with pytest.raises(NotAPeriod):
        MarapPeriod.parse(raw)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 8, 31)))
def test_every_day_lies_in_exactly_the_period_containing_it(day):
    period = MarapPeriod.containing(day)
    assert period.start <= day <= period.end
    assert period.next().start == period.end + dt.timedelta(days=1)
    assert MarapPeriod.parse(period.code) == period


def test_norms_are_judged_strictly_and_streefwaarden_not_at_all():
    assert judge(">", Decimal(85), Decimal("85.0")) == Verdict.NOT_MET
    assert judge(">", Decimal(85), Decimal("85.1")) == Verdict.MET
    assert judge("<", Decimal(25), Decimal("24.9")) == Verdict.MET
    assert judge("<", Decimal(25), Decimal(25)) == Verdict.NOT_MET
    assert judge("info", Decimal(5800), Decimal(100)) == Verdict.NOT_JUDGED
    assert judge(">=", Decimal(100), None) == Verdict.NO_DATA


def test_small_counts_are_hidden_and_amounts_are_not():
    assert shown("aantal", Decimal(4), 4, None, 5).value == "< 5"
    assert shown("aantal", Decimal(0), 0, None, 5).value == "0"
    assert shown("aantal", Decimal(5), 5, None, 5).value == "5"
    percent = shown("procent", Decimal("75.0"), 3, 4, 5)
    assert (percent.numerator, percent.denominator) == ("< 5", "< 5") and "75" not in percent.value
    assert shown("procent", Decimal("85.0"), 17, 20, 5).value == "85%"
    assert shown("bedrag", Decimal("1750000"), None, None, 5).value == "€ 1.750.000,00"
    assert shown("cijfer", Decimal("7.4"), None, None, 5).value == "7,4"
