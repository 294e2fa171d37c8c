"""When a claim limits (verjaring), from the claim's events (pure, no ORM).

Awb art. 4:104: a claim to pay a sum of money limits five years after the start of the day
after the one on which the payment term ended (the claim's ``due_on``). Awb art. 4:106: the
administrative body interrupts (*stuit*) the limitation by a summons (*aanmaning*, art.
4:112), a decision to offset (*beschikking tot verrekening*) or a dwangbevel, or by an act
executing a dwangbevel; art. 4:105 adds an act of legal proceedings (BW 3:316) and the
debtor's acknowledgement. After an interruption a new term of the same length starts the
next day (the rule of BW 3:319, which Awb 4:107 follows; **not checked against the text**).
An event on or after the day the claim limited does not revive it.

Which events count is the caller's choice, documented in docs/recovery.md: the summonses
recorded on the claim, the offsets booked in its ledger and the dwangbevels taken on it.
A payment by the debtor is not counted as an acknowledgement (4:105 lid 2) here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

INTERRUPTING = {
    "aanmaning": "aanmaning (Awb 4:106)",
    "verrekening": "verrekening (Awb 4:106)",
    "dwangbevel": "dwangbevel (Awb 4:106)",
}


@dataclass(frozen=True)
class Event:
    kind: str  # a key of INTERRUPTING
    on: dt.date


@dataclass(frozen=True)
class Limitation:
    #: the first day of the running term
    term_starts: dt.date
    #: the day the claim is limited (from its start)
    limited_on: dt.date
    #: the last event that interrupted the term, if any
    interrupted_by: Event | None
    explanation: tuple[str, ...]

    def is_limited(self, day: dt.date) -> bool:
        return day >= self.limited_on

    def within(self, day: dt.date, months: int) -> bool:
        """Whether the claim limits within ``months`` after ``day`` (or already has)."""
        return self.limited_on <= add_years(day, 0, months)


def add_years(day: dt.date, years: int, months: int = 0) -> dt.date:
    """``day`` plus whole years and months; the 29th of February and the 31st fall back on the
    month's last day."""
    total = day.year * 12 + day.month - 1 + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def limitation(due_on: dt.date, events: Iterable[Event], years: int) -> Limitation:
    """The limitation of a claim that was due on ``due_on``, given the interrupting events."""
    if years <= 0:
        raise ValueError("De verjaringstermijn is een positief aantal jaren.")
    starts = due_on + dt.timedelta(days=1)
    limited = add_years(starts, years)
    lines = [
        f"De betalingstermijn eindigde op {due_on.isoformat()}; de verjaringstermijn van "
        f"{years} jaar (Awb 4:104) begint op {starts.isoformat()}."
    ]
    last: Event | None = None
    for event in sorted(events, key=lambda e: e.on):
        if event.kind not in INTERRUPTING:
            raise ValueError(f"Onbekende gebeurtenis {event.kind!r}.")
        if event.on <= due_on or event.on >= limited:
            continue  # before the term ran, or after the claim had limited: no effect
        starts = event.on + dt.timedelta(days=1)
        limited = add_years(starts, years)
        last = event
        lines.append(
            f"Gestuit door {INTERRUPTING[event.kind]} op {event.on.isoformat()}: een nieuwe "
            f"termijn begint op {starts.isoformat()}."
        )
    lines.append(f"De vordering verjaart op {limited.isoformat()}.")
    return Limitation(starts, limited, last, tuple(lines))
