"""Court deadline vectors (pure): the beroepstermijn, the term for hoger beroep, the proposed
date for the statement of defence and the new decision after a ruling, over weekends and the
2026 Atw holidays; the court's case number; what a ruling can change; the worklist rule."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.appeals import terms
from samen.appeals.terms import AppealFacts, Consequence, CourtTerm, Instance, Kind, Outcome

D = dt.date
HOGER_BEROEP = CourtTerm(
    "hoger-beroep", 6, "Awb 8:104, 8:105, 6:7 via 6:24", "Centrale Raad van Beroep"
)
VERWEERSCHRIFT = CourtTerm("verweerschrift", 4, "Awb 8:42 lid 1")
NIEUW = CourtTerm("nieuwe-beslissing", 6, "ABRvS 25 mei 2022")
NIEUW_COMMISSIE = CourtTerm("nieuwe-beslissing-adviescommissie", 12, "7:10 lid 1")


@pytest.mark.parametrize(
    ("sent", "end"),
    [
        (D(2026, 4, 2), D(2026, 5, 18)),  # Hemelvaartsdag 14 May, equated Friday 15 May
        (D(2026, 11, 13), D(2026, 12, 28)),  # Christmas Friday, then the weekend
        (D(2026, 11, 17), D(2026, 12, 29)),  # an ordinary Tuesday
        (D(2026, 4, 18), D(2026, 6, 1)),  # Saturday 30 May, then Sunday: Monday
        (D(2026, 11, 20), D(2027, 1, 4)),  # 1 January 2027 Friday, then the weekend
    ],
)
def test_the_term_for_hoger_beroep_runs_six_weeks_from_the_sending(
    sent: dt.date, end: dt.date
) -> None:
    found = terms.higher_appeal_term(sent, HOGER_BEROEP)
    assert found.end == end
    assert found.nominal == sent + dt.timedelta(weeks=6)
    assert "Centrale Raad van Beroep" in found.explanation[0]
    assert (found.end != found.nominal) == any("geen werkdag" in line for line in found.explanation)


@pytest.mark.parametrize(
    ("announced", "end"),
    [
        (D(2026, 3, 16), D(2026, 4, 28)),  # Koningsdag Monday 27 April 2026
        (D(2026, 11, 24), D(2027, 1, 5)),  # an ordinary Tuesday
        (D(2025, 11, 21), D(2026, 1, 5)),  # Friday 2 January 2026 equated, then the weekend
    ],
)
def test_the_beroepstermijn(announced: dt.date, end: dt.date) -> None:
    found = terms.appeal_term(announced, 6)
    assert found.end == end
    assert terms.filed_in_time(found, end) is True
    assert terms.filed_in_time(found, end + dt.timedelta(days=1)) is False
    assert terms.filed_in_time(None, end) is None


def test_the_statement_of_defence_proposal_is_four_weeks_with_the_atw() -> None:
    # 7 April + 4 weeks is Tuesday 5 May 2026, Bevrijdingsdag: Wednesday 6 May.
    assert terms.defence_proposal(D(2026, 4, 7), VERWEERSCHRIFT).end == D(2026, 5, 6)
    assert terms.defence_proposal(D(2026, 4, 8), VERWEERSCHRIFT).end == D(2026, 5, 6)


def test_a_new_decision_is_due_by_the_courts_term_or_else_the_annulled_decisions_term() -> None:
    without = terms.new_decision_term(D(2026, 4, 2), NIEUW)
    assert (without.due, without.set_by_court) == (D(2026, 5, 18), False)
    assert "geen termijn gesteld" in without.explanation[0]
    committee = terms.new_decision_term(D(2026, 4, 2), NIEUW_COMMISSIE)
    assert committee.due == D(2026, 6, 25)
    court = terms.new_decision_term(D(2026, 4, 2), NIEUW, D(2026, 5, 1))
    assert (court.due, court.set_by_court) == (D(2026, 5, 1), True)
    assert "8:72 lid 4" in court.explanation[0]
    with pytest.raises(terms.TermError, match="na de verzending"):
        terms.new_decision_term(D(2026, 4, 2), NIEUW, D(2026, 4, 2))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ROE 26/1234 PW", "ROE 26/1234 PW"),
        ("  26/1234  PW ", "26/1234 PW"),
        ("MAA-26.12", "MAA-26.12"),
    ],
)
def test_a_court_reference_is_kept_tidy(raw: str, expected: str) -> None:
    assert terms.court_reference(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Vul het zaaknummer"),
        ("x" * 41, "te lang"),
        ("ROE 26/1 <b>", "letters, cijfers"),
        ("/26", "letters"),
    ],
)
def test_a_malformed_court_reference_is_refused_in_dutch(raw: str, message: str) -> None:
    with pytest.raises(terms.TermError, match=message):
        terms.court_reference(raw)


def test_what_a_ruling_can_change() -> None:
    check = terms.check_consequence
    check(Instance.BEROEP, Outcome.GEGROND, Consequence.NIEUW_BESLUIT)
    check(Instance.BEROEP, Outcome.GEGROND, Consequence.IN_STAND)
    with pytest.raises(terms.TermError, match="8:72 lid 1"):
        check(Instance.BEROEP, Outcome.GEGROND, Consequence.GEEN)
    check(Instance.HOGER_BEROEP, Outcome.GEGROND, Consequence.GEEN)  # the college's appeal won
    check(Instance.BEROEP, Outcome.SCHIKKING, Consequence.NIEUW_BESLUIT)
    with pytest.raises(terms.TermError, match="schikking"):
        check(Instance.BEROEP, Outcome.SCHIKKING, Consequence.ZELF_VOORZIEN)
    for outcome in (Outcome.ONGEGROND, Outcome.NIET_ONTVANKELIJK, Outcome.INGETROKKEN):
        check(Instance.BEROEP, outcome, Consequence.GEEN)
        with pytest.raises(terms.TermError, match="Alleen een gegrond"):
            check(Instance.BEROEP, outcome, Consequence.NIEUW_BESLUIT)


def test_the_worklist_shows_only_what_still_asks_something_of_us() -> None:
    today = D(2026, 6, 1)
    pending = AppealFacts(Instance.BEROEP, defence_due=D(2026, 5, 20), hearing_on=D(2026, 9, 1))
    assert [(d.kind, d.due) for d in terms.court_deadlines(pending, today)] == [
        (Kind.VERWEERSCHRIFT, D(2026, 5, 20)),
        (Kind.ZITTING, D(2026, 9, 1)),
    ]
    sent = AppealFacts(Instance.BEROEP, defence_due=D(2026, 5, 20), defence_sent_on=D(2026, 5, 19))
    assert terms.court_deadlines(sent, today) == []
    ruled = AppealFacts(
        Instance.BEROEP,
        hearing_on=D(2026, 4, 1),
        ruling_on=D(2026, 5, 1),
        outcome=Outcome.GEGROND,
        higher_appeal_term_end=D(2026, 6, 15),
        new_decision_due=D(2026, 6, 12),
    )
    assert [(d.kind, d.due) for d in terms.court_deadlines(ruled, today)] == [
        (Kind.HOGER_BEROEP, D(2026, 6, 15)),
        (Kind.NIEUWE_BESLISSING, D(2026, 6, 12)),
    ]
    # The term has passed, a hoger beroep was filed, the new decision was taken: nothing.
    done = AppealFacts(
        Instance.BEROEP,
        ruling_on=D(2026, 5, 1),
        outcome=Outcome.GEGROND,
        higher_appeal_term_end=D(2026, 6, 15),
        higher_appeal_filed=True,
        new_decision_due=D(2026, 6, 12),
        new_decision_taken=True,
    )
    assert terms.court_deadlines(done, today) == []
    passed = AppealFacts(
        Instance.BEROEP,
        ruling_on=D(2026, 4, 1),
        outcome=Outcome.ONGEGROND,
        higher_appeal_term_end=D(2026, 5, 31),
    )
    assert terms.court_deadlines(passed, today) == []
    # No hoger beroep after a withdrawal, nor after a ruling in hoger beroep.
    withdrawn = AppealFacts(
        Instance.BEROEP,
        ruling_on=D(2026, 5, 1),
        outcome=Outcome.INGETROKKEN,
        higher_appeal_term_end=D(2026, 6, 15),
    )
    assert terms.court_deadlines(withdrawn, today) == []
    ordered = terms.by_date(
        [(d, "b") for d in terms.court_deadlines(ruled, today)]
        + [(d, "a") for d in terms.court_deadlines(pending, today)]
    )
    assert [d.due for d, _ in ordered] == sorted(d.due for d, _ in ordered)
