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


# --- pro rata among concurrent garnishees (BW 3:277 lid 1), vectors computed by hand --------
from samen.recovery.allocation import split_pro_rata  # noqa: E402

C = Decimal


def test_pro_rata_vectors() -> None:
    # room 100 over claims 300 and 100: 75 and 25
    assert split_pro_rata(C("100.00"), [(C("300"), None), (C("100"), None)]) == [
        C("75.00"),
        C("25.00"),
    ]
    # three equal claims: the left-over cent to the first (oldest service)
    assert split_pro_rata(C("100.00"), [(C("1"), None)] * 3) == [
        C("33.34"),
        C("33.33"),
        C("33.33"),
    ]
    # 10.00 over 1, 2, 4: 1.42857.., 2.85714.., 5.71428.. -> floors 1.42, 2.85, 5.71 (sum
    # 9.98); the two cents to the largest remainders (0.857 and 0.714 cent; not 0.428)
    assert split_pro_rata(C("10.00"), [(C("1"), None), (C("2"), None), (C("4"), None)]) == [
        C("1.43"),
        C("2.86"),
        C("5.71"),
    ]
    # a cap reached frees the excess for the others: 90 over 1:1:1 with the first capped at
    # 10 -> 10, then 80 over 1:1 -> 40, 40
    assert split_pro_rata(C("90.00"), [(C("1"), C("10")), (C("1"), None), (C("1"), None)]) == [
        C("10.00"),
        C("40.00"),
        C("40.00"),
    ]
    # everything capped below the room: never more than the caps
    assert split_pro_rata(C("90.00"), [(C("5"), C("20")), (C("1"), C("30"))]) == [
        C("20.00"),
        C("30.00"),
    ]
    assert split_pro_rata(C("0"), [(C("1"), None)]) == [C("0.00")]


def test_a_zero_weight_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        split_pro_rata(C("10.00"), [(C("0"), None)])


def weighted(pk: int, monthly: str | None, served: dt.date, weight: str, preferent: bool = False):  # noqa: ANN201
    return Instruction(
        kind=GARNISHMENT,
        source="g",
        source_id=pk,
        monthly=C(monthly) if monthly else None,
        served_on=served,
        preferent=preferent,
        weight=C(weight),
    )


def test_preferent_first_then_concurrent_share_pro_rata_when_the_room_is_short() -> None:
    tax = weighted(1, "50", D(2026, 3, 1), "5000", preferent=True)
    bank = weighted(2, None, D(2025, 1, 1), "3000")  # everything above the voet
    shop = weighted(3, "100", D(2026, 1, 1), "1000")
    rent = Instruction(kind=DIRECT, source="d", source_id=9, monthly=C("500"))
    items = ordered([rent, shop, bank, tax], offset_first=True)
    got = allocate(C("1500.00"), C("250.00"), items, pro_rata_concurrent=True)
    # 50 to the preferent tax office, 200 left for 3000:1000 -> 150 and 50; rent from the rest
    assert [(i.source_id, a) for i, a in got] == [
        (1, C("50")),
        (2, C("150.00")),
        (3, C("50.00")),
        (9, C("500")),
    ]
    # in order (the default): the oldest service takes everything left
    assert [(i.source_id, a) for i, a in allocate(C("1500.00"), C("250.00"), items)][:2] == [
        (1, C("50")),
        (2, C("200.00")),
    ]


def test_concurrent_amounts_that_fit_are_paid_in_full() -> None:
    a = weighted(1, "40", D(2026, 1, 1), "100")
    b = weighted(2, "60", D(2026, 2, 1), "900")
    got = allocate(C("1000.00"), C("150.00"), [a, b], pro_rata_concurrent=True)
    assert [a for _i, a in got] == [C("40"), C("60")]
    # short: 50 over 100:900 -> 5 and 45, each below its own amount
    got = allocate(C("1000.00"), C("50.00"), [a, b], pro_rata_concurrent=True)
    assert [a for _i, a in got] == [C("5.00"), C("45.00")]
