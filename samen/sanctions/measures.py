"""Measures (maatregelen, Participatiewet art. 18 lid 2) as pure rules: which months a
measure covers and how much it lowers a month's benefit. No ORM: the payment run's provider
(:mod:`samen.sanctions.run_reductions`) loads the measures and calls these.

A measure lowers the benefit by its percentage for a whole number of calendar months from
its start month. The percentage is taken of what the month pays the client before
deductions (the benefit after income and a part-month), rounded down to the cent, and
never more than what is left of the month.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def last_month(start_month: dt.date, months: int) -> dt.date:
    """The first day of the last month a measure of ``months`` months covers."""
    if months < 1:
        raise ValueError("Een maatregel duurt ten minste één maand.")
    return add_months(first_of_month(start_month), months - 1)


def covers(start_month: dt.date, months: int, month: dt.date) -> bool:
    """Whether a measure starting in ``start_month`` for ``months`` months covers ``month``."""
    month = first_of_month(month)
    return first_of_month(start_month) <= month <= last_month(start_month, months)


def reduction(amount: Decimal, percentage: Decimal, available: Decimal | None = None) -> Decimal:
    """What the measure takes from a month that pays ``amount`` before deductions."""
    if not (Decimal("0") < percentage <= HUNDRED):
        raise ValueError("Het percentage van een maatregel ligt tussen 0 en 100.")
    value = (amount * percentage / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)
    if available is not None:
        value = min(value, available)
    return max(value, Decimal("0.00"))
