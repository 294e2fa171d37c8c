"""Marap periods: the three four-month periods of a year (January-April, May-August,
September-December) on which SZMH reports to each partner (DVO: Marap moments 1 April,
1 September and 1 January). The bestuursrapportage of a period is due at most 30 days after
the period ends. Pure: dates only, no ORM.

A period is written ``2026-1`` (year, number) in URLs and the API.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from samen.common.dates import MONTHS_NL
from samen.common.periods import Period

#: first and last month of each period, by number
MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
DUE_DAYS = 30
FIRST_YEAR, LAST_YEAR = 2000, 2100
_CODE = re.compile(r"^(\d{4})-([123])$")


class NotAPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True)
class MarapPeriod:
    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in MONTHS or not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise NotAPeriod(f"Geen Marap-periode: {self.year}-{self.number}.")

    @classmethod
    def parse(cls, code: object) -> MarapPeriod:
        """``2026-1`` -> the first period of 2026; anything else is refused."""
        match = _CODE.match(code) if isinstance(code, str) and len(code) == 6 else None
        if match is None:
            raise NotAPeriod("Een periode schrijft u als jaar-nummer, bijvoorbeeld 2026-1.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: dt.date) -> MarapPeriod:
        return cls(day.year, (day.month - 1) // 4 + 1)

    @classmethod
    def last_ended(cls, day: dt.date) -> MarapPeriod:
        """The latest period that ended before ``day``."""
        return cls.containing(day).previous()

    @property
    def code(self) -> str:
        return f"{self.year}-{self.number}"

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

    @property
    def due(self) -> dt.date:
        """The report is due at most 30 days after the period's last day."""
        return self.end + dt.timedelta(days=DUE_DAYS)

    @property
    def label(self) -> str:
        first, last = MONTHS[self.number]
        return f"{MONTHS_NL[first - 1]}-{MONTHS_NL[last - 1]} {self.year}"

    def months(self) -> Iterator[dt.date]:
        first, last = MONTHS[self.number]
        for month in range(first, last + 1):
            yield dt.date(self.year, month, 1)

    def previous(self) -> MarapPeriod:
        if self.number == 1:
            return MarapPeriod(self.year - 1, 3)
        return MarapPeriod(self.year, self.number - 1)

    def next(self) -> MarapPeriod:
        if self.number == 3:
            return MarapPeriod(self.year + 1, 1)
        return MarapPeriod(self.year, self.number + 1)

    def earlier(self, count: int) -> list[MarapPeriod]:
        """The ``count`` periods before this one, oldest first."""
        found: list[MarapPeriod] = []
        current = self
        for _ in range(count):
            current = current.previous()
            found.append(current)
        return found[::-1]

    def has_ended(self, day: dt.date) -> bool:
        return day > self.end

    def due_met(self, published_on: dt.date | None, today: dt.date) -> bool | None:
        """Whether the due date was met: True when published on or before it, False when
        published later or not published while it has passed, None while it is still open."""
        if published_on is not None:
            return published_on <= self.due
        return False if today > self.due else None
