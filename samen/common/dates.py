"""Dutch dates, without Django: usable from the pure rule modules (deadlines, letters)."""

from __future__ import annotations

import datetime as dt

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(day: dt.date) -> str:
    """A date as written in Dutch letters: 1 januari 2026."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"
