"""The penalty for not deciding in time (dwangsom bij niet tijdig beslissen, Awb 4:17-4:20):
a pure, dated calculation. No ORM; the amounts and day counts are data
(``data/dwangsom.csv``, table ``objections.PenaltyRule``), passed in as a
:class:`PenaltyRule`.

* Awb art. 4:17 lid 1: a decision on an application not given in time forfeits a penalty
  for every day the body is in default, for at most 42 days (the last day of the last tier).
* Lid 2: EUR 23 per day for the first fourteen days, EUR 35 for the next fourteen, EUR 45
  for the rest (the tiers).
* Lid 3: the first day is the day on which two weeks have passed after the day the term
  expired *and* the body received a written notice of default (ingebrekestelling). A
  notice received on or before the last day of the term is premature and starts nothing.
  With the notice received on day X, the two weeks are X+1 .. X+14: X+14 is the first
  penalty day (the choice is documented in ``docs/objections.md``).
* Counting ends on the day before the decision: on the day it is given the body is no
  longer in default. Without a decision the days run up to and including ``today``.
* Lid 6 (no penalty for an application that is kennelijk niet-ontvankelijk or kennelijk
  ongegrond) and art. 4:18 (the body fixes the amount within two weeks after the last
  day) are for staff; the explanation says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from samen.common.dates import long_date


@dataclass(frozen=True)
class Tier:
    first_day: int  # 1-based, inclusive
    last_day: int  # inclusive
    per_day: Decimal


@dataclass(frozen=True)
class PenaltyRule:
    grace_days: int  # the two weeks of art. 4:17 lid 3
    tiers: tuple[Tier, ...]
    source: str

    def __post_init__(self) -> None:
        expected = 1
        for tier in self.tiers:
            if tier.first_day != expected or tier.last_day < tier.first_day:
                raise ValueError("De staffels van de dwangsom sluiten niet op elkaar aan.")
            expected = tier.last_day + 1
        if not self.tiers:
            raise ValueError("Een dwangsomregel heeft minstens één staffel.")

    @property
    def max_days(self) -> int:
        return self.tiers[-1].last_day

    @property
    def max_amount(self) -> Decimal:
        return self.amount_for_days(self.max_days)

    def amount_for_days(self, days: int) -> Decimal:
        """The penalty for ``days`` days in default (capped at :attr:`max_days`)."""
        total = Decimal("0.00")
        for tier in self.tiers:
            counted = min(days, tier.last_day) - tier.first_day + 1
            if counted > 0:
                total += tier.per_day * counted
        return total


class PenaltyState:
    GEEN_TERMIJN = "geen_termijn"
    GEEN_INGEBREKESTELLING = "geen_ingebrekestelling"
    TE_VROEG = "te_vroeg"
    NOG_NIET = "nog_niet"  # in the two weeks after the notice
    LOOPT = "loopt"
    BEEINDIGD = "beeindigd"  # decided after the first penalty day, or the maximum reached
    GEEN = "geen"  # decided before the first penalty day


@dataclass(frozen=True)
class Penalty:
    state: str
    days: int
    amount: Decimal
    first_day: dt.date | None
    last_day: dt.date | None
    explanation: tuple[str, ...]


def _money(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"€ {text}"


def compute_penalty(
    rule: PenaltyRule,
    *,
    deadline: dt.date | None,
    notice_received_on: dt.date | None,
    decided_on: dt.date | None,
    today: dt.date,
) -> Penalty:
    """The penalty forfeited as of ``today`` for a decision due on ``deadline``."""
    zero = Decimal("0.00")
    if deadline is None:
        return Penalty(PenaltyState.GEEN_TERMIJN, 0, zero, None, None, ())
    if notice_received_on is None:
        overdue: tuple[str, ...] = ()
        if decided_on is None and today > deadline:
            overdue = (
                f"De beslistermijn is verlopen op {long_date(deadline)}. De aanvrager kan ons "
                "nu in gebreke stellen (artikel 4:17 Awb).",
            )
        return Penalty(PenaltyState.GEEN_INGEBREKESTELLING, 0, zero, None, None, overdue)
    if notice_received_on <= deadline:
        return Penalty(
            PenaltyState.TE_VROEG,
            0,
            zero,
            None,
            None,
            (
                f"De ingebrekestelling kwam binnen op {long_date(notice_received_on)}, op of "
                f"vóór de laatste dag van de termijn ({long_date(deadline)}). Die telt niet: "
                "er is geen dwangsom.",
            ),
        )
    first = notice_received_on + dt.timedelta(days=rule.grace_days)
    last_possible = first + dt.timedelta(days=rule.max_days - 1)
    lines: list[str] = [
        f"Ingebrekestelling ontvangen op {long_date(notice_received_on)}. Na twee weken, vanaf "
        f"{long_date(first)}, is per dag een dwangsom verschuldigd (artikel 4:17 Awb)."
    ]
    if decided_on is not None and decided_on <= first:
        lines.append(f"Besloten op {long_date(decided_on)}, vóór de eerste dag: geen dwangsom.")
        return Penalty(PenaltyState.GEEN, 0, zero, first, None, tuple(lines))
    if decided_on is None and today < first:
        lines.append(f"Beslis uiterlijk op {long_date(first - dt.timedelta(days=1))}.")
        return Penalty(PenaltyState.NOG_NIET, 0, zero, first, None, tuple(lines))
    end = decided_on - dt.timedelta(days=1) if decided_on is not None else today
    last = min(end, last_possible)
    days = (last - first).days + 1
    amount = rule.amount_for_days(days)
    state = (
        PenaltyState.BEEINDIGD
        if decided_on is not None or last == last_possible
        else PenaltyState.LOOPT
    )
    lines.append(
        f"{days} {'dag' if days == 1 else 'dagen'} in gebreke: {_money(amount)} "
        f"(ten hoogste {rule.max_days} dagen, {_money(rule.max_amount)})."
    )
    lines.append(
        "Het college stelt de dwangsom binnen twee weken na de laatste dag vast (artikel 4:18 "
        "Awb). Geen dwangsom als de aanvraag kennelijk niet-ontvankelijk of kennelijk "
        "ongegrond is (artikel 4:17 lid 6 Awb)."
    )
    return Penalty(state, days, amount, first, last, tuple(lines))
