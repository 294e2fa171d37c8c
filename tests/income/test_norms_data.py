"""The norm data: every figure has a source and a period, periods do not overlap, and the
published amounts are what the table answers on each validity date."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from samen.income.norms import DATA_DIR, NormError, NormTable

D = dt.date
T = NormTable.load()

PUBLISHED = {
    # (artikel, leefvorm): {date: amount incl. vakantietoeslag}
    ("20", "alleenstaande"): {
        D(2025, 1, 1): "332.17",
        D(2025, 7, 1): "337.98",
        D(2026, 1, 1): "345.99",
        D(2026, 7, 1): "350.42",
    },
    ("20", "gehuwden_beiden_jong"): {
        D(2025, 1, 1): "664.34",
        D(2025, 7, 1): "675.96",
        D(2026, 1, 1): "691.98",
        D(2026, 7, 1): "700.84",
    },
    ("20", "gehuwden_een_jong"): {
        D(2025, 1, 1): "1293.21",
        D(2025, 7, 1): "1315.88",
        D(2026, 1, 1): "1347.06",
        D(2026, 7, 1): "1364.32",
    },
    ("20", "gehuwden_beiden_jong_kinderen"): {
        D(2025, 1, 1): "1048.75",
        D(2025, 7, 1): "1067.12",
        D(2026, 1, 1): "1092.41",
        D(2026, 7, 1): "1106.40",
    },
    ("20", "gehuwden_een_jong_kinderen"): {
        D(2025, 1, 1): "1677.62",
        D(2025, 7, 1): "1707.04",
        D(2026, 1, 1): "1747.49",
        D(2026, 7, 1): "1769.88",
    },
    # art. 20 lid 3 (Participatiewet in balans, from 1-1-2026): wettekst 1-1-2026 and the MinBZK
    # log citing the normenbrief, equal to the cent
    ("20", "verhoging_ouders"): {D(2026, 1, 1): "746.45"},
    ("21", "alleenstaande"): {
        D(2025, 1, 1): "1345.45",
        D(2025, 7, 1): "1369.06",
        D(2026, 1, 1): "1401.50",
        D(2026, 7, 1): "1419.46",
    },
    ("21", "gehuwden"): {
        D(2025, 1, 1): "1922.07",
        D(2025, 7, 1): "1955.80",
        D(2026, 1, 1): "2002.13",
        D(2026, 7, 1): "2027.79",
    },
    ("22", "alleenstaande"): {
        D(2025, 1, 1): "1501.07",
        D(2025, 7, 1): "1530.21",
        D(2026, 1, 1): "1564.69",
        D(2026, 7, 1): "1587.34",
    },
    ("22", "gehuwden"): {
        D(2025, 1, 1): "2053.48",
        D(2025, 7, 1): "2094.98",
        D(2026, 1, 1): "2144.16",
        D(2026, 7, 1): "2176.10",
    },
}


@pytest.mark.parametrize(
    ("key", "day", "amount"),
    [(key, day, amount) for key, by_day in PUBLISHED.items() for day, amount in by_day.items()],
)
def test_published_norms_on_each_validity_date(
    key: tuple[str, str], day: dt.date, amount: str
) -> None:
    norm = T.norm_for(key[0], key[1], day)
    assert norm.amount == Decimal(amount)
    assert norm.source
    # the last day of the period still has it
    assert norm.valid.valid_until is not None
    assert T.norm_for(key[0], key[1], norm.valid.valid_until).amount == Decimal(amount)


YOUTH = (
    "alleenstaande",
    "gehuwden_beiden_jong",
    "gehuwden_een_jong",
    "gehuwden_beiden_jong_kinderen",
    "gehuwden_een_jong_kinderen",
)

# Hof van Twente, "Bijstandsnormen" (bijgewerkt 1 juli 2025): the same norms WITHOUT
# vakantiegeld. A second, independent source for the July 2025 figures (the first,
# Stimulansz, gives 337,98 and 1.707,04 including it).
HOF_VAN_TWENTE_JULY_2025_WITHOUT_VT = {
    ("20", "alleenstaande"): "321.08",
    ("20", "gehuwden_beiden_jong"): "642.16",
    ("20", "gehuwden_een_jong"): "1250.09",
    ("20", "gehuwden_beiden_jong_kinderen"): "1013.76",
    ("20", "gehuwden_een_jong_kinderen"): "1621.69",
    ("21", "alleenstaande"): "1300.61",
    ("21", "gehuwden"): "1858.01",
    ("22", "alleenstaande"): "1453.70",
    ("22", "gehuwden"): "1990.23",
}


@pytest.mark.parametrize(("key", "without"), HOF_VAN_TWENTE_JULY_2025_WITHOUT_VT.items())
def test_july_2025_norms_match_a_second_source_without_vakantietoeslag(
    key: tuple[str, str], without: str
) -> None:
    amount = T.norm_for(key[0], key[1], D(2025, 7, 1)).amount
    holiday = (amount * Decimal("0.05")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert amount - holiday == Decimal(without)


# art. 31 lid 2 onder n and r in the law text of each date (maximum per month)
LAW_VRIJLATING = {
    D(2025, 1, 1): ("273.00", "170.61"),
    D(2025, 7, 1): ("278.00", "173.87"),
    D(2026, 1, 1): ("285.00", "177.66"),
    D(2026, 7, 1): ("289.00", "180.17"),
}


@pytest.mark.parametrize(
    ("part", "old", "new"), [("n", "285,00", "289.00"), ("r", "177,66", "180.17")]
)
def test_vrijlating_maxima_of_july_2026_are_the_update_in_the_official_text(
    part: str, old: str, new: str
) -> None:
    """The law text per 1-7-2026 reads "met een maximum van EUR <old> per 1 juli 2026: EUR <new>
    per maand" (the CPRMV copy of BWBR0015703_2026-07-01_0). The regelrecht copy of the same
    version drops such updates and shows only <old>, as it shows "4,8 procent" in art. 19 lid 3:
    the loaded figure is the new one, never the repeated old one, and the source says both."""
    rule = T.exemption(part, D(2026, 7, 1))
    assert rule.maximum_per_month == Decimal(new)
    assert rule.maximum_per_month != T.exemption(part, D(2026, 6, 30)).maximum_per_month
    assert f"{old} per 1 juli 2026: € {new.replace('.', ',')}" in rule.source
    assert "BWBR0015703_2026-07-01_0" in rule.source and "regelrecht-corpus" in rule.source


@pytest.mark.parametrize(("day", "maxima"), LAW_VRIJLATING.items())
def test_vrijlating_maxima_are_the_law_text_of_each_date(
    day: dt.date, maxima: tuple[str, str]
) -> None:
    n, r = T.exemption("n", day), T.exemption("r", day)
    assert (n.maximum_per_month, r.maximum_per_month) == (Decimal(maxima[0]), Decimal(maxima[1]))
    assert (n.percentage, r.percentage) == (Decimal("25"), Decimal("12.5"))
    assert (n.maximum_months, r.maximum_months, n.minimum_age, r.minimum_age) == (6, 30, 27, 27)
    assert "BWBR0015703" in n.source and "BWBR0015703" in r.source
    # the last day of the period still has it
    assert n.valid.valid_until is not None
    assert T.exemption("n", n.valid.valid_until).maximum_per_month == Decimal(maxima[0])


@pytest.mark.parametrize("day", [D(2025, 1, 1), D(2025, 7, 1), D(2026, 1, 1), D(2026, 7, 1)])
def test_youth_norms_fit_the_structure_of_the_published_tables(day: dt.date) -> None:
    """Plausibility check for art. 20 figures against the art. 21 gehuwdennorm of the same day,
    as in every published table seen (1-7-2024 Velsen, 1-1-2025 Westland): both young = 2x the
    single youth norm; one young = single youth norm + 50 % gehuwdennorm; with children + 20 %
    gehuwdennorm. Each within one cent (the tables round per step). Not proof of a figure."""
    married = T.norm_for("21", "gehuwden", day).amount
    single = T.norm_for("20", "alleenstaande", day).amount
    both = T.norm_for("20", "gehuwden_beiden_jong", day).amount
    one = T.norm_for("20", "gehuwden_een_jong", day).amount
    both_kids = T.norm_for("20", "gehuwden_beiden_jong_kinderen", day).amount
    one_kids = T.norm_for("20", "gehuwden_een_jong_kinderen", day).amount
    cent = Decimal("0.01")
    assert both == 2 * single
    assert abs(one - (single + married / 2)) <= cent
    assert abs(both_kids - (both + married / 5)) <= cent
    assert abs(one_kids - (one + married / 5)) <= cent


@pytest.mark.parametrize("day", [D(2024, 12, 31), D(2027, 1, 1)])
def test_outside_every_period_is_a_clear_dutch_error(day: dt.date) -> None:
    with pytest.raises(NormError, match="Er is geen norm"):
        T.norm_for("21", "alleenstaande", day)


@pytest.mark.parametrize(
    "name",
    ["kostendelersnorm_uitzondering_mantelzorg_elders", "jongeren_verhoging_ontoereikende_ouders"],
)
def test_participatiewet_in_balans_switches_on_1_january_2026(name: str) -> None:
    """Fase 1 of the Participatiewet in balans (art. 20 lid 3-4 and art. 22a lid 4): absent
    from the law text of 1-7-2025, present in that of 1-1-2026."""
    assert T.parameter(name, D(2015, 1, 1)) == 0
    assert T.parameter(name, D(2025, 12, 31)) == 0
    assert T.parameter(name, D(2026, 1, 1)) == 1
    assert T.parameter(name, D(2030, 1, 1)) == 1


def test_no_youth_increase_amount_before_the_law() -> None:
    with pytest.raises(NormError, match="Er is geen norm"):
        T.norm_for("20", "verhoging_ouders", D(2025, 12, 31))


def test_every_csv_row_has_a_period_and_a_source() -> None:
    for path in DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert (row.get("bron") or "").strip(), (path.name, row)


def test_alleenstaande_is_seventy_percent_of_gehuwden_as_the_law_text_has_it() -> None:
    for day in (D(2025, 1, 1), D(2025, 7, 1)):
        married = T.norm_for("21", "gehuwden", day).amount
        single = T.norm_for("21", "alleenstaande", day).amount
        assert (married * Decimal("0.7")).quantize(Decimal("0.01")) == single
    # In 2026 the law text itself is one cent above 70 % (1.401,50 for 2.002,13; 1.419,46 for
    # 2.027,79): the data follows the law, not the rule of thumb.
    for day in (D(2026, 1, 1), D(2026, 7, 1)):
        married = T.norm_for("21", "gehuwden", day).amount
        single = T.norm_for("21", "alleenstaande", day).amount
        assert single - (married * Decimal("0.7")).quantize(Decimal("0.01")) == Decimal("0.01")


def test_overlapping_periods_are_refused() -> None:
    row = {"artikel": "21", "leefvorm": "gehuwden", "bedrag": "1", "bron": "x"}
    with pytest.raises(NormError, match="overlappen"):
        NormTable.from_rows(
            norms=[
                {**row, "geldig_vanaf": "2026-01-01", "geldig_tot": "2026-06-30"},
                {**row, "geldig_vanaf": "2026-06-01", "geldig_tot": ""},
            ]
        )


def test_july_2026_is_a_data_change_only() -> None:
    rows = [
        {
            "artikel": "21",
            "leefvorm": "gehuwden",
            "bedrag": "2002.13",
            "geldig_vanaf": "2026-01-01",
            "geldig_tot": "2026-06-30",
            "bron": "normenbrief",
        },
        {
            "artikel": "21",
            "leefvorm": "gehuwden",
            "bedrag": "2050.00",
            "geldig_vanaf": "2026-07-01",
            "geldig_tot": "2026-12-31",
            "bron": "normenbrief 1 juli 2026",
        },
    ]
    table = NormTable.from_rows(norms=rows)
    assert table.norm_for("21", "gehuwden", D(2026, 7, 1)).amount == Decimal("2050.00")


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        (D(1958, 5, 15), D(2025, 5, 15)),  # 67
        (D(1961, 1, 31), D(2028, 4, 30)),  # 67 and 3 months, end of month
        (D(1963, 9, 30), D(2030, 12, 30)),
    ],
)
def test_aow_age_by_birth_date(birth: dt.date, reached: dt.date) -> None:
    assert T.aow_date(birth) == reached
    assert T.has_aow_age(birth, reached)
    assert not T.has_aow_age(birth, reached - dt.timedelta(days=1))


def test_aow_age_not_yet_fixed() -> None:
    assert not T.has_aow_age(D(1990, 1, 1), D(2026, 1, 1))  # certainly below
    with pytest.raises(NormError, match="nog niet vastgesteld"):
        T.has_aow_age(D(1964, 1, 1), D(2031, 6, 1))


# -- art. 22a lid 3 and art. 23 ----------------------------------------------------------------
def _incl_vt_candidates(without: str) -> list[Decimal]:
    """Every amount x (incl. vt) with x - round_half_up(5 % of x) == ``without``."""
    target = Decimal(without)
    found = []
    for cents in range(int(target * 100), int(target * 100 * Decimal("1.06"))):
        x = Decimal(cents) / 100
        holiday = (x * Decimal("0.05")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if x - holiday == target:
            found.append(x)
    return found


# MinBZK poc-machine-law wetsanalyse-log citing the Normenbrief 1-1-2026 (ONBEVESTIGD, like the
# other 2026 figures): art. 22a lid 3 without / with ten laste komende kinderen.
PUBLISHED_22A_LID_3 = {D(2026, 1, 1): ("345.99", "746.42")}


@pytest.mark.parametrize(("day", "amounts"), PUBLISHED_22A_LID_3.items())
def test_article_22a_lid_3_amounts_follow_from_the_youth_norms(
    day: dt.date, amounts: tuple[str, str]
) -> None:
    """The amount for the partner under 21 is the art. 20 alleenstaande norm, with children
    plus (gehuwden één jong met kinderen - zonder kinderen) of the same day; the calculation
    derives it that way instead of storing it."""
    single = T.norm_for("20", "alleenstaande", day).amount
    children = (
        T.norm_for("20", "gehuwden_een_jong_kinderen", day).amount
        - T.norm_for("20", "gehuwden_een_jong", day).amount
    )
    assert single == Decimal(amounts[0])
    assert single + children == Decimal(amounts[1])


ARTICLE_23 = ("alleenstaande", "gehuwden", "alleenstaande_verhoging", "gehuwden_verhoging")


LAW_23 = {
    D(2025, 1, 1): ("426.03", "662.69", "45.00", "101.00"),
    D(2025, 7, 1): ("433.49", "674.29", "45.00", "101.00"),
    D(2026, 1, 1): ("443.76", "690.27", "47.00", "106.00"),
    D(2026, 7, 1): ("449.44", "699.11", "47.00", "106.00"),
}


@pytest.mark.parametrize(("day", "amounts"), LAW_23.items())
def test_article_23_is_the_law_text_of_each_date(day: dt.date, amounts: tuple[str, ...]) -> None:
    for household, amount in zip(ARTICLE_23, amounts, strict=True):
        norm = T.norm_for("23", household, day)
        assert norm.amount == Decimal(amount), household
        assert "BWBR0015703" in norm.source


@pytest.mark.parametrize(
    ("without", "candidates"),
    [("411.82", ["433.49", "433.50"]), ("640.58", ["674.29", "674.30"])],
)
def test_hof_van_twente_july_2025_institution_norms_are_not_unique_with_vt(
    without: str, candidates: list[str]
) -> None:
    """Hof van Twente (1-7-2025, without vakantiegeld) art. 23: two amounts incl. vt fit each,
    so that source alone could not give the figure; the law text (433,49 and 674,29) is one
    of the two candidates each time."""
    assert _incl_vt_candidates(without) == [Decimal(c) for c in candidates]
    assert T.norm_for(
        "23", "alleenstaande" if without == "411.82" else "gehuwden", D(2025, 7, 1)
    ).amount in [Decimal(c) for c in candidates]


def test_incl_vt_candidates_are_unique_for_the_loaded_july_2025_norms() -> None:
    """The same rule that loaded the art. 20 figures of 1-7-2025 (one candidate each)."""
    assert _incl_vt_candidates("321.08") == [Decimal("337.98")]
    assert _incl_vt_candidates("1621.69") == [Decimal("1707.04")]


def test_article_23_households_are_known_to_the_table() -> None:
    rows = [
        {
            "artikel": "23",
            "leefvorm": household,
            "bedrag": "1",
            "geldig_vanaf": "2026-07-01",
            "geldig_tot": "2026-12-31",
            "bron": "x",
        }
        for household in ARTICLE_23
    ]
    table = NormTable.from_rows(norms=rows)
    assert table.norm_for("23", "gehuwden_verhoging", D(2026, 7, 1)).amount == Decimal("1")
    with pytest.raises(NormError, match="Onbekende norm"):
        NormTable.from_rows(norms=[{**rows[0], "leefvorm": "gehuwden_beiden_jong"}])
