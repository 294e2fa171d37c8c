"""The cost allocation by dossiers, pure (:mod:`samen.steering.costs`): hand-computed shares,
pro rata for a municipality that left mid-year, the rounding rule (largest remainder) and
that the shares add up to the total to the cent."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from samen.steering import costs

M = costs.Member


def test_a_municipality_that_left_mid_year_gets_a_pro_rata_share():
    # Eijsden-Margraten left the GR on 9 April 2025: 1 January - 9 April is 31 + 28 + 31 + 9
    # = 99 days of 365. Weights: Maastricht 100 x 365/365 = 100; EM 73 x 99/365 = 19.8.
    # EM: 1,000,000 x 19.8 / 119.8 = 165,275.459...; Maastricht 834,724.540...
    # Rounded down: 165,275.45 + 834,724.54 = 999,999.99; the cent left goes to the larger
    # remainder (EM .909 against Maastricht .090).
    result = costs.allocate(
        Decimal("1000000.00"),
        [
            M("GM0935", "Maastricht", Decimal(100), 365, 365),
            M("GM1903", "Eijsden-Margraten", Decimal(73), 99, 365),
        ],
        [],
    )
    shares = {s.member.code: s for s in result.shares}
    assert shares["GM1903"].shared == Decimal("165275.46")
    assert shares["GM1903"].rounded_up
    assert shares["GM0935"].shared == Decimal("834724.54")
    assert not shares["GM0935"].rounded_up
    assert sum(s.total for s in result.shares) == Decimal("1000000.00")
    assert result.weight_percentage(shares["GM1903"]) == Decimal("16.53")


def test_shares_add_up_to_the_total_to_the_cent():
    # Three equal weights over 100.00: 33.333... each; rounded down 99.99, the one cent left
    # goes to the lowest CBS code on a tie.
    equal = [M(code, code, Decimal(7), 365, 365) for code in ("GM0981", "GM0935", "GM0938")]
    shares = {s.member.code: s.shared for s in costs.allocate(Decimal("100.00"), equal, []).shares}
    assert shares == {
        "GM0935": Decimal("33.34"),
        "GM0938": Decimal("33.33"),
        "GM0981": Decimal("33.33"),
    }
    members = [
        M("GM0935", "Maastricht", Decimal("4009.25"), 365, 365),
        M("GM0938", "Meerssen", Decimal("227.5"), 365, 365),
        M("GM0981", "Vaals", Decimal(306), 365, 365),
        M("GM0994", "Valkenburg aan de Geul", Decimal(314), 200, 365),
        M("GM1729", "Gulpen-Wittem", Decimal(172), 365, 365),
        M("GM1903", "Eijsden-Margraten", Decimal(223), 99, 365),
    ]
    for total in ("0.01", "0.05", "999.99", "1234567.89", "31415926.53", "0.00"):
        result = costs.allocate(Decimal(total), members, [])
        assert sum(s.shared for s in result.shares) == Decimal(total), total
        for share in result.shares:  # no share is a cent or more off its exact value
            assert abs(share.exact - Fraction(share.shared)) < Fraction(1, 100)


def test_an_additional_service_is_billed_whole_to_the_municipality_that_asked():
    members = [
        M("GM0981", "Vaals", Decimal(1), 365, 365),
        M("GM0938", "Meerssen", Decimal(1), 365, 365),
    ]
    service = costs.Service("GM0981", "Eigen minimaregeling sport", Decimal("5000.00"))
    result = costs.allocate(Decimal("15000.00"), members, [service])
    shares = {s.member.code: s for s in result.shares}
    assert result.shared == Decimal("10000.00")
    assert shares["GM0981"].shared == shares["GM0938"].shared == Decimal("5000.00")
    assert shares["GM0981"].total == Decimal("10000.00")
    assert shares["GM0938"].total == Decimal("5000.00")


def test_figures_that_cannot_be_divided_are_refused_in_dutch():
    one = [M("GM0981", "Vaals", Decimal(1), 365, 365)]
    with pytest.raises(costs.AllocationError, match="meer dan de uitvoeringskosten"):
        costs.allocate(Decimal("10.00"), one, [costs.Service("GM0981", "x", Decimal("10.01"))])
    with pytest.raises(costs.AllocationError, match="geen deelnemer"):
        costs.allocate(Decimal("10.00"), one, [costs.Service("GM0938", "x", Decimal(1))])
    with pytest.raises(costs.AllocationError, match="geen dossiers"):
        costs.allocate(Decimal("10.00"), [M("GM0981", "Vaals", Decimal(0), 365, 365)], [])
    with pytest.raises(costs.AllocationError, match="in centen"):
        costs.allocate(Decimal("10.001"), one, [])
