"""The benefit calculation: norms by household, the kostendelersnorm, vrijlating, rounding,
and the properties that hold for every input (never negative, never above the norm)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.income.calculation import (
    CalculationError,
    CalculationInput,
    Housemate,
    Income,
    NormError,
    Person,
    calculate,
)
from samen.income.norms import NormTable
from tests.income.tables import aow_rows, norm_rows, parameter_rows

D = dt.date
DAY = D(2026, 3, 1)
MAASTRICHT = "GM0935"


def adult(age: int, day: dt.date = DAY) -> dt.date:
    return D(day.year - age, 1, 1) if age else day


def inp(**kwargs: object) -> CalculationInput:
    defaults: dict[str, object] = {
        "peildatum": DAY,
        "municipality_code": MAASTRICHT,
        "applicant": Person(adult(30)),
    }
    defaults.update(kwargs)
    return CalculationInput(**defaults)  # type: ignore[arg-type]


# -- norms by household ------------------------------------------------------------------------
def test_single_person_gets_the_alleenstaande_norm_and_its_holiday_allowance() -> None:
    result = calculate(inp())
    assert result.norm == Decimal("1401.50")
    assert result.norm_without_holiday_allowance == Decimal("1331.42")  # 1401.50 - 70.08
    assert result.holiday_allowance == Decimal("70.08")
    assert result.benefit_per_month == Decimal("1401.50")
    assert result.payable_per_month == Decimal("1331.42")
    assert result.cost_sharers == 1
    assert any("1.401,50" in line for line in result.explanation)


def test_single_parent_gets_the_same_norm_as_a_single_person() -> None:
    result = calculate(inp(children=(Person(D(2020, 5, 1)),)))
    assert result.norm == Decimal("1401.50")
    assert "alleenstaande ouder" in result.explanation[0]


def test_couple_under_aow_age() -> None:
    result = calculate(inp(partner=Person(adult(40))))
    assert result.norm == Decimal("2002.13")
    assert result.cost_sharers == 2


def test_couple_where_the_partner_has_aow_age_gets_the_article_22_norm() -> None:
    result = calculate(inp(applicant=Person(adult(60)), partner=Person(D(1958, 5, 15))))
    assert result.norm == Decimal("2144.16")


def test_couple_one_partner_just_below_aow_age() -> None:
    # born 1959-03-02 reaches 67 on 2026-03-02: one day short on the peildatum
    result = calculate(inp(applicant=Person(adult(60)), partner=Person(D(1959, 3, 2))))
    assert result.norm == Decimal("2002.13")


def test_young_couple_with_children() -> None:
    result = calculate(
        inp(
            applicant=Person(D(2006, 1, 1)),
            partner=Person(D(2000, 1, 1)),
            children=(Person(D(2025, 1, 1)),),
        )
    )
    assert result.norm == Decimal("1747.49")


def test_single_applicant_aged_20_gets_the_youth_norm() -> None:
    assert calculate(inp(applicant=Person(D(2006, 1, 1)))).norm == Decimal("345.99")


def test_norms_of_january_and_july_2025() -> None:
    assert calculate(inp(peildatum=D(2025, 1, 1))).norm == Decimal("1345.45")
    assert calculate(inp(peildatum=D(2025, 7, 1))).norm == Decimal("1369.06")


# -- kostendelersnorm --------------------------------------------------------------------------
def test_housemate_of_27_makes_a_cost_sharer() -> None:
    result = calculate(inp(housemates=(Housemate(D(1999, 3, 1)),)))  # 27 on the peildatum
    assert result.cost_sharers == 2
    assert result.norm == Decimal("1001.07")  # 2002.13 x 70/200 = 1001.065, half up


def test_housemate_of_26_does_not_count() -> None:
    result = calculate(inp(housemates=(Housemate(D(1999, 3, 2)),)))  # 27 tomorrow
    assert result.cost_sharers == 1
    assert result.norm == Decimal("1401.50")
    assert any("tellen niet mee" in line for line in result.explanation)


def test_student_housemate_does_not_count() -> None:
    result = calculate(inp(housemates=(Housemate(adult(30), studies=True),)))
    assert result.cost_sharers == 1
    assert result.norm == Decimal("1401.50")


def test_commercial_tenant_does_not_count() -> None:
    result = calculate(inp(housemates=(Housemate(adult(45), commercial_rent=True),)))
    assert result.cost_sharers == 1


def test_married_couple_with_a_housemate_a_is_three() -> None:
    result = calculate(inp(partner=Person(adult(35)), housemates=(Housemate(adult(50)),)))
    assert result.cost_sharers == 3
    # per person 2002.13 x 130/300 = 867.5897 -> 867.59; the couple gets both
    assert result.norm == Decimal("1735.18")


def test_kostendelersnorm_reproduces_the_published_2024_table() -> None:
    """RSD De Liemers, normen 1-1-2024: gehuwden 1834.04; A=2 917.02, A=3 794.75, A=5 696.94."""
    table = NormTable.load()
    rows = [
        {"artikel": "21", "leefvorm": "gehuwden", "bedrag": "1834.04"},
        {"artikel": "21", "leefvorm": "alleenstaande", "bedrag": "1283.83"},
        {"artikel": "22", "leefvorm": "gehuwden", "bedrag": "1933.98"},
        {"artikel": "22", "leefvorm": "alleenstaande", "bedrag": "1425.76"},
    ]
    t2024 = NormTable.from_rows(
        norms=[
            {**r, "geldig_vanaf": "2024-01-01", "geldig_tot": "2024-12-31", "bron": "t"}
            for r in rows
        ],
        parameters=parameter_rows(table),
        aow_ages=aow_rows(table),
    )
    day = D(2024, 6, 1)
    for housemates, expected in ((1, "917.02"), (2, "794.75"), (4, "696.94")):
        result = calculate(
            inp(
                peildatum=day,
                applicant=Person(D(1980, 1, 1)),
                housemates=tuple(Housemate(D(1970, 1, 1)) for _ in range(housemates)),
            ),
            t2024,
        )
        assert result.norm == Decimal(expected)
    single = calculate(inp(peildatum=day, applicant=Person(D(1980, 1, 1))), t2024)
    assert single.norm - single.norm_without_holiday_allowance == Decimal("64.19")  # 64.1915


# -- kostendelersnorm with partners under 21 (art. 22a lid 1 and 3) ----------------------------
JULY_2025 = D(2025, 7, 1)
TWO_SHARERS = (Housemate(D(1960, 1, 1)), Housemate(D(1970, 1, 1)))


def lid_1_norm(married: str, a: int) -> Decimal:
    """Art. 22a lid 1 by hand: (40 + 30A) / (100A) x B, to the cent, half up."""
    return (Decimal(married) * (40 + 30 * a) / (100 * a)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def test_article_22a_lid_3_couple_one_partner_under_21_without_children() -> None:
    """1-7-2025: the older partner's kostendelersnorm with A = 3 (that partner and two
    kostendelers; the partner of 20 does not count in A) plus the art. 20 alleenstaande norm."""
    result = calculate(
        inp(
            peildatum=JULY_2025,
            applicant=Person(D(2005, 1, 1)),  # 20
            partner=Person(D(1990, 1, 1)),  # 35
            housemates=TWO_SHARERS,
        )
    )
    older = lid_1_norm("1955.80", 3)  # art. 21 gehuwden 1-7-2025
    assert older == Decimal("847.51")  # 1955.80 x 130/300 = 847.5133
    assert result.norm == older + Decimal("337.98")  # art. 20 alleenstaande 1-7-2025
    assert result.norm == Decimal("1185.49")
    assert result.cost_sharers == 3
    assert any("artikel 22a lid 3" in line for line in result.explanation)


def test_article_22a_lid_3_couple_one_partner_under_21_with_children() -> None:
    """1-1-2025: ... plus 20 % of the gehuwdennorm, read from the table as the difference
    between the youth norms for one partner under 21 with and without children."""
    result = calculate(
        inp(
            peildatum=D(2025, 1, 1),
            applicant=Person(D(1990, 1, 1)),
            partner=Person(D(2005, 6, 1)),  # 19
            children=(Person(D(2024, 3, 1)),),
            housemates=TWO_SHARERS,
        )
    )
    older = lid_1_norm("1922.07", 3)
    assert older == Decimal("832.90")  # 832.897
    children_part = Decimal("1677.62") - Decimal("1293.21")
    assert children_part == Decimal("384.41")  # = 20 % of 1922.07 (384.414), to the cent
    assert result.norm == older + Decimal("332.17") + children_part
    assert result.norm == Decimal("1549.48")
    assert result.cost_sharers == 3


def test_article_22a_lid_3_with_one_kostendeler_equals_the_youth_couple_norm() -> None:
    """A = 2 gives 50 % of the gehuwdennorm: the same as art. 20 'één jong' (a check that the
    partner under 21 is not counted in A; with A = 3 the norm would be lower)."""
    result = calculate(
        inp(
            peildatum=JULY_2025,
            applicant=Person(D(2005, 1, 1)),
            partner=Person(D(1990, 1, 1)),
            housemates=(Housemate(D(1960, 1, 1)),),
        )
    )
    assert result.norm == Decimal("1315.88")  # 977.90 + 337.98
    assert result.cost_sharers == 2


def test_article_22a_lid_3_with_a_partner_of_aow_age_uses_the_article_22_norm() -> None:
    # born 1958-05-15: AOW age (67) on 2025-05-15
    result = calculate(
        inp(
            peildatum=JULY_2025,
            applicant=Person(D(2005, 1, 1)),
            partner=Person(D(1958, 5, 15)),
            housemates=TWO_SHARERS,
        )
    )
    assert result.norm == lid_1_norm("2094.98", 3) + Decimal("337.98")  # 907.82 + 337.98
    assert result.norm == Decimal("1245.80")


def test_couple_both_under_21_with_a_kostendeler_keeps_the_youth_norm() -> None:
    result = calculate(
        inp(
            peildatum=JULY_2025,
            applicant=Person(D(2005, 1, 1)),
            partner=Person(D(2006, 3, 1)),
            housemates=TWO_SHARERS,
        )
    )
    assert result.norm == Decimal("675.96")  # art. 20 gehuwden beiden 18-20, 1-7-2025
    assert result.cost_sharers == 2
    assert any("jonger is dan 21" in line for line in result.explanation)


def test_single_person_under_21_with_a_kostendeler_keeps_the_youth_norm() -> None:
    result = calculate(
        inp(peildatum=JULY_2025, applicant=Person(D(2006, 1, 1)), housemates=TWO_SHARERS)
    )
    assert result.norm == Decimal("337.98")
    assert result.cost_sharers == 1


# -- verblijf in een inrichting (art. 23) ------------------------------------------------------
def institution_table() -> NormTable:
    """The art. 23 figures of 1 July 2021 as published (norm incl. vt 341,55 = 324,47 + 17,08
    and 531,26 = 504,70 + 26,56; verhoging lid 2 € 34 and € 76: gemeente Nuenen 'Bijstand in
    een instelling'); the data has no art. 23 figure for 2025 or 2026 yet."""
    base = NormTable.load()
    valid = {"geldig_vanaf": "2021-07-01", "geldig_tot": "2021-12-31", "bron": "Nuenen 1-7-2021"}
    figures = {
        "alleenstaande": "341.55",
        "gehuwden": "531.26",
        "alleenstaande_verhoging": "34.00",
        "gehuwden_verhoging": "76.00",
    }
    return NormTable.from_rows(
        norms=[
            {"artikel": "23", "leefvorm": household, "bedrag": amount, **valid}
            for household, amount in figures.items()
        ],
        parameters=parameter_rows(base),
        aow_ages=aow_rows(base),
    )


JULY_2021 = D(2021, 7, 1)


def test_institution_norm_for_a_single_person() -> None:
    result = calculate(
        inp(
            peildatum=JULY_2021,
            applicant=Person(D(1980, 1, 1)),
            in_institution=True,
            housemates=(Housemate(D(1960, 1, 1)),),  # not a kostendeler in an inrichting
        ),
        institution_table(),
    )
    assert result.norm == Decimal("375.55")  # 341.55 + 34.00
    # the verhoging carries no vakantietoeslag: 324.47 + 34.00
    assert result.norm_without_holiday_allowance == Decimal("358.47")
    assert result.holiday_allowance == Decimal("17.08")
    assert result.benefit_per_month == Decimal("375.55")
    assert result.cost_sharers == 1
    assert any("inrichting" in line and "€ 34,00" in line for line in result.explanation)
    assert any("geldt de kostendelersnorm niet" in line for line in result.explanation)


def test_institution_norm_for_a_couple() -> None:
    result = calculate(
        inp(
            peildatum=JULY_2021,
            applicant=Person(D(1980, 1, 1)),
            partner=Person(D(1982, 1, 1)),
            in_institution=True,
        ),
        institution_table(),
    )
    assert result.norm == Decimal("607.26")  # 531.26 + 76.00
    assert result.norm_without_holiday_allowance == Decimal("580.70")  # 504.70 + 76.00
    assert result.holiday_allowance == Decimal("26.56")
    assert result.cost_sharers == 2


def test_institution_with_income_reserves_vakantietoeslag_without_the_verhoging() -> None:
    result = calculate(
        inp(
            peildatum=JULY_2021,
            applicant=Person(D(1980, 1, 1)),
            in_institution=True,
            incomes=(Income("aanvrager", "overig", Decimal("100.00")),),
        ),
        institution_table(),
    )
    assert result.benefit_per_month == Decimal("275.55")
    assert result.holiday_allowance == Decimal("12.08")  # 5 % of 241.55 = 12.0775


def test_institution_norm_is_the_same_at_aow_age() -> None:
    result = calculate(
        inp(peildatum=D(2021, 12, 1), applicant=Person(D(1950, 1, 1)), in_institution=True),
        institution_table(),
    )
    assert result.norm == Decimal("375.55")


# art. 23 in the law text per date (lid 1 incl. vakantietoeslag, lid 2 increase): single, couple
LAW_23 = {
    D(2025, 1, 1): ("426.03", "45.00", "662.69", "101.00"),
    JULY_2025: ("433.49", "45.00", "674.29", "101.00"),
    D(2026, 3, 1): ("443.76", "47.00", "690.27", "106.00"),
    D(2026, 7, 1): ("449.44", "47.00", "699.11", "106.00"),
}


@pytest.mark.parametrize(("day", "amounts"), LAW_23.items())
def test_institution_norm_is_the_law_text_of_the_date(
    day: dt.date, amounts: tuple[str, ...]
) -> None:
    single, single_up, couple, couple_up = (Decimal(a) for a in amounts)
    alone = calculate(inp(peildatum=day, in_institution=True))
    assert alone.norm == single + single_up
    # vakantietoeslag only over the lid-1 amount, half up
    assert alone.holiday_allowance == (single * Decimal("0.05")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    both = calculate(inp(peildatum=day, in_institution=True, partner=Person(D(1982, 3, 3))))
    assert both.norm == couple + couple_up


def test_institution_after_the_loaded_figures_is_a_norm_error() -> None:
    day = D(2027, 1, 1)
    with pytest.raises(NormError) as error:
        calculate(inp(peildatum=day, in_institution=True))
    assert day.strftime("%d-%m-%Y") in str(error.value)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (inp(applicant=Person(D(2006, 1, 1)), in_institution=True), "aanvrager.geboortedatum"),
        (
            inp(partner=Person(D(2006, 1, 1)), in_institution=True),
            "partner.geboortedatum",
        ),
    ],
)
def test_nobody_of_18_to_20_in_an_institution_gets_algemene_bijstand(
    data: CalculationInput, field: str
) -> None:
    with pytest.raises(CalculationError, match="artikel 13 lid 2 onder a") as error:
        calculate(data, institution_table())
    assert error.value.field == field


# -- income and vrijlating ---------------------------------------------------------------------
WORK = (Income("aanvrager", "arbeid", Decimal("800.00")),)


def test_vrijlating_for_a_30_year_old() -> None:
    result = calculate(inp(incomes=WORK))
    assert result.exemption == Decimal("200.00")
    assert result.income_deducted == Decimal("600.00")
    assert result.benefit_per_month == Decimal("801.50")


def test_vrijlating_is_capped_at_the_monthly_maximum() -> None:
    result = calculate(inp(incomes=(Income("aanvrager", "arbeid", Decimal("1200.00")),)))
    assert result.exemption == Decimal("285.00")


def test_no_vrijlating_under_27() -> None:
    result = calculate(inp(applicant=Person(adult(26)), incomes=WORK))
    assert result.exemption == Decimal("0.00")
    assert result.benefit_per_month == Decimal("601.50")
    assert any("jonger is dan 27" in line for line in result.explanation)


def test_vrijlating_exhausted_after_six_months() -> None:
    result = calculate(inp(incomes=WORK, exemption_months_used=6))
    assert result.exemption == Decimal("0.00")
    assert result.benefit_per_month == Decimal("601.50")
    assert any("is op" in line for line in result.explanation)


def test_single_parent_vrijlating_after_the_six_months() -> None:
    result = calculate(
        inp(incomes=WORK, exemption_months_used=6, children=(Person(D(2020, 1, 1)),))
    )
    assert result.exemption == Decimal("100.00")  # 12.5% of 800


def test_other_income_has_no_vrijlating() -> None:
    result = calculate(inp(incomes=(Income("aanvrager", "overig", Decimal("500.00")),)))
    assert result.exemption == Decimal("0.00")
    assert result.benefit_per_month == Decimal("901.50")


def test_income_above_the_norm_gives_no_benefit() -> None:
    result = calculate(inp(incomes=(Income("aanvrager", "overig", Decimal("3000.00")),)))
    assert result.benefit_per_month == Decimal("0.00")
    assert result.holiday_allowance == Decimal("0.00")
    assert any("geen bijstand" in line for line in result.explanation)


def test_holiday_allowance_is_reserved_on_the_benefit_half_up() -> None:
    # benefit 1401.50 - 500.10 = 901.40; 5% = 45.07
    result = calculate(inp(incomes=(Income("aanvrager", "overig", Decimal("500.10")),)))
    assert result.benefit_per_month == Decimal("901.40")
    assert result.holiday_allowance == Decimal("45.07")


@pytest.mark.parametrize(
    ("day", "maximum"),
    [
        (D(2025, 3, 1), "273.00"),
        (JULY_2025, "278.00"),
        (D(2026, 3, 1), "285.00"),
        (D(2026, 9, 1), "289.00"),
    ],
)
def test_vrijlating_maximum_is_the_law_text_of_the_date(day: dt.date, maximum: str) -> None:
    # 25% of 1,200 = 300: above every maximum, so the maximum of the date applies
    result = calculate(
        inp(peildatum=day, incomes=(Income("aanvrager", "arbeid", Decimal("1200.00")),))
    )
    assert result.exemption == Decimal(maximum)


# -- municipal supplements ---------------------------------------------------------------------
def test_municipal_supplement_is_added_when_present() -> None:
    base = NormTable.load()
    table = NormTable.from_rows(
        norms=norm_rows(base),
        parameters=parameter_rows(base),
        aow_ages=aow_rows(base),
        supplements=[
            {
                "cbs_code": MAASTRICHT,
                "leefvorm": "*",
                "bedrag": "20.00",
                "omschrijving": "toeslag",
                "geldig_vanaf": "2026-01-01",
                "bron": "besluit",
            }
        ],
    )
    assert calculate(inp(), table).norm == Decimal("1421.50")
    assert calculate(inp(municipality_code="GM0888"), table).norm == Decimal("1401.50")


# -- Participatiewet in balans: mantelzorg elders (art. 22a lid 4) -----------------------------
T = NormTable.load()
CARED_FOR = (Housemate(D(1950, 6, 1)),)  # 75: a kostendeler by art. 19a


def test_mantelzorg_elsewhere_switches_off_the_kostendelersnorm_from_2026() -> None:
    without = calculate(inp(housemates=CARED_FOR))
    married = T.norm_for("21", "gehuwden", DAY).amount
    assert without.norm == lid_1_norm(str(married), 2)
    assert without.cost_sharers == 2
    result = calculate(inp(housemates=CARED_FOR, temporary_caregiver_elsewhere=True))
    assert result.norm == T.norm_for("21", "alleenstaande", DAY).amount
    assert result.norm > without.norm
    assert result.cost_sharers == 1
    assert any("artikel 22a lid 4" in line for line in result.explanation)
    assert not any("tellen niet mee als kostendeler" in line for line in result.explanation)


def test_mantelzorg_elsewhere_changes_nothing_before_the_law() -> None:
    day = D(2025, 12, 31)
    plain = calculate(inp(peildatum=day, housemates=CARED_FOR))
    flagged = calculate(
        inp(peildatum=day, housemates=CARED_FOR, temporary_caregiver_elsewhere=True)
    )
    married = T.norm_for("21", "gehuwden", day).amount
    assert flagged.norm == plain.norm == lid_1_norm(str(married), 2)
    assert flagged.cost_sharers == 2
    assert any("nog geen uitzondering" in line for line in flagged.explanation)


def test_mantelzorg_elsewhere_for_a_couple_gives_the_gehuwdennorm() -> None:
    result = calculate(
        inp(
            partner=Person(adult(40)),
            housemates=CARED_FOR,
            temporary_caregiver_elsewhere=True,
        )
    )
    assert result.norm == T.norm_for("21", "gehuwden", DAY).amount
    assert result.cost_sharers == 2


def _table_with_parameter(name: str, value: str, valid_from: str) -> NormTable:
    """The loaded table with ``name`` replaced by one open-ended value from ``valid_from``."""
    base = NormTable.load()
    rows = [row for row in parameter_rows(base) if row["naam"] != name]
    rows.append({"naam": name, "waarde": value, "geldig_vanaf": valid_from, "bron": "test"})
    return NormTable.from_rows(
        norms=norm_rows(base),
        parameters=rows,
        aow_ages=aow_rows(base),
    )


def test_the_mantelzorg_switch_date_is_data_not_code() -> None:
    day = D(2025, 7, 1)
    table = _table_with_parameter(
        "kostendelersnorm_uitzondering_mantelzorg_elders", "1", "2025-07-01"
    )
    result = calculate(
        inp(peildatum=day, housemates=CARED_FOR, temporary_caregiver_elsewhere=True), table
    )
    assert result.norm == T.norm_for("21", "alleenstaande", day).amount


# -- Participatiewet in balans: jongeren zonder beroep op de ouders (art. 20 lid 3 en 4) --------
NINETEEN = Person(D(2007, 1, 1))  # 19 on DAY


def test_youth_without_parental_support_gets_the_increase_from_2026() -> None:
    result = calculate(inp(applicant=NINETEEN, applicant_without_parental_support=True))
    base = T.norm_for("20", "alleenstaande", DAY).amount
    increase = T.norm_for("20", "verhoging_ouders", DAY).amount
    assert increase == Decimal("746.45")
    assert result.norm == base + increase
    assert result.norm < T.norm_for("21", "alleenstaande", DAY).amount  # lid 4 does not bind
    assert any("artikel 20 lid 3" in line for line in result.explanation)
    assert calculate(inp(applicant=NINETEEN)).norm == base


def test_youth_without_parental_support_before_the_law_keeps_the_youth_norm() -> None:
    day = D(2025, 7, 1)
    young = Person(D(2006, 1, 1))  # 19 on 1-7-2025
    result = calculate(inp(peildatum=day, applicant=young, applicant_without_parental_support=True))
    assert result.norm == T.norm_for("20", "alleenstaande", day).amount
    assert any("artikel 12" in line for line in result.explanation)


def test_youth_single_parent_without_parental_support() -> None:
    result = calculate(
        inp(
            applicant=NINETEEN,
            children=(Person(D(2025, 5, 1)),),
            applicant_without_parental_support=True,
        )
    )
    assert result.norm == (
        T.norm_for("20", "alleenstaande", DAY).amount
        + T.norm_for("20", "verhoging_ouders", DAY).amount
    )


def test_youth_couple_increase_is_capped_at_the_article_21_norm() -> None:
    young_couple = inp(
        applicant=NINETEEN,
        partner=Person(D(2006, 6, 1)),  # 19
        applicant_without_parental_support=True,
        partner_without_parental_support=True,
    )
    married = T.norm_for("21", "gehuwden", DAY).amount
    increase = T.norm_for("20", "verhoging_ouders", DAY).amount
    uncapped = T.norm_for("20", "gehuwden_beiden_jong", DAY).amount + 2 * increase
    assert uncapped > married
    result = calculate(young_couple)
    assert result.norm == married
    assert any("artikel 20 lid 4" in line for line in result.explanation)
    one = calculate(
        inp(
            applicant=NINETEEN, partner=Person(D(2006, 6, 1)), partner_without_parental_support=True
        )
    )
    assert one.norm == T.norm_for("20", "gehuwden_beiden_jong", DAY).amount + increase


def test_youth_partner_of_an_older_applicant_is_capped_too() -> None:
    result = calculate(
        inp(partner=NINETEEN, partner_without_parental_support=True)  # applicant 30
    )
    one_young = T.norm_for("20", "gehuwden_een_jong", DAY).amount
    increase = T.norm_for("20", "verhoging_ouders", DAY).amount
    married = T.norm_for("21", "gehuwden", DAY).amount
    assert result.norm == min(one_young + increase, married) == married


def test_parental_support_flag_changes_nothing_from_21() -> None:
    plain = calculate(inp())
    assert calculate(inp(applicant_without_parental_support=True)).norm == plain.norm


def test_youth_increase_with_kostendelers_is_not_guessed() -> None:
    with pytest.raises(CalculationError) as error:
        calculate(
            inp(
                applicant=NINETEEN,
                housemates=CARED_FOR,
                applicant_without_parental_support=True,
            )
        )
    assert error.value.field == "aanvrager.geenBeroepOpOuders"
    # a mantelzorger living elsewhere has no kostendelers: then the increase is calculated
    result = calculate(
        inp(
            applicant=NINETEEN,
            housemates=CARED_FOR,
            applicant_without_parental_support=True,
            temporary_caregiver_elsewhere=True,
        )
    )
    assert result.norm == (
        T.norm_for("20", "alleenstaande", DAY).amount
        + T.norm_for("20", "verhoging_ouders", DAY).amount
    )


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "field"),
    [
        (inp(applicant=Person(D(2027, 1, 1))), "aanvrager.geboortedatum"),
        (inp(applicant=Person(D(2010, 1, 1))), "aanvrager.geboortedatum"),
        (inp(incomes=(Income("aanvrager", "overig", Decimal("-1")),)), "inkomsten.0.nettoPerMaand"),
        (inp(incomes=(Income("partner", "overig", Decimal("1")),)), "inkomsten.0.persoon"),
        (inp(partner_without_parental_support=True), "partner.geenBeroepOpOuders"),
    ],
)
def test_bad_input_names_the_field(data: CalculationInput, field: str) -> None:
    with pytest.raises(CalculationError) as error:
        calculate(data)
    assert error.value.field == field


# -- properties --------------------------------------------------------------------------------
birth = st.dates(min_value=D(1940, 1, 1), max_value=D(2007, 1, 1))


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 6, 30)),
    applicant=st.dates(min_value=D(1940, 1, 1), max_value=D(2004, 1, 1)),
    partner=st.none() | st.dates(min_value=D(1940, 1, 1), max_value=D(2004, 1, 1)),
    housemates=st.lists(st.builds(Housemate, birth, st.booleans(), st.booleans()), max_size=4),
    incomes=st.lists(
        st.builds(
            Income,
            st.just("aanvrager"),
            st.sampled_from(["arbeid", "overig"]),
            st.decimals(min_value=0, max_value=5000, places=2),
        ),
        max_size=3,
    ),
    months=st.integers(min_value=0, max_value=60),
)
def test_benefit_is_never_negative_and_never_above_the_norm(
    day: dt.date,
    applicant: dt.date,
    partner: dt.date | None,
    housemates: list[Housemate],
    incomes: list[Income],
    months: int,
) -> None:
    result = calculate(
        CalculationInput(
            peildatum=day,
            municipality_code=MAASTRICHT,
            applicant=Person(applicant),
            partner=Person(partner) if partner else None,
            housemates=tuple(housemates),
            incomes=tuple(incomes),
            exemption_months_used=months,
        )
    )
    assert Decimal("0") <= result.benefit_per_month <= result.norm
    assert result.exemption >= 0
    assert result.holiday_allowance <= result.benefit_per_month
    assert result.benefit_per_month == result.benefit_per_month.quantize(Decimal("0.01"))
