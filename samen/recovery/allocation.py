"""What the monthly run deducts from one benefit's month, in which order (pure, no ORM).

The order implemented (docs/recovery.md gives the sources and what was not verified):

1. The municipality's own **offset** (verrekening) of its claims on the debtor, oldest
   claim first, each at most its instalment (or the configured offset amount) and its
   balance. Whether it comes before the garnishments is data (``offset_first``, the table
   ``recovery.DeductionOrder``): an offset of a claim that arose from the same legal
   relationship as the benefit (overpaid bijstand) may go ahead despite a garnishment.
2. **Garnishments** (derdenbeslag): preferent before concurrent; among equals the oldest
   date of service (betekening) first; each at most its monthly amount, or everything left
   above the voet when it has none.
3. The client's own **direct payments** (rent, budgetbeheer), last: they are voluntary and
   come out of what is left for the client, including the protected part (the voet protects
   the debtor against creditors, not against the debtor's own instruction).

Offsets and garnishments together never take more than the **room**: what the month pays
above the beslagvrije voet (computed by the caller from ``protected_income``); direct
payments never more than what the month still pays the client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
OFFSET, GARNISHMENT, DIRECT = "verrekening", "beslag", "directe_betaling"


@dataclass(frozen=True)
class Instruction:
    """One standing deduction on a benefit. ``monthly`` None: everything above the voet
    (a garnishment without a fixed amount). ``cap``: never more than this in total (the
    balance of a claim still to be offset)."""

    kind: str
    source: str
    source_id: int
    monthly: Decimal | None
    cap: Decimal | None = None
    preferent: bool = False
    served_on: dt.date | None = None
    creditor_name: str = ""
    creditor_iban: str = ""
    reference: str = ""
    label: str = ""


def ordered(instructions: Iterable[Instruction], *, offset_first: bool) -> list[Instruction]:
    """The instructions in the order they are applied."""
    items = list(instructions)
    offsets = sorted(
        (i for i in items if i.kind == OFFSET),
        key=lambda i: (i.served_on or dt.date.min, i.source_id),
    )
    garnishments = sorted(
        (i for i in items if i.kind == GARNISHMENT),
        key=lambda i: (not i.preferent, i.served_on or dt.date.max, i.source_id),
    )
    direct = sorted((i for i in items if i.kind == DIRECT), key=lambda i: i.source_id)
    legal = [*offsets, *garnishments] if offset_first else [*garnishments, *offsets]
    return [*legal, *direct]


def allocate(
    paid: Decimal, room: Decimal, instructions: Sequence[Instruction]
) -> list[tuple[Instruction, Decimal]]:
    """The amount of each instruction (in the given order) that this month bears: offsets
    and garnishments from ``room`` (never more than ``paid``), direct payments from what
    is then left of ``paid``. Instructions that get nothing are left out."""
    room = max(ZERO, min(room, paid))
    left = paid
    out: list[tuple[Instruction, Decimal]] = []
    for instruction in instructions:
        budget = left if instruction.kind == DIRECT else min(room, left)
        want = budget if instruction.monthly is None else min(instruction.monthly, budget)
        if instruction.cap is not None:
            want = min(want, instruction.cap)
        if want <= 0:
            continue
        out.append((instruction, want))
        left -= want
        if instruction.kind != DIRECT:
            room -= want
    return out
