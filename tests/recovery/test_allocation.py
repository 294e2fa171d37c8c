"""The order and the amounts of deductions (pure): offsets and garnishments never take more
than the room above the voet, nothing takes more than the month pays, preferent before
concurrent and the oldest service first, direct payments last from the client's share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samen.recovery.allocation import DIRECT, GARNISHMENT, OFFSET, Instruction, allocate, ordered

D = dt.date
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2)


def garnishment(
    pk: int, monthly: str | None, served: dt.date, preferent: bool = False
) -> Instruction:
    return Instruction(
        kind=GARNISHMENT,
        source="g",
        source_id=pk,
        monthly=Decimal(monthly) if monthly else None,
        served_on=served,
        preferent=preferent,
    )


def test_preferent_first_then_the_oldest_service_then_direct_payments() -> None:
    a = garnishment(1, "50", D(2026, 1, 10))
    b = garnishment(2, "50", D(2025, 12, 1))
    c = garnishment(3, "30", D(2026, 4, 20), preferent=True)
    rent = Instruction(kind=DIRECT, source="d", source_id=9, monthly=Decimal("600"))
    own = Instruction(
        kind=OFFSET, source="c", source_id=5, monthly=Decimal("20"), served_on=D(2026, 1, 1)
    )
    assert ordered([rent, a, b, own, c], offset_first=True) == [own, c, b, a, rent]
    assert ordered([rent, a, b, own, c], offset_first=False) == [c, b, a, own, rent]
    plan = allocate(
        Decimal("1331.42"), Decimal("70.07"), ordered([rent, a, b, own, c], offset_first=True)
    )
    assert [(i.source_id, amount) for i, amount in plan] == [
        (5, Decimal("20")),
        (3, Decimal("30")),
        (2, Decimal("20.07")),
        (9, Decimal("600")),
    ]


def test_a_cap_limits_an_offset_to_the_balance() -> None:
    own = Instruction(
        kind=OFFSET, source="c", source_id=1, monthly=Decimal("50"), cap=Decimal("12.34")
    )
    assert allocate(Decimal("1000"), Decimal("100"), [own]) == [(own, Decimal("12.34"))]


@given(
    paid=money,
    room=st.decimals(min_value=Decimal("-500"), max_value=Decimal("3000"), places=2),
    amounts=st.lists(st.one_of(st.none(), money), max_size=5),
    direct=st.lists(money, max_size=3),
)
def test_never_more_than_the_room_or_the_month(
    paid: Decimal, room: Decimal, amounts: list[Decimal | None], direct: list[Decimal]
) -> None:
    items = [
        garnishment(i, str(a) if a is not None else None, D(2026, 1, 1 + i))
        for i, a in enumerate(amounts)
    ] + [
        Instruction(kind=DIRECT, source="d", source_id=100 + i, monthly=d)
        for i, d in enumerate(direct)
    ]
    plan = allocate(paid, room, ordered(items, offset_first=True))
    creditors = sum((a for i, a in plan if i.kind != DIRECT), Decimal(0))
    assert creditors <= max(Decimal(0), min(room, paid))
    assert sum((a for _, a in plan), Decimal(0)) <= paid
    assert all(a > 0 for _, a in plan)
    for instruction, amount in plan:
        if instruction.monthly is not None:
            assert amount <= instruction.monthly
