"""Validity periods: the one rule for "as of a date" (inclusive start and end, open end)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.common.periods import Period, long_date
from tests import factories

D = dt.date
START = D(2024, 12, 20)
DAYS = 40  # a small window so that overlaps and edges are common


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = START + dt.timedelta(days=draw(st.integers(0, DAYS)))
    length = draw(st.none() | st.integers(0, DAYS))
    return Period(start, None if length is None else start + dt.timedelta(days=length))


days = st.integers(-5, 2 * DAYS + 5).map(lambda n: START + dt.timedelta(days=n))


# Every day on which a generated period could start or end, plus a margin.
WINDOW = [START + dt.timedelta(days=n) for n in range(-5, 2 * DAYS + 6)]


@given(periods(), periods())
def test_overlap_means_a_shared_day(a: Period, b: Period) -> None:
    shared = any(a.contains(day) and b.contains(day) for day in WINDOW)
    assert a.overlaps(b) == shared


@given(periods(), periods())
def test_overlap_is_symmetric(a: Period, b: Period) -> None:
    assert a.overlaps(b) == b.overlaps(a)


@given(periods())
def test_a_period_contains_its_first_and_last_day(p: Period) -> None:
    assert p.contains(p.valid_from)
    assert not p.contains(p.valid_from - dt.timedelta(days=1))
    if p.valid_until is not None:
        assert p.contains(p.valid_until)
        assert not p.contains(p.valid_until + dt.timedelta(days=1))
    else:
        assert p.contains(D(9999, 12, 31))


@given(periods(), periods())
def test_covers_means_every_day_inside(a: Period, b: Period) -> None:
    if b.valid_until is None:
        expected = a.valid_until is None and a.valid_from <= b.valid_from
    else:
        expected = all(a.contains(day) for day in WINDOW if b.contains(day))
    assert a.covers(b) == expected
    if a.covers(b):
        assert a.overlaps(b)


@given(periods(), days)
def test_contains_agrees_with_a_one_day_period(p: Period, day: dt.date) -> None:
    assert p.contains(day) == p.overlaps(Period(day, day))


def test_adjacent_periods_do_not_overlap() -> None:
    before = Period(D(2016, 1, 1), D(2025, 4, 9))
    after = Period(D(2025, 4, 10))
    assert not before.overlaps(after)
    assert before.overlaps(Period(D(2025, 4, 9)))


def test_labels_are_dutch() -> None:
    assert long_date(D(2026, 1, 1)) == "1 januari 2026"
    assert Period(D(2026, 1, 1)).label() == "vanaf 1 januari 2026"
    assert Period(D(2016, 1, 1), D(2025, 4, 9)).label() == "van 1 januari 2016 t/m 9 april 2025"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valid_from", "valid_until", "day", "expected"),
    [
        (D(2026, 1, 1), None, D(2026, 1, 1), True),
        (D(2026, 1, 1), None, D(2025, 12, 31), False),
        (D(2016, 1, 1), D(2025, 4, 9), D(2025, 4, 9), True),
        (D(2016, 1, 1), D(2025, 4, 9), D(2025, 4, 10), False),
    ],
)
def test_database_lookup_agrees_with_the_pure_rule(
    valid_from: dt.date, valid_until: dt.date | None, day: dt.date, expected: bool
) -> None:
    membership = factories.MembershipFactory(valid_from=valid_from, valid_until=valid_until)
    model = type(membership)
    assert membership.is_valid_on(day) == expected
    assert model.objects.valid_on(day).filter(pk=membership.pk).exists() == expected
    overlapping = model.objects.overlapping(day, day).filter(pk=membership.pk).exists()
    assert overlapping == Period(valid_from, valid_until).overlaps(Period(day, day))
