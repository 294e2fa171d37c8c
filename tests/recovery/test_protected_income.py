"""The beslagvrije voet (Rv 475d/475da since 2021), worked by hand from the norms in
samen/income/data/normen.csv (1 January - 30 June 2026) and 95 %."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.income.norms import NormTable
from samen.recovery.protected_income import (
    Debtor,
    Parameter,
    ProtectionError,
    ProtectionParameters,
    protected_income,
)

D = dt.date
DAY = D(2026, 3, 1)
SOURCE = "Rv art. 475d en 475da (Wet vereenvoudiging beslagvrije voet)"
PARAMS = ProtectionParameters(
    [
        Parameter("percentage_norm", Decimal("95"), D(2021, 1, 1), None, SOURCE),
        Parameter("percentage_inkomen", Decimal("95"), D(2021, 1, 1), None, SOURCE),
    ]
)
NORMS = NormTable.load()


def voet(household: str, born: dt.date, income: str) -> Decimal:
    return protected_income(Debtor(household, born, Decimal(income)), DAY, PARAMS, NORMS).amount


def test_single_without_other_income() -> None:
    # art. 21 alleenstaande 1 401,50 x 95 % = 1 331,425 -> 1 331,43 (half up)
    assert voet("alleenstaande", D(1980, 5, 1), "1401.50") == Decimal("1331.43")


def test_single_parent_has_the_single_norm() -> None:
    # Pw art. 21 onder a: alleenstaande ouder = alleenstaandennorm, so the same 1 331,43
    assert voet("alleenstaande_ouder", D(1980, 5, 1), "1401.50") == Decimal("1331.43")


def test_couple() -> None:
    # art. 21 gehuwden 2 002,13 x 95 % = 1 902,0235 -> 1 902,02
    assert voet("gehuwden", D(1975, 1, 2), "2002.13") == Decimal("1902.02")


def test_pension_age_uses_article_22() -> None:
    # born 1950: AOW age reached; art. 22 alleenstaande 1 564,69 x 95 % = 1 486,4555 -> 1 486,46
    assert voet("alleenstaande", D(1950, 7, 7), "1600.00") == Decimal("1486.46")


def test_with_other_income_above_the_norm_the_voet_stays() -> None:
    # benefit plus part-time work 1 700,00 net: 95 % of the norm, not of the income
    result = protected_income(
        Debtor("alleenstaande", D(1980, 5, 1), Decimal("1700.00")), DAY, PARAMS, NORMS
    )
    assert result.amount == Decimal("1331.43")
    assert result.room(Decimal("1700.00")) == Decimal("368.57")  # 1 700,00 - 1 331,43


def test_income_below_the_voet_keeps_95_percent_of_the_income() -> None:
    # 475d: net 800,00 < 1 331,43, so 95 % of 800,00 = 760,00; 40,00 may be taken
    result = protected_income(
        Debtor("alleenstaande", D(1980, 5, 1), Decimal("800.00")), DAY, PARAMS, NORMS
    )
    assert result.amount == Decimal("760.00")
    assert result.room(Decimal("800.00")) == Decimal("40.00")
    assert "(artikel 475d Rv)" in result.explanation[2]


def test_the_norm_of_the_second_half_year_applies_from_july() -> None:
    # 1 July 2026: art. 21 alleenstaande 1 419,46 x 95 % = 1 348,487 -> 1 348,49
    result = protected_income(
        Debtor("alleenstaande", D(1980, 5, 1), Decimal("1419.46")), D(2026, 7, 1), PARAMS, NORMS
    )
    assert result.amount == Decimal("1348.49")


def test_refused_rather_than_guessed() -> None:
    with pytest.raises(ProtectionError, match="jonger dan 21"):
        voet("alleenstaande", D(2007, 1, 1), "500")
    with pytest.raises(ProtectionError, match="niet bekend"):
        protected_income(
            Debtor("alleenstaande", D(1980, 5, 1), Decimal("1000")),
            D(2020, 12, 31),
            PARAMS,
            NORMS,
        )
    with pytest.raises(ProtectionError, match="overlappen"):
        ProtectionParameters(
            [
                Parameter("percentage_norm", Decimal("95"), D(2021, 1, 1), None, SOURCE),
                Parameter("percentage_norm", Decimal("90"), D(2025, 1, 1), None, SOURCE),
            ]
        )
