"""Vectors for the pure fine calculation (Participatiewet art. 18a): per degree of blame,
recidive, the second-category cap, the warning and urgent reasons; and the rules read from
the dated tables per day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.sanctions import fines
from samen.sanctions.fines import FineError, FineInput, FineRules, Result

D = dt.date
E = Decimal

RULES = FineRules(
    day=D(2026, 3, 1),
    percentages={
        "opzet": E("100"),
        "grove_schuld": E("50"),
        "geen": E("25"),
        "verminderd": E("10"),
    },
    percentage_source="Boetebesluit socialezekerheidswetten art. 2a",
    second_category=E("5150.00"),
    second_category_source="€ 5.150,00 vanaf 01-01-2024",
    warning_max=E("150.00"),
    warning_years=2,
    recidive_years=5,
    recidive_percentage=E("150"),
    rule_source="Boetebesluit socialezekerheidswetten",
)


def fine(**kwargs: object) -> fines.FineResult:
    data = {"breach_on": D(2026, 3, 1), "detriment": E("1000.00"), "blame": "opzet", **kwargs}
    return fines.calculate(FineInput(**data), RULES)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("blame", "detriment", "amount"),
    [
        ("opzet", "1000.00", "1000.00"),
        ("grove_schuld", "1000.00", "500.00"),
        ("geen", "1000.00", "250.00"),
        ("verminderd", "1000.00", "100.00"),
        ("grove_schuld", "333.33", "166.66"),  # rounded down, never more than the rule
        ("geen", "0.03", "0.00"),
    ],
)
def test_the_fine_is_the_percentage_of_the_benadelingsbedrag_per_degree_of_blame(
    blame: str, detriment: str, amount: str
) -> None:
    result = fine(blame=blame, detriment=E(detriment))
    assert result.result == Result.BOETE
    assert result.amount == E(amount)
    assert result.maximum == E(detriment)
    assert result.steps[-1].amount == E(amount)


@pytest.mark.parametrize(
    ("blame", "amount"),
    [
        ("opzet", "5150.00"),
        ("grove_schuld", "2575.00"),
        ("geen", "1287.50"),
        ("verminderd", "515.00"),
    ],
)
def test_without_benadelingsbedrag_the_second_category_is_the_maximum(
    blame: str, amount: str
) -> None:
    result = fine(blame=blame, detriment=E("0.00"))
    assert result.maximum == E("5150.00")
    assert result.amount == E(amount)
    assert "tweede categorie" in result.steps[0].text
    assert "€ 5.150,00 vanaf 01-01-2024" in result.steps[0].text


def test_recidive_within_five_years_raises_the_fine_to_150_percent() -> None:
    result = fine(blame="grove_schuld", previous_fine_on=D(2021, 3, 2))
    assert result.recidive
    assert result.amount == E("750.00")  # 50 % of 1000, times 150 %
    assert result.maximum == E("1500.00")
    assert "Herhaling" in result.steps[2].text


def test_recidive_with_opzet_is_capped_at_150_percent_of_the_benadelingsbedrag() -> None:
    result = fine(blame="opzet", detriment=E("2000.00"), previous_fine_on=D(2025, 1, 1))
    assert result.amount == E("3000.00")


def test_an_earlier_fine_more_than_five_years_back_is_no_recidive() -> None:
    result = fine(blame="opzet", previous_fine_on=D(2021, 2, 28))
    assert not result.recidive
    assert result.amount == E("1000.00")
    assert "geen verhoging" in result.steps[2].text


def test_recidive_without_benadelingsbedrag_raises_the_second_category_cap() -> None:
    result = fine(blame="opzet", detriment=E("0.00"), previous_fine_on=D(2024, 6, 1))
    assert result.amount == E("7725.00")  # 150 % of 5150


def test_a_warning_instead_of_a_fine_for_a_small_first_breach() -> None:
    result = fine(detriment=E("150.00"), warning_requested=True)
    assert result.result == Result.WAARSCHUWING
    assert result.amount == E("0.00")
    assert "schriftelijke waarschuwing" in result.steps[-1].text


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"detriment": E("150.01")}, "hoger dan € 150,00"),
        (
            {"detriment": E("100.00"), "previous_warning_or_fine_on": D(2024, 3, 2)},
            "al een waarschuwing of boete",
        ),
        ({"detriment": E("100.00"), "previous_fine_on": D(2023, 1, 1)}, "herhaling"),
    ],
)
def test_a_warning_is_refused_where_the_law_does_not_allow_it(
    extra: dict[str, object], reason: str
) -> None:
    with pytest.raises(FineError) as refused:
        fine(warning_requested=True, **extra)
    assert refused.value.field == "warning_requested"
    assert reason in str(refused.value)


def test_a_warning_two_years_and_a_day_later_is_allowed_again() -> None:
    result = fine(
        detriment=E("80.00"), warning_requested=True, previous_warning_or_fine_on=D(2024, 2, 29)
    )
    assert result.result == Result.WAARSCHUWING


def test_urgent_reasons_mean_no_fine() -> None:
    result = fine(urgent_reasons="Ernstige ziekte; de boete zou de klant onevenredig raken.")
    assert result.result == Result.AFGEZIEN
    assert result.amount == E("0.00")
    assert "negende lid" in result.steps[0].text


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"detriment": E("-1.00")}, "detriment"),
        ({"detriment": E("1.001")}, "detriment"),
        ({"blame": "onbekend"}, "blame"),
        ({"previous_fine_on": D(2026, 3, 2)}, "previous_fine_on"),
    ],
)
def test_bad_input_is_refused_naming_the_field(extra: dict[str, object], field: str) -> None:
    with pytest.raises(FineError) as refused:
        fine(**extra)
    assert refused.value.field == field


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "second_category"),
    [(D(2017, 6, 1), "4100.00"), (D(2019, 12, 31), "4150.00"), (D(2026, 3, 1), "5150.00")],
)
def test_the_rules_of_the_day_of_the_breach_come_from_the_dated_tables(
    day: dt.date, second_category: str
) -> None:
    from samen.sanctions.services import fine_rules_on

    rules = fine_rules_on(day)
    assert rules.second_category == E(second_category)
    assert rules.percentages == {
        "opzet": E("100"),
        "grove_schuld": E("50"),
        "geen": E("25"),
        "verminderd": E("10"),
    }
    assert (rules.warning_max, rules.recidive_years, rules.recidive_percentage) == (
        E("150.00"),
        5,
        E("150"),
    )


@pytest.mark.django_db
def test_a_day_without_rules_is_refused() -> None:
    from samen.sanctions.services import fine_rules_on

    with pytest.raises(FineError) as refused:
        fine_rules_on(D(2014, 1, 1))
    assert refused.value.field == "breach_on"
