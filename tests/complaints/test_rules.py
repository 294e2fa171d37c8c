"""The rules of complaint handling (Awb 9:5, 9:7, 9:8, 9:10, 9:11, 9:12) on concrete 2026
dates, over weekends and the Atw holidays. Pure: no database, no settings. The term data is
what the catalogue holds (samen/cases/data/case_types.csv): 6 or 10 weeks, verdaging 4."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.cases import deadlines
from samen.complaints.rules import (
    ComplaintRule,
    Facts,
    Postponement,
    RuleError,
    TermRule,
    check_actor,
    check_handler,
    check_not_handled,
    check_outcome,
    complaint_term,
    findings,
    heard,
    notice_due,
    older_than_limit,
    years_before,
)

D = dt.date
SIX = TermRule(6, "weken", 4)
TEN = TermRule(10, "weken", 4)
RULE = ComplaintRule(behaviour_years=1, notice_weeks=4)


# --- Awb 9:11: the term over weekends and 2026 holidays -------------------------------------
@pytest.mark.parametrize(
    ("rule", "received", "due", "why"),
    [
        (SIX, D(2026, 2, 10), D(2026, 3, 24), "an ordinary Tuesday: six weeks later"),
        (SIX, D(2026, 2, 14), D(2026, 3, 30), "received on a Saturday, ends Saturday: Monday"),
        (SIX, D(2026, 3, 16), D(2026, 4, 28), "ends on Koningsdag, Monday 27 April"),
        (SIX, D(2026, 3, 24), D(2026, 5, 6), "ends on Bevrijdingsdag, Tuesday 5 May"),
        (SIX, D(2026, 4, 2), D(2026, 5, 18), "Hemelvaartsdag 14 May, Friday 15 May equated"),
        (SIX, D(2026, 11, 13), D(2026, 12, 28), "Christmas on Friday and Saturday, Sunday"),
        (TEN, D(2026, 2, 10), D(2026, 4, 21), "ten weeks with the advisory committee"),
        (TEN, D(2026, 1, 26), D(2026, 4, 7), "ten weeks end on tweede Paasdag, 6 April"),
    ],
)
def test_the_term_is_six_or_ten_weeks_moved_by_the_atw(
    rule: TermRule, received: dt.date, due: dt.date, why: str
) -> None:
    assert complaint_term(received, rule).due == due, why


def test_the_explanation_names_the_days_in_plain_dutch() -> None:
    term = complaint_term(D(2026, 3, 16), SIX)
    assert term.explanation == (
        "De klacht is ontvangen op 16 maart 2026. De termijn van 6 weken begint de dag erna "
        "(artikel 9:11 lid 1 Awb).",
        "De termijn zou eindigen op 27 april 2026. Dat is geen werkdag, dus eindigt de termijn "
        "op 28 april 2026 (Algemene termijnenwet).",
        "Uiterlijk afhandelen op 28 april 2026.",
    )


def test_a_verdaging_of_four_weeks_notified_in_time() -> None:
    # 10 February + 6 weeks = 24 March; notified 20 March; + 4 weeks = Tuesday 21 April.
    term = complaint_term(D(2026, 2, 10), SIX, [Postponement(4, D(2026, 3, 20))])
    assert term.due == D(2026, 4, 21)
    assert "Verdaagd met 4 weken, bericht op 20 maart 2026 (lid 2)." in term.explanation


def test_a_verdaging_that_ends_on_koningsdag_moves_to_the_next_working_day() -> None:
    # 16 February + 6 weeks = 30 March; + 4 weeks = Monday 27 April, Koningsdag.
    term = complaint_term(D(2026, 2, 16), SIX, [Postponement(4, D(2026, 3, 27))])
    assert term.due == D(2026, 4, 28)


def test_the_verdaging_is_at_most_four_weeks_and_only_once() -> None:
    with pytest.raises(RuleError, match="ten hoogste 4 weken") as error:
        complaint_term(D(2026, 2, 10), SIX, [Postponement(5, D(2026, 3, 20))])
    assert error.value.field == "weeks"
    with pytest.raises(RuleError, match="maar één keer"):
        complaint_term(
            D(2026, 2, 10),
            SIX,
            [Postponement(2, D(2026, 3, 20)), Postponement(2, D(2026, 4, 1))],
        )


def test_a_verdaging_notified_after_the_term_is_refused() -> None:
    with pytest.raises(RuleError, match="vóór de termijn is verstreken") as error:
        complaint_term(D(2026, 2, 10), SIX, [Postponement(4, D(2026, 3, 25))])
    assert error.value.field == "notified_on"


def test_further_postponement_only_with_written_consent_given_first() -> None:
    # After the verdaging to 21 April, three more weeks with consent: Tuesday 12 May.
    term = complaint_term(
        D(2026, 2, 10),
        SIX,
        [Postponement(4, D(2026, 3, 20)), Postponement(3, D(2026, 4, 15), D(2026, 4, 14))],
    )
    assert term.due == D(2026, 5, 12)
    with pytest.raises(RuleError, match="voordat het wordt vastgelegd"):
        complaint_term(D(2026, 2, 10), SIX, [Postponement(3, D(2026, 3, 20), D(2026, 3, 21))])


def test_without_a_verdaging_in_the_catalogue_none_is_possible() -> None:
    with pytest.raises(RuleError, match="niet worden verdaagd"):
        complaint_term(D(2026, 2, 10), TermRule(6, "weken", None), [Postponement(1, D(2026, 3, 1))])


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)))
def test_the_due_date_is_the_first_working_day_from_six_weeks_on(day: dt.date) -> None:
    due = complaint_term(day, SIX).due
    nominal = day + dt.timedelta(weeks=6)
    assert due == deadlines.next_working_day(nominal)
    # Every day skipped was a Saturday, Sunday or Atw holiday.
    skipped = [nominal + dt.timedelta(days=n) for n in range((due - nominal).days)]
    assert all(d.weekday() >= 5 or deadlines.is_atw_holiday(d) for d in skipped)


# --- Awb 9:7 --------------------------------------------------------------------------------
def test_the_handler_may_not_be_the_official_complained_about() -> None:
    with pytest.raises(RuleError, match="artikel 9:7 Awb") as error:
        check_handler(7, 7)
    assert error.value.field == "handler"
    check_handler(7, 8)
    check_handler(7, None)  # no official named (9:7 lid 2: the body itself)
    with pytest.raises(RuleError, match="gaat over u"):
        check_actor(7, 7)
    check_actor(8, 7)


# --- Awb 9:8 --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("behaviour", "received", "older"),
    [
        (D(2025, 3, 1), D(2026, 3, 1), False),  # exactly a year is not longer than a year
        (D(2025, 2, 28), D(2026, 3, 1), True),
        (D(2025, 11, 2), D(2026, 3, 1), False),
        (D(2027, 2, 28), D(2028, 2, 29), False),  # a year before 29 February: 28 February
        (D(2027, 2, 27), D(2028, 2, 29), True),
    ],
)
def test_a_behaviour_longer_than_a_year_before_the_complaint(
    behaviour: dt.date, received: dt.date, older: bool
) -> None:
    assert older_than_limit(behaviour, received, RULE) is older


def test_years_before_on_a_leap_day() -> None:
    assert years_before(D(2028, 2, 29), 1) == D(2027, 2, 28)


def test_not_handling_is_told_within_four_weeks_moved_by_the_atw() -> None:
    assert notice_due(D(2026, 2, 10), RULE) == D(2026, 3, 10)
    assert notice_due(D(2026, 3, 30), RULE) == D(2026, 4, 28)  # 27 April: Koningsdag


def test_ground_b_only_when_the_dates_show_it() -> None:
    check_not_handled("1b", D(2025, 1, 5), D(2026, 2, 10), RULE)
    with pytest.raises(RuleError, match="niet langer dan een jaar") as error:
        check_not_handled("1b", D(2025, 6, 1), D(2026, 2, 10), RULE)
    assert error.value.field == "not_handled_ground"
    check_not_handled("1c", D(2025, 6, 1), D(2026, 2, 10), RULE)  # staff's judgement
    with pytest.raises(RuleError, match="Kies de grond"):
        check_not_handled("", D(2025, 6, 1), D(2026, 2, 10), RULE)


# --- Awb 9:10, 9:12, 9:5: the outcome -------------------------------------------------------
def facts(**extra: object) -> Facts:
    values: dict = {
        "received_on": D(2026, 2, 10),
        "behaviour_on": D(2026, 2, 2),
        "hearing_on": None,
        "minutes": "",
        "skipped": "",
        **extra,
    }
    return Facts(**values)


def test_heard_means_minutes_on_file_or_a_ground_not_to_hear() -> None:
    assert not heard(D(2026, 3, 1), "", "")
    assert heard(D(2026, 3, 1), "Gesprek gevoerd.", "")
    assert heard(None, "", "b")


def test_a_judged_complaint_needs_the_hearing_and_a_conclusion() -> None:
    day = D(2026, 3, 20)
    with pytest.raises(RuleError, match="artikel 9:10 Awb"):
        check_outcome("gegrond", facts(), RULE, concluded_on=day, conclusion="Klopt.")
    heard_facts = facts(hearing_on=D(2026, 3, 2), minutes="Mevrouw vertelde haar verhaal.")
    check_outcome("gegrond", heard_facts, RULE, concluded_on=day, conclusion="Klopt.")
    with pytest.raises(RuleError, match="artikel 9:12 Awb") as error:
        check_outcome("ongegrond", heard_facts, RULE, concluded_on=day, conclusion="  ")
    assert error.value.field == "conclusion"
    # Not heard because it was manifestly unfounded: it cannot then be justified.
    with pytest.raises(RuleError, match="kennelijk ongegrond"):
        check_outcome("gegrond", facts(skipped="a"), RULE, concluded_on=day, conclusion="Ja.")
    check_outcome("ongegrond", facts(skipped="a"), RULE, concluded_on=day, conclusion="Nee.")


def test_not_handled_names_its_ground_and_resolved_to_satisfaction_needs_no_hearing() -> None:
    day = D(2026, 2, 20)
    with pytest.raises(RuleError, match="niet langer dan een jaar"):
        check_outcome(
            "niet_in_behandeling", facts(), RULE, concluded_on=day, conclusion="X", ground="1b"
        )
    check_outcome(
        "niet_in_behandeling",
        facts(behaviour_on=D(2024, 12, 1)),
        RULE,
        concluded_on=day,
        conclusion="De gedraging is te lang geleden.",
        ground="1b",
    )
    with pytest.raises(RuleError, match="alleen bij 'niet in behandeling'"):
        check_outcome(
            "naar_tevredenheid", facts(), RULE, concluded_on=day, conclusion="X", ground="1c"
        )
    check_outcome(
        "naar_tevredenheid",
        facts(),
        RULE,
        concluded_on=day,
        conclusion="Excuses aangeboden; mevrouw is tevreden.",
        measures_taken=True,
        measures="Gesprek met de consulent over telefoongesprekken.",
    )
    with pytest.raises(RuleError, match="Beschrijf de maatregelen"):
        check_outcome(
            "naar_tevredenheid",
            facts(),
            RULE,
            concluded_on=day,
            conclusion="X",
            measures_taken=True,
        )
    with pytest.raises(RuleError, match="vóór de ontvangst"):
        check_outcome(
            "naar_tevredenheid", facts(), RULE, concluded_on=D(2026, 2, 1), conclusion="X"
        )
    with pytest.raises(RuleError, match="Kies een uitkomst"):
        check_outcome("deels", facts(), RULE, concluded_on=day, conclusion="X")


def test_findings_tell_staff_about_9_8_and_the_official_not_heard() -> None:
    old = findings(facts(behaviour_on=D(2024, 12, 1)), RULE)
    assert old == [
        "De gedraging was meer dan een jaar voor de klacht. U hoeft de klacht dan niet te "
        "behandelen (artikel 9:8 lid 1 onder b Awb). Doet u dat niet, laat het de klager dan "
        "uiterlijk 10 maart 2026 weten (lid 3)."
    ]
    late = findings(
        facts(behaviour_on=D(2024, 12, 1)),
        RULE,
        outcome="niet_in_behandeling",
        concluded_on=D(2026, 3, 11),
    )
    assert late and "te laat" in late[0]
    heard_facts = facts(hearing_on=D(2026, 3, 2), minutes="Gehoord.")
    assert findings(heard_facts, RULE, official_named=True) == [
        "De medewerker over wie geklaagd wordt, is nog niet gehoord (artikel 9:10 lid 1 Awb)."
    ]
    assert findings(heard_facts, RULE, official_named=True, official_heard=True) == []
