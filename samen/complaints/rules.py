"""Complaint handling (klachtbehandeling, Awb titel 9.1): pure rules, no ORM, no Django
settings. The numbers come in as arguments: the term from the case-type catalogue, the rest
from :class:`samen.complaints.models.ComplaintRule`; nothing legal is a constant here.

The rules, with their legal source (Awb titel 9.1, in force since 31 March 2004, Stb. 1999,
214; text checked against the Parlementaire Geschiedenis Awb, pgawb.nl):

* **Wie behandelt** (art. 9:7 lid 1): "De behandeling van de klacht geschiedt door een
  persoon die niet bij de gedraging waarop de klacht betrekking heeft, betrokken is
  geweest." Lid 2: not when the complaint is about the body itself, its chair or a member.
  The product knows one person involved, the official complained about: the handler may not
  be that official (:func:`check_handler`), and that official may not take the steps of the
  procedure. Whether others were involved is for staff to judge.
* **Niet in behandeling** (art. 9:8): the body "is niet verplicht de klacht te behandelen"
  when it concerns a behaviour (lid 1) a. already the subject of a complaint handled under
  9:4 and further, b. "die langer dan een jaar voor indiening van de klacht heeft
  plaatsgevonden", c. open to bezwaar, d. open to beroep (unless it is not deciding in
  time), e. before another court, f. under criminal investigation or prosecution; or (lid 2)
  when the complainant's interest or the weight of the behaviour is "kennelijk
  onvoldoende". Lid 3: the complainant is told in writing "zo spoedig mogelijk doch uiterlijk
  binnen vier weken na ontvangst van het klaagschrift". Only ground b follows from dates the
  product holds (:func:`older_than_limit`); the others are staff's judgement, recorded.
  "Indiening" is taken as the day of receipt (the day the complaint is registered with).
* **Horen** (art. 9:10): the complainant and the official complained about are given the
  opportunity to be heard (lid 1); not hearing the complainant is allowed when a. the
  complaint is "kennelijk ongegrond", b. the complainant declared not to want it, c. the
  complainant did not say in time that they want it (lid 2); minutes are made (lid 3).
* **Termijn** (art. 9:11): handled within six weeks, or ten weeks with an advisory committee
  (afdeling 9.1.3, art. 9:14), "na ontvangst van het klaagschrift" (lid 1); one postponement
  "voor ten hoogste vier weken", notified in writing (lid 2); further postponement only with
  the complainant's written consent (lid 3). The Algemene termijnenwet moves an end on a
  Saturday, Sunday or holiday to the next working day: the cases app's deadline machinery
  (:mod:`samen.cases.deadlines`) computes it, not a copy of it.
* **Afhandeling** (art. 9:12): the complainant is told in writing, with reasons, of the
  findings, the judgement and any conclusions; with the ombudsman the complainant can then
  turn to (lid 2). Art. 9:5: once the complaint is resolved to the complainant's
  satisfaction the duty to apply the title lapses: no hearing, no 9:12 letter needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from samen.cases import deadlines
from samen.common.dates import long_date


class RuleError(ValueError):
    """A rule of Awb titel 9.1 forbids this (message in Dutch, for the user); ``field`` names
    the input it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- The data the rules need --------------------------------------------------------------
@dataclass(frozen=True)
class TermRule:
    """Awb 9:11 from the case-type catalogue: the term and the longest verdaging."""

    amount: int
    unit: str  # "dagen" | "weken" | "maanden"
    postpone_weeks: int | None  # None: no verdaging in the catalogue
    source: str = ""


@dataclass(frozen=True)
class ComplaintRule:
    """Awb 9:8 lid 1 onder b and lid 3 (:class:`samen.complaints.models.ComplaintRule`)."""

    behaviour_years: int
    notice_weeks: int
    source: str = ""


@dataclass(frozen=True)
class Postponement:
    """The verdaging (9:11 lid 2, ``consented_on`` empty) or a further postponement with the
    complainant's written consent (lid 3)."""

    weeks: int
    notified_on: dt.date
    consented_on: dt.date | None = None


# --- Awb 9:7 --------------------------------------------------------------------------------
def check_handler(handler_id: int | None, official_id: int | None) -> None:
    """The handler may not be the official whose behaviour the complaint is about."""
    if handler_id is not None and official_id is not None and handler_id == official_id:
        raise RuleError(
            "De behandelaar mag niet de medewerker zijn over wie geklaagd wordt (artikel 9:7 "
            "Awb). Kies een andere behandelaar.",
            "handler",
        )


def check_actor(actor_staff_id: int | None, official_id: int | None) -> None:
    """The official complained about takes no step in the handling (Awb 9:7 lid 1)."""
    if actor_staff_id is not None and official_id is not None and actor_staff_id == official_id:
        raise RuleError(
            "Deze klacht gaat over u. U kunt haar niet behandelen (artikel 9:7 Awb); een "
            "collega doet dat."
        )


# --- Awb 9:8 --------------------------------------------------------------------------------
def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def older_than_limit(behaviour_on: dt.date, received_on: dt.date, rule: ComplaintRule) -> bool:
    """Awb 9:8 lid 1 onder b: the behaviour took place longer than the limit (a year) before
    the complaint. Exactly a year is not longer than a year."""
    return behaviour_on < years_before(received_on, rule.behaviour_years)


def notice_due(received_on: dt.date, rule: ComplaintRule) -> dt.date:
    """Awb 9:8 lid 3: the last day to tell the complainant that the complaint is not handled
    (four weeks after receipt, moved by the Algemene termijnenwet)."""
    due = deadlines.compute_deadline(received_on, deadlines.Term(rule.notice_weeks, "weken")).due
    assert due is not None  # noqa: S101  (no suspension: always known)
    return due


def check_not_handled(
    ground: str, behaviour_on: dt.date, received_on: dt.date, rule: ComplaintRule
) -> None:
    """A ground of Awb 9:8 must be named; ground 1b only when the dates show it."""
    if ground not in GROUNDS:
        raise RuleError(
            "Kies de grond om de klacht niet te behandelen (artikel 9:8 Awb).",
            "not_handled_ground",
        )
    if ground == "1b" and not older_than_limit(behaviour_on, received_on, rule):
        limit = years_before(received_on, rule.behaviour_years)
        raise RuleError(
            f"De gedraging van {long_date(behaviour_on)} was niet langer dan "
            f"{_years(rule.behaviour_years)} voor de klacht: dat zou vóór {long_date(limit)} "
            "moeten zijn (artikel 9:8 lid 1 onder b Awb).",
            "not_handled_ground",
        )


GROUNDS = ("1a", "1b", "1c", "1d", "1e", "1f", "2")


def _years(count: int) -> str:
    return "een jaar" if count == 1 else f"{count} jaar"


# --- Awb 9:10 -------------------------------------------------------------------------------
SKIP_GROUNDS = ("a", "b", "c")


def heard(hearing_on: dt.date | None, minutes: str, skipped: str) -> bool:
    """Whether Awb 9:10 is satisfied: heard with minutes on file (lid 3), or a ground of
    lid 2 recorded for not hearing the complainant."""
    return bool(skipped or (hearing_on and minutes.strip()))


# --- Awb 9:11 -------------------------------------------------------------------------------
def check_postponements(postponements: Sequence[Postponement], rule: TermRule) -> None:
    """One verdaging of at most the catalogue's weeks; anything more only with the
    complainant's written consent, given before it is recorded."""
    verdagingen = [p for p in postponements if p.consented_on is None]
    if verdagingen and not rule.postpone_weeks:
        raise RuleError("Bij dit soort klacht kan de termijn niet worden verdaagd.", "weeks")
    if len(verdagingen) > 1:
        raise RuleError(
            "De afhandeling van een klacht kan maar één keer worden verdaagd (artikel 9:11 lid "
            "2 Awb). Verder uitstel kan alleen als de klager schriftelijk instemt (lid 3).",
            "weeks",
        )
    for verdaging in verdagingen:
        assert rule.postpone_weeks is not None  # noqa: S101  (checked above)
        if not 0 < verdaging.weeks <= rule.postpone_weeks:
            raise RuleError(
                f"Verdagen kan met ten hoogste {rule.postpone_weeks} weken (artikel 9:11 lid 2 "
                "Awb). Langer kan alleen als de klager schriftelijk instemt (lid 3).",
                "weeks",
            )
    for consent in postponements:
        if consent.consented_on is not None and consent.consented_on > consent.notified_on:
            raise RuleError(
                "De klager moet schriftelijk instemmen met het uitstel voordat het wordt "
                "vastgelegd (artikel 9:11 lid 3 Awb).",
                "consented_on",
            )


@dataclass(frozen=True)
class Term:
    due: dt.date
    explanation: tuple[str, ...]


def complaint_term(
    received_on: dt.date, rule: TermRule, postponements: Sequence[Postponement] = ()
) -> Term:
    """The last day to handle the complaint (Awb 9:11): the catalogue's term from the day
    after receipt, every postponement notified within the term then running, the Atw on the
    end date."""
    check_postponements(postponements, rule)
    ordered = sorted(postponements, key=lambda p: p.notified_on)
    term = deadlines.Term(rule.amount, rule.unit)
    try:
        found = deadlines.compute_deadline(
            received_on,
            term,
            extensions=[deadlines.Extension(p.weeks, "weken", p.notified_on) for p in ordered],
        )
    except deadlines.DeadlineError:
        raise RuleError(
            "Het bericht over het uitstel moet de klager bereiken vóór de termijn is verstreken "
            "(artikel 9:11 lid 2 Awb).",
            "notified_on",
        ) from None
    assert found.due is not None  # noqa: S101  (a complaint's term is never suspended)
    lines = [
        f"De klacht is ontvangen op {long_date(received_on)}. De termijn van "
        f"{term.label()} begint de dag erna (artikel 9:11 "
        "lid 1 Awb)."
    ]
    for p in ordered:
        kind = (
            f"met instemming van de klager van {long_date(p.consented_on)} (lid 3)"
            if p.consented_on
            else "(lid 2)"
        )
        lines.append(
            f"Verdaagd met {p.weeks} {'week' if p.weeks == 1 else 'weken'}, bericht op "
            f"{long_date(p.notified_on)} {kind}."
        )
    if found.moved_by_atw:
        lines.append(
            f"De termijn zou eindigen op {long_date(found.nominal)}. Dat is geen werkdag, dus "
            f"eindigt de termijn op {long_date(found.due)} (Algemene termijnenwet)."
        )
    lines.append(f"Uiterlijk afhandelen op {long_date(found.due)}.")
    return Term(found.due, tuple(lines))


# --- Awb 9:12, 9:8, 9:5: the outcome --------------------------------------------------------
JUDGED = ("gegrond", "ongegrond")
OUTCOMES = ("gegrond", "ongegrond", "niet_in_behandeling", "naar_tevredenheid")


@dataclass(frozen=True)
class Facts:
    """What the outcome rules look at."""

    received_on: dt.date
    behaviour_on: dt.date
    hearing_on: dt.date | None
    minutes: str
    skipped: str


def check_outcome(
    outcome: str,
    facts: Facts,
    rule: ComplaintRule,
    *,
    concluded_on: dt.date,
    conclusion: str,
    ground: str = "",
    measures_taken: bool = False,
    measures: str = "",
) -> None:
    """Whether the outcome may be recorded: a judged complaint was heard or a ground not to
    hear recorded (9:10) and has a written, reasoned conclusion (9:12); not handling names
    its ground (9:8); a complaint resolved to satisfaction (9:5) says how."""
    if outcome not in OUTCOMES:
        raise RuleError(
            "Kies een uitkomst: gegrond, ongegrond, niet in behandeling of naar tevredenheid "
            "opgelost.",
            "outcome",
        )
    if concluded_on < facts.received_on:
        raise RuleError("De afhandeling ligt vóór de ontvangst van de klacht.", "concluded_on")
    if outcome == "niet_in_behandeling":
        check_not_handled(ground, facts.behaviour_on, facts.received_on, rule)
    elif ground:
        raise RuleError(
            "Een grond om niet te behandelen hoort alleen bij 'niet in behandeling'.",
            "not_handled_ground",
        )
    if outcome in JUDGED:
        if not heard(facts.hearing_on, facts.minutes, facts.skipped):
            raise RuleError(
                "Leg eerst het verslag van het horen vast, of waarom de klager niet wordt "
                "gehoord (artikel 9:10 Awb).",
                "outcome",
            )
        if outcome == "gegrond" and facts.skipped == "a":
            raise RuleError(
                "Er is niet gehoord omdat de klacht kennelijk ongegrond was (artikel 9:10 lid 2 "
                "onder a Awb). Dan kan de klacht niet gegrond zijn: hoor de klager eerst.",
                "outcome",
            )
    if not conclusion.strip():
        raise RuleError(
            {
                "gegrond": "Schrijf de bevindingen, het oordeel en de conclusies op (artikel "
                "9:12 Awb).",
                "ongegrond": "Schrijf de bevindingen, het oordeel en de conclusies op (artikel "
                "9:12 Awb).",
                "niet_in_behandeling": "Schrijf op wat de klager hoort over het niet "
                "behandelen (artikel 9:8 lid 3 Awb).",
                "naar_tevredenheid": "Schrijf op hoe de klacht naar tevredenheid is opgelost "
                "(artikel 9:5 Awb).",
            }[outcome],
            "conclusion",
        )
    if measures_taken and outcome == "niet_in_behandeling":
        raise RuleError(
            "Bij een klacht die niet in behandeling is genomen horen geen maatregelen.",
            "measures",
        )
    if measures_taken and not measures.strip():
        raise RuleError("Beschrijf de maatregelen.", "measures")


def findings(
    facts: Facts,
    rule: ComplaintRule,
    *,
    outcome: str = "",
    concluded_on: dt.date | None = None,
    official_named: bool = False,
    official_heard: bool = False,
) -> list[str]:
    """What staff should know about the complaint, in plain Dutch (empty: nothing)."""
    found = []
    if not outcome and older_than_limit(facts.behaviour_on, facts.received_on, rule):
        found.append(
            f"De gedraging was meer dan {_years(rule.behaviour_years)} voor de klacht. U hoeft "
            "de klacht dan niet te behandelen (artikel 9:8 lid 1 onder b Awb). Doet u dat niet, "
            f"laat het de klager dan uiterlijk {long_date(notice_due(facts.received_on, rule))} "
            "weten (lid 3)."
        )
    if outcome == "niet_in_behandeling" and concluded_on is not None:
        due = notice_due(facts.received_on, rule)
        if concluded_on > due:
            found.append(
                f"De klager hoorde te laat dat de klacht niet in behandeling is genomen: dat "
                f"moest uiterlijk {long_date(due)} (artikel 9:8 lid 3 Awb)."
            )
    if (
        not outcome
        and official_named
        and not official_heard
        and heard(facts.hearing_on, facts.minutes, facts.skipped)
    ):
        found.append(
            "De medewerker over wie geklaagd wordt, is nog niet gehoord (artikel 9:10 lid 1 Awb)."
        )
    return found
