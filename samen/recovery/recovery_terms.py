"""The dated rules of a recovery decision and of collection (pure, no ORM): net or gross
(Participatiewet art. 58 lid 5), the payment term (Awb 4:87) and the term of a summons
(Awb 4:112). The figures come from ``recovery.RecoveryParameter`` rows with their source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Decimal
    valid_from: dt.date
    valid_until: dt.date | None
    source: str


class MissingParameter(LookupError):
    pass


class Parameters:
    def __init__(self, rows: Iterable[Parameter]) -> None:
        self.rows = list(rows)

    def on(self, name: str, day: dt.date) -> Parameter:
        found = [
            r
            for r in self.rows
            if r.name == name
            and r.valid_from <= day
            and (r.valid_until is None or day <= r.valid_until)
        ]
        if not found:
            raise MissingParameter(
                f"Er is geen regel '{name}' die geldt op {day.isoformat()}; functioneel beheer "
                "vult die aan."
            )
        return max(found, key=lambda r: r.valid_from)


def gross_applies(period_from: dt.date, decided_on: dt.date, parameters: Parameters) -> bool:
    """Art. 58 lid 5: recovered after the calendar year in which the bijstand was paid, so
    gross, when some of the period lies in a calendar year before the decision's year (and
    the rule is in force on the decision date)."""
    rule = parameters.on("bruto_na_kalenderjaar", decided_on)
    return bool(rule.value) and period_from.year < decided_on.year


def due_on(decided_on: dt.date, parameters: Parameters) -> dt.date:
    """The last day of the payment term (Awb 4:87 lid 1), counted from the decision date."""
    weeks = int(parameters.on("betalingstermijn_weken", decided_on).value)
    return decided_on + dt.timedelta(weeks=weeks)


def summons_ends(sent_on: dt.date, parameters: Parameters) -> dt.date:
    """The last day the debtor may pay after a summons (Awb 4:112 lid 1)."""
    days = int(parameters.on("aanmaning_termijn_dagen", sent_on).value)
    return sent_on + dt.timedelta(days=days)
