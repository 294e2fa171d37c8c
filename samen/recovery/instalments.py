"""Missed instalments of a payment arrangement: a pure function over the ledger and the
arrangement (no ORM). An instalment of month M is due on ``day_of_month`` of M; it is met
when the receipts and offsets booked from the start month up to that day cover every
instalment due so far (paying ahead counts, a shortfall carries over). The claim's balance
caps what is due: nothing is missed once the claim is paid off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PAYMENT_KINDS = ("ontvangst", "verrekening")


@dataclass(frozen=True)
class Entry:
    kind: str
    amount: Decimal  # signed, as in the ledger
    booked_on: dt.date


@dataclass(frozen=True)
class Terms:
    instalment: Decimal
    start_month: dt.date
    day_of_month: int
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class MonthStatus:
    month: dt.date
    due: Decimal  # cumulative instalments due up to this month
    paid: Decimal  # cumulative payments booked by the due day
    shortfall: Decimal

    @property
    def missed(self) -> bool:
        return self.shortfall > 0


def _first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_status(terms: Terms, ledger: Iterable[Entry], month: dt.date) -> MonthStatus | None:
    """The state of the arrangement for ``month`` (None before its start or after its end)."""
    month = _first(month)
    start = _first(terms.start_month)
    if month < start or (terms.ended_on is not None and month > _first(terms.ended_on)):
        return None
    entries = list(ledger)
    due_day = month.replace(day=terms.day_of_month)
    months = (month.year - start.year) * 12 + month.month - start.month + 1
    # what the arrangement covers: the balance before its start plus what was added since
    owed = sum(
        (
            e.amount
            for e in entries
            if e.booked_on < start or (e.amount > 0 and e.booked_on <= due_day)
        ),
        Decimal("0.00"),
    )
    paid = -sum(
        (e.amount for e in entries if e.kind in PAYMENT_KINDS and start <= e.booked_on <= due_day),
        Decimal("0.00"),
    )
    # a write-off or correction lowers what remains, so it lowers what is due as well
    lowered = -sum(
        (
            e.amount
            for e in entries
            if e.kind not in PAYMENT_KINDS and start <= e.booked_on <= due_day and e.amount < 0
        ),
        Decimal("0.00"),
    )
    due = min(terms.instalment * months, max(owed - lowered, Decimal("0.00")))
    shortfall = max(due - paid, Decimal("0.00"))
    return MonthStatus(month=month, due=due, paid=paid, shortfall=shortfall)


def missed_months(terms: Terms, ledger: Iterable[Entry], until: dt.date) -> list[dt.date]:
    """Every month from the start up to ``until`` whose instalment was missed."""
    entries = list(ledger)
    missed = []
    month = _first(terms.start_month)
    while month <= _first(until):
        status = month_status(terms, entries, month)
        if status is not None and status.missed and month.replace(day=terms.day_of_month) <= until:
            missed.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return missed
