"""Reporting periods: the three four-month Marap periods of a year (January-April,
May-August, September-December) on which SZMH reports to each partner (DVO: Marap moments
1 April, 1 September and 1 January), and the whole calendar year of the annual figures
(jaarcijfers). Pure: dates only, no ORM.

A period is written ``2026-1`` (year, number) in URLs and the API; the year is written
``2026`` (number 0). When a report is due is not held here: it is part of the DVO's
reporting calendar (:class:`DueTerms`, from the DVO in force), as data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from samen.common.dates import MONTHS_NL
from samen.common.periods import Period

YEAR = 0
#: first and last month of each period, by number (0: the whole year)
MONTHS = {YEAR: (1, 12), 1: (1, 4), 2: (5, 8), 3: (9, 12)}
FIRST_YEAR, LAST_YEAR = 2000, 2100
_CODE = re.compile(r"^(\d{4})(?:-([123]))?$")


class NotAPeriod(ValueError):
    pass


@dataclass(frozen=True)
class DueTerms:
    """When a report is due (the DVO's reporting calendar): a four-monthly report
    ``days_after_period`` days after its period's last day, the annual figures on
    ``annual_day`` ``annual_month`` of the next year."""

    days_after_period: int
    annual_month: int
    annual_day: int


@dataclass(frozen=True, order=True)
class MarapPeriod:
    year: int
    number: int  # 1-3: a four-month period; 0 (YEAR): the whole calendar year

    def __post_init__(self) -> None:
        if self.number not in MONTHS or not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise NotAPeriod(f"Geen Marap-periode: {self.year}-{self.number}.")

    @classmethod
    def parse(cls, code: object) -> MarapPeriod:
        """``2026-1`` -> the first period of 2026, ``2026`` -> the year 2026; anything else is
        refused."""
        match = _CODE.match(code) if isinstance(code, str) and len(code) in (4, 6) else None
        if match is None:
            raise NotAPeriod(
                "Een periode schrijft u als jaar-nummer, bijvoorbeeld 2026-1, of als jaar "
                "(jaarcijfers), bijvoorbeeld 2026."
            )
        return cls(int(match.group(1)), int(match.group(2) or YEAR))

    @classmethod
    def whole_year(cls, year: int) -> MarapPeriod:
        return cls(year, YEAR)

    @classmethod
    def containing(cls, day: dt.date) -> MarapPeriod:
        """The four-month period that holds ``day``."""
        return cls(day.year, (day.month - 1) // 4 + 1)

    @classmethod
    def last_ended(cls, day: dt.date) -> MarapPeriod:
        """The latest four-month period that ended before ``day``."""
        return cls.containing(day).previous()

    @property
    def is_year(self) -> bool:
        return self.number == YEAR

    @property
    def kind(self) -> str:
        return "jaar" if self.is_year else "tertiaal"

    @property
    def code(self) -> str:
        return str(self.year) if self.is_year else f"{self.year}-{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, MONTHS[self.number][0], 1)

    @property
    def end(self) -> dt.date:
        last_month = MONTHS[self.number][1]
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def due(self, terms: DueTerms) -> dt.date:
        """When the report is due under ``terms``: a four-month period's so many days after
        its last day, the year's on the annual due day of the next year."""
        if self.is_year:
            return dt.date(self.year + 1, terms.annual_month, terms.annual_day)
        return self.end + dt.timedelta(days=terms.days_after_period)

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.year)
        first, last = MONTHS[self.number]
        return f"{MONTHS_NL[first - 1]}-{MONTHS_NL[last - 1]} {self.year}"

    def months(self) -> Iterator[dt.date]:
        first, last = MONTHS[self.number]
        for month in range(first, last + 1):
            yield dt.date(self.year, month, 1)

    def previous(self) -> MarapPeriod:
        """The period of the same kind before this one (the year before, for a year)."""
        if self.is_year:
            return MarapPeriod(self.year - 1, YEAR)
        if self.number == 1:
            return MarapPeriod(self.year - 1, 3)
        return MarapPeriod(self.year, self.number - 1)

    def next(self) -> MarapPeriod:
        if self.is_year:
            return MarapPeriod(self.year + 1, YEAR)
        if self.number == 3:
            return MarapPeriod(self.year + 1, 1)
        return MarapPeriod(self.year, self.number + 1)

    def earlier(self, count: int) -> list[MarapPeriod]:
        """The ``count`` periods of the same kind before this one, oldest first."""
        found: list[MarapPeriod] = []
        current = self
        for _ in range(count):
            current = current.previous()
            found.append(current)
        return found[::-1]

    def has_ended(self, day: dt.date) -> bool:
        return day > self.end


def due_met(due: dt.date | None, published_on: dt.date | None, today: dt.date) -> bool | None:
    """Whether the due date was met: True when published on or before it, False when
    published later or not published while it has passed, None while it is still open (or
    when there is no due date: no DVO for the period)."""
    if due is None:
        return None
    if published_on is not None:
        return published_on <= due
    return False if today > due else None
