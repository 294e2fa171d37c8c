"""The payment calendar's default rule, pure: when a month's benefits are paid and when its
run starts by itself.

Which day a month is paid is the organisation's choice, not the law's, so the dates are data
(:class:`samen.income.models.PaymentDate`, one row per month, editable in ``/beheer``). This
module only proposes rows for a new year: paid on the ``pay_day`` of the month (the 24th by
default) or the banking day before it, with the run starting ``lead_days`` banking days
earlier so the SEPA file can be sent in time. Banking days are the weekdays on which the
euro payment system TARGET is open (the ECB's closing days: 1 January, Good Friday, Easter
Monday, 1 May, 25 and 26 December), from the ``holidays`` package's ECB calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

DEFAULT_PAY_DAY = 24
DEFAULT_LEAD_DAYS = 3
DEFAULT_SOURCE = (
    "Standaardkalender van samen: betaling op de 24e of de bankwerkdag ervoor, de run drie "
    "bankwerkdagen eerder. Stel de eigen data vast in /beheer."
)


@lru_cache(maxsize=32)
def _closing_days(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.financial_holidays("XECB", years=year))


def is_banking_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _closing_days(day.year)


def banking_day_on_or_before(day: dt.date) -> dt.date:
    while not is_banking_day(day):
        day -= dt.timedelta(days=1)
    return day


def banking_days_before(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day -= dt.timedelta(days=1)
        if is_banking_day(day):
            count -= 1
    return day


@dataclass(frozen=True)
class ProposedDate:
    month: dt.date
    run_on: dt.date
    pay_on: dt.date


def propose(
    month: dt.date, *, pay_day: int = DEFAULT_PAY_DAY, lead_days: int = DEFAULT_LEAD_DAYS
) -> ProposedDate:
    """The default dates for the run of ``month`` (any day of it)."""
    first = month.replace(day=1)
    pay_on = banking_day_on_or_before(first.replace(day=pay_day))
    return ProposedDate(first, banking_days_before(pay_on, lead_days), pay_on)


def propose_year(year: int, **rule: int) -> list[ProposedDate]:
    return [propose(dt.date(year, m, 1), **rule) for m in range(1, 13)]
