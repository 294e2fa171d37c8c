"""What the monthly run deducts from one benefit's month, in which order (pure, no ORM).

The order implemented (docs/recovery.md gives the sources and what was not verified):

1. The municipality's own **offset** (verrekening) of its claims on the debtor, oldest
   claim first, each at most its instalment (or the configured offset amount) and its
   balance. Whether it comes before the garnishments is data (``offset_first``, the table
   ``recovery.DeductionOrder``): an offset of a claim that arose from the same legal
   relationship as the benefit (overpaid bijstand) may go ahead despite a garnishment.
2. **Garnishments** (derdenbeslag): preferent before concurrent; among equals the oldest
   date of service (betekening) first; each at most its monthly amount, or everything left
   above the voet when it has none. With ``pro_rata_concurrent`` the concurrent ones share
   what the preferent ones leave **pro rata** of what each still claims (BW 3:277 lid 1)
   when it does not cover them all (:func:`split_pro_rata`); the run does not use it yet,
   since a garnishment's total (beloop) is not recorded (docs/recovery.md).
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
    #: what the garnishee still claims (the beloop), the weight of its pro-rata share
    weight: Decimal | None = None


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


CENT = Decimal("0.01")


def split_pro_rata(
    room: Decimal, shares: Sequence[tuple[Decimal, Decimal | None]]
) -> list[Decimal]:
    """Share ``room`` among claims of equal rank in proportion to their weights (BW 3:277 lid
    1: *naar evenredigheid van ieders vordering*), each at most its cap (None: no cap). A
    share capped frees its excess for the others, in turn. Amounts are whole cents; the cents
    left by rounding go to the largest remainders, ties to the earliest in the list (the
    oldest service). The sum is never more than ``room`` nor than the sum of the caps."""
    n = len(shares)
    out = [ZERO] * n
    if room <= 0 or n == 0:
        return out
    if any(weight <= 0 for weight, _cap in shares):
        raise ValueError("Elk gewicht is groter dan nul.")
    active = list(range(n))
    left = room.quantize(CENT)
    while active and left > 0:
        total = sum((shares[i][0] for i in active), ZERO)
        exact = {i: left * shares[i][0] / total for i in active}
        capped = [
            i
            for i in active
            if shares[i][1] is not None and exact[i] >= shares[i][1] - out[i]  # type: ignore[operator]
        ]
        if capped:  # those reaching their cap get it; the rest share what remains
            for i in capped:
                give = shares[i][1] - out[i]  # type: ignore[operator]
                out[i] += give
                left -= give
                active.remove(i)
            continue
        floors = {i: (exact[i] // CENT) * CENT for i in active}
        rest = int(((left - sum(floors.values(), ZERO)) / CENT).to_integral_value())
        by_remainder = sorted(active, key=lambda i: (-(exact[i] - floors[i]), i))
        for rank, i in enumerate(by_remainder):
            out[i] += floors[i] + (CENT if rank < rest else ZERO)
        left = ZERO
    return out


def _share(group: Sequence[Instruction], budget: Decimal) -> dict[int, Decimal]:
    """The concurrent garnishments' amounts: each its own amount when the budget covers
    them all, else the budget pro rata of their weights, each at most its own amount."""
    wants: list[Decimal | None] = []
    for i in group:
        limits = [x for x in (i.monthly, i.cap) if x is not None]
        wants.append(min(limits) if limits else None)
    fixed = [w for w in wants if w is not None]
    if len(fixed) == len(wants) and sum(fixed, ZERO) <= budget:
        amounts = fixed
    else:
        amounts = split_pro_rata(
            budget, [(i.weight or ZERO, w) for i, w in zip(group, wants, strict=True)]
        )
    return {id(i): a for i, a in zip(group, amounts, strict=True)}


def allocate(
    paid: Decimal,
    room: Decimal,
    instructions: Sequence[Instruction],
    *,
    pro_rata_concurrent: bool = False,
) -> list[tuple[Instruction, Decimal]]:
    """The amount of each instruction (in the given order) that this month bears: offsets
    and garnishments from ``room`` (never more than ``paid``), direct payments from what
    is then left of ``paid``. Instructions that get nothing are left out.

    ``pro_rata_concurrent``: the concurrent garnishments (after the preferent ones) share the
    room left for them pro rata of their weights when it does not cover them all
    (:func:`split_pro_rata`); without a weight for each of them they are served in order."""
    room = max(ZERO, min(room, paid))
    left = paid
    out: list[tuple[Instruction, Decimal]] = []
    concurrent = [i for i in instructions if i.kind == GARNISHMENT and not i.preferent]
    if not (pro_rata_concurrent and len(concurrent) > 1 and all(i.weight for i in concurrent)):
        concurrent = []
    in_group = {id(i) for i in concurrent}
    shared: dict[int, Decimal] = {}
    for instruction in instructions:
        if id(instruction) in in_group:
            if not shared:  # the first of the group: share what is left for all of them
                shared = _share(concurrent, min(room, left))
            want = shared[id(instruction)]
            if want > 0:
                out.append((instruction, want))
                left -= want
                room -= want
            continue
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
