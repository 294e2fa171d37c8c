"""Issue 12 item 5a: the norms run out. From 45 days before a run's month needs its figures,
administration and the director are told which kinds of figure (norms per article, vrijlating
maxima, parameters) that month lacks, also when a kind ran out before today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from samen.common.dates import long_date
from samen.income import calendar, norm_coverage
from samen.income.norm_coverage import CalendarMonth, first_uncovered, months_ahead, warnings
from samen.income.norms import NormError, NormTable, Valid
from tests.cases.conftest import World, world  # noqa: F401
from tests.web.pages import logged_in, text

D = dt.date
JANUARY = CalendarMonth(D(2027, 1, 1), run_on=D(2027, 1, 19), pay_on=D(2027, 1, 22))

ART_21 = (
    "De normen van art. 21 (21 jaar tot AOW-leeftijd) gelden tot en met 31 december 2026; "
    "voor januari 2027 zijn geen normen geladen."
)


def norm(article: str, household: str, start: str, end: str, amount: str = "1") -> dict[str, Any]:
    return {
        "artikel": article,
        "leefvorm": household,
        "bedrag": amount,
        "geldig_vanaf": start,
        "geldig_tot": end,
        "bron": "test",
    }


def vrijlating(part: str, start: str, end: str) -> dict[str, Any]:
    return {
        "onderdeel": part,
        "percentage": "25",
        "maximum_per_maand": "100",
        "maximum_maanden": "6",
        "minimum_leeftijd": "27",
        "kind_jonger_dan": "",
        "geldig_vanaf": start,
        "geldig_tot": end,
        "bron": "test",
    }


def small_table(**extra: Any) -> NormTable:
    """Art. 21 to the end of 2026, art. 22 open-ended, the vrijlating maximum under n only to
    30 June 2026 (the case of 2026), one parameter open-ended."""
    return NormTable.from_rows(
        norms=[
            norm("21", "alleenstaande", "2026-01-01", "2026-06-30"),
            norm("21", "alleenstaande", "2026-07-01", "2026-12-31"),
            norm("21", "gehuwden", "2026-01-01", "2026-12-31"),
            norm("22", "alleenstaande", "2026-01-01", ""),
            norm("22", "gehuwden", "2026-01-01", ""),
            *extra.get("norms", ()),
        ],
        exemptions=[vrijlating("n", "2026-01-01", "2026-06-30")],
        parameters=[
            {
                "naam": "kostendelers_basis",
                "waarde": "40",
                "geldig_vanaf": "2015-01-01",
                "bron": "x",
            }
        ],
        supplements=extra.get("supplements", ()),
    )


# --- which months ----------------------------------------------------------------------------
def test_the_warning_starts_45_days_before_the_month_and_not_46() -> None:
    forty_five = D(2027, 1, 1) - dt.timedelta(days=45)  # 17 November 2026
    assert forty_five == D(2026, 11, 17)
    assert ART_21 in warnings(small_table(), forty_five, [JANUARY])
    assert warnings(small_table(), forty_five - dt.timedelta(days=1), [JANUARY]) == []


def test_a_run_before_its_month_counts_from_its_run_day() -> None:
    # A calendar that pays February in advance, with a run on 25 January.
    february = CalendarMonth(D(2027, 2, 1), run_on=D(2027, 1, 25), pay_on=D(2027, 1, 28))
    assert months_ahead(D(2027, 1, 25) - dt.timedelta(days=45), [february]) == [D(2027, 2, 1)]
    assert months_ahead(D(2027, 1, 25) - dt.timedelta(days=46), [february]) == []


def test_a_done_run_or_a_passed_payment_day_is_not_ahead() -> None:
    done = CalendarMonth(D(2027, 1, 1), D(2027, 1, 19), D(2027, 1, 22), done=True)
    assert months_ahead(D(2026, 12, 2), [done]) == []
    # after the payment day it is a missed run, with its own notice
    assert months_ahead(D(2027, 1, 23), [JANUARY]) == []
    assert months_ahead(D(2027, 1, 22), [JANUARY]) == [D(2027, 1, 1)]


# --- which figures -----------------------------------------------------------------------------
def test_each_missing_kind_is_named_and_a_kind_already_gone_says_since_when() -> None:
    assert warnings(small_table(), D(2026, 12, 2), [JANUARY]) == [
        ART_21,
        "Het maximum van de vrijlating (art. 31 lid 2 onder n Participatiewet) ontbreekt sinds "
        "1 juli 2026; voor januari 2027 is geen maximum geladen.",
    ]


def test_the_months_that_lack_a_kind_are_named_together() -> None:
    december = CalendarMonth(D(2026, 12, 1), D(2026, 12, 21), D(2026, 12, 24))
    assert warnings(small_table(), D(2026, 12, 2), [december, JANUARY])[-1] == (
        "Het maximum van de vrijlating (art. 31 lid 2 onder n Participatiewet) ontbreekt sinds "
        "1 juli 2026; voor december 2026 en januari 2027 is geen maximum geladen."
    )


def test_a_period_ending_mid_month_is_a_gap_from_the_next_day() -> None:
    table = small_table(
        norms=[
            norm("20", "alleenstaande", "2026-01-01", "2027-01-15"),
            norm("20", "alleenstaande", "2027-01-20", ""),
        ]
    )
    assert (
        "De normen van art. 20 (18, 19 of 20 jaar) gelden tot en met 15 januari 2027; "
        "voor januari 2027 zijn geen normen geladen."
    ) in warnings(table, D(2026, 12, 2), [JANUARY])


def test_only_the_households_missing_are_named_when_not_all_are() -> None:
    table = small_table(
        norms=[
            norm("20", "alleenstaande", "2026-01-01", ""),
            norm("20", "verhoging_ouders", "2026-01-01", "2026-12-31"),
        ]
    )
    assert (
        "De normen van art. 20 (18, 19 of 20 jaar), leefvorm verhoging ouders, gelden tot en met "
        "31 december 2026; voor januari 2027 zijn geen normen geladen."
    ) in warnings(table, D(2026, 12, 2), [JANUARY])


def test_a_figure_that_starts_later_is_not_missing_before_it_exists() -> None:
    table = small_table(norms=[norm("20", "verhoging_ouders", "2027-01-01", "")])
    december = CalendarMonth(D(2026, 12, 1), D(2026, 12, 21), D(2026, 12, 24))
    assert not any("art. 20" in w for w in warnings(table, D(2026, 12, 2), [december, JANUARY]))


def test_an_ended_municipal_supplement_is_not_a_gap() -> None:
    supplement = {
        "cbs_code": "0935",
        "leefvorm": "*",
        "bedrag": "20",
        "omschrijving": "toeslag",
        "geldig_vanaf": "2026-01-01",
        "geldig_tot": "2026-12-31",
        "bron": "x",
    }
    assert warnings(small_table(supplements=[supplement]), D(2026, 12, 2), [JANUARY]) == (
        warnings(small_table(), D(2026, 12, 2), [JANUARY])
    )


def test_first_uncovered_day() -> None:
    year = [Valid(D(2026, 1, 1), D(2026, 6, 30)), Valid(D(2026, 7, 1), D(2026, 12, 31))]
    assert first_uncovered(year, D(2026, 6, 1), D(2026, 7, 31)) is None
    assert first_uncovered(year, D(2027, 1, 1), D(2027, 1, 31)) == D(2027, 1, 1)
    assert first_uncovered(year, D(2026, 12, 1), D(2027, 1, 31)) == D(2027, 1, 1)
    hole = [Valid(D(2026, 1, 1), D(2026, 1, 10)), Valid(D(2026, 1, 12), None)]
    assert first_uncovered(hole, D(2026, 1, 1), D(2026, 1, 31)) == D(2026, 1, 11)
    assert first_uncovered([Valid(D(2027, 1, 1), None)], D(2026, 12, 1), D(2026, 12, 31)) is None
    assert first_uncovered([], D(2026, 12, 1), D(2026, 12, 31)) is None


# --- the loaded data on 2 December 2026 ---------------------------------------------------------
def first_refused(lookup: Any, months: list[dt.date]) -> dt.date | None:
    """The first day of ``months`` the table's own look-up refuses (an independent oracle)."""
    for month in months:
        day = month
        while day.month == month.month:
            try:
                lookup(day)
            except NormError:
                return day
            day += dt.timedelta(days=1)
    return None


def test_what_the_loaded_figures_give_on_2_december_2026() -> None:
    """Stays true when figures are added: the expected warnings follow from where the table's
    own look-ups start refusing in the months of the default calendar ahead of that day."""
    table, today = NormTable.load(), D(2026, 12, 2)
    cal = [CalendarMonth(p.month, p.run_on, p.pay_on) for p in calendar.propose_year(2026)]
    cal += [CalendarMonth(p.month, p.run_on, p.pay_on) for p in calendar.propose_year(2027)]
    months = months_ahead(today, cal)
    assert months == [D(2026, 12, 1), D(2027, 1, 1)]
    found = warnings(table, today, cal)
    checks = {
        "De normen van art. 20 (18, 19 of 20 jaar)": lambda d: table.norm_for(
            "20", "alleenstaande", d
        ),
        "De normen van art. 23 (verblijf in een inrichting)": lambda d: table.norm_for(
            "23", "alleenstaande", d
        ),
        "De normen van art. 21 (21 jaar tot AOW-leeftijd)": lambda d: (
            table.norm_for("21", "alleenstaande", d),
            table.norm_for("21", "gehuwden", d),
        ),
        "De normen van art. 22 (AOW-leeftijd)": lambda d: table.norm_for("22", "gehuwden", d),
        "Het maximum van de vrijlating (art. 31 lid 2 onder n Participatiewet)": lambda d: (
            table.exemption("n", d)
        ),
        "Het maximum van de vrijlating (art. 31 lid 2 onder r Participatiewet)": lambda d: (
            table.exemption("r", d)
        ),
    }
    for subject, lookup in checks.items():
        refused = first_refused(lookup, months)
        named = [w for w in found if w.startswith(subject)]
        if refused is None:
            assert named == [], subject
            continue
        until = long_date(refused - dt.timedelta(days=1))
        since = long_date(refused)
        assert len(named) == 1, subject
        assert (f"tot en met {until};" if refused > today else f"sinds {since};") in named[0]
    # With the figures of December 2026 loaded and none of 2027 yet, this is the warning:
    if first_refused(checks["De normen van art. 21 (21 jaar tot AOW-leeftijd)"], months) == D(
        2027, 1, 1
    ):
        assert ART_21 in found


# --- who sees it ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_administration_and_the_director_see_it_on_the_start_page_and_betalingen(
    world: World,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.DEMO_MODE = True
    table = small_table()
    monkeypatch.setattr(norm_coverage, "warnings", _with_table(table))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 2))
    for username in ("administratie", "directeur"):
        assert ART_21 in text(logged_in(world.user(username)).get("/"))
        assert ART_21 in text(logged_in(world.user(username)).get("/betalingen"))
    assert ART_21 not in text(logged_in(world.user("consulent.vaals")).get("/"))
    # 46 days before January (and December's run done or covered): nothing
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 16))
    assert ART_21 not in text(logged_in(world.user("administratie")).get("/"))


def _with_table(table: NormTable) -> Any:
    real = norm_coverage.warnings

    def warnings_with_small_table(_: NormTable, today: dt.date, cal: Any, **kw: Any) -> list[str]:
        return real(table, today, cal, **kw)

    return warnings_with_small_table
