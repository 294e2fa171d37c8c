"""Terms and rules of beroep and hoger beroep: pure, no ORM, no Django settings.

The rules, with their legal source (the lengths are data, ``data/termijnen.csv``, passed in
as :class:`CourtTerm`; the beroepstermijn is the decision type's ``remedy_weeks``):

* **Beroepstermijn** (Awb art. 6:7, 6:8 lid 1): six weeks from the day after the decision on
  the objection was announced. The court judges whether an appeal is admissible (6:11);
  the product only shows whether the appeal came in within the term.
* **Verweerschrift** (Awb art. 8:42): the administrative body sends the documents and may
  file a statement of defence within four weeks after the court sent it the appeal (lid 1);
  the court may extend that term (lid 2). The date the court's letter names is entered and
  is what counts; the four weeks only propose a date when it is missing.
* **Hoger beroep** (Awb art. 8:104 lid 1, 8:105 lid 1 with the Bevoegdheidsregeling
  bestuursrechtspraak): both the resident and the college may appeal a ruling of the court,
  for the Participatiewet at the Centrale Raad van Beroep. The term is six weeks (art. 6:7)
  from the day after the ruling was sent (art. 6:8 lid 1, applied to hoger beroep by
  art. 6:24; art. 8:79 lid 1: the registrar sends the ruling to the parties).
* **Gegrond** (Awb art. 8:72): the court annuls the decision on the objection (lid 1) and
  may keep its legal effects (lid 3 onder a), put its own ruling in its place (lid 3 onder
  b), or order a new decision (lid 4), with a term (lid 4 onder b). Without a term set by the
  court the new decision is due within the term that applied to the annulled decision,
  counted from the sending of the ruling (ABRvS 25 May 2022): for a decision on an objection
  six weeks, twelve with an advisory committee (art. 7:10 lid 1).
* Every term set by law that ends on a Saturday, Sunday or holiday ends on the next working
  day (Algemene termijnenwet art. 1), with the Atw calendar of :mod:`samen.cases.deadlines`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from samen.cases import deadlines
from samen.common.dates import long_date

MAX_COURT_REFERENCE = 40
T = TypeVar("T")
COURT_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]*")


class TermError(ValueError):
    """The facts given do not make a lawful term or step (message in Dutch, for the user)."""


class Instance:
    BEROEP = "beroep"
    HOGER_BEROEP = "hoger_beroep"


class FiledBy:
    INDIENER = "indiener"  # the resident (belanghebbende) or their representative
    COLLEGE = "college"  # the municipality's college (only in hoger beroep)


class Outcome:
    ONGEGROND = "ongegrond"
    GEGROND = "gegrond"
    NIET_ONTVANKELIJK = "niet_ontvankelijk"
    INGETROKKEN = "ingetrokken"
    SCHIKKING = "schikking"

    #: outcomes of a ruling (uitspraak), against which hoger beroep lies (8:104)
    RULED = (ONGEGROND, GEGROND, NIET_ONTVANKELIJK)


class Consequence:
    GEEN = "geen"  # the decision on the objection stands
    NIEUW_BESLUIT = "nieuw_besluit"  # 8:72 lid 4: a new decision on the objection is ordered
    IN_STAND = "in_stand"  # 8:72 lid 3 onder a: its legal effects are kept
    ZELF_VOORZIEN = "zelf_voorzien"  # 8:72 lid 3 onder b: the ruling takes its place


@dataclass(frozen=True)
class CourtTerm:
    """A term of the court procedure, from the data (with its source)."""

    code: str
    weeks: int
    source: str
    court: str = ""


@dataclass(frozen=True)
class TermEnd:
    start: dt.date  # the day of the event the term runs after
    nominal: dt.date  # start + weeks, before the Atw
    end: dt.date  # the last day
    explanation: tuple[str, ...]


def term_end(start: dt.date, weeks: int, *, event: str, what: str) -> TermEnd:
    """The last day of a term of ``weeks`` that runs from the day after ``start`` (the day
    of ``event``), moved by the Algemene termijnenwet."""
    if weeks <= 0:
        raise TermError("Een termijn moet minstens 1 week zijn.")
    nominal = deadlines.add_term(start, weeks, "weken")
    end = deadlines.next_working_day(nominal)
    lines = [
        f"{event[:1].upper()}{event[1:]} op {long_date(start)}: {what} van {weeks} weken "
        "begint de dag erna."
    ]
    if end != nominal:
        lines.append(
            f"De termijn zou eindigen op {long_date(nominal)}. Dat is geen werkdag, dus eindigt "
            f"hij op {long_date(end)} (Algemene termijnenwet)."
        )
    lines.append(f"De termijn eindigt op {long_date(end)}.")
    return TermEnd(start, nominal, end, tuple(lines))


def appeal_term(announced_on: dt.date, weeks: int) -> TermEnd:
    """The beroepstermijn against a decision on an objection announced on ``announced_on``
    (Awb 6:7, 6:8 lid 1)."""
    return term_end(
        announced_on,
        weeks,
        event="de beslissing op bezwaar is bekendgemaakt",
        what="de beroepstermijn (artikel 6:7 en 6:8 Awb)",
    )


def higher_appeal_term(sent_on: dt.date, term: CourtTerm) -> TermEnd:
    """The term for hoger beroep against a ruling sent on ``sent_on`` (Awb 6:7, 6:8 via
    6:24)."""
    return term_end(
        sent_on,
        term.weeks,
        event="de uitspraak is verzonden",
        what=f"de termijn voor hoger beroep bij de {term.court or 'hogerberoepsrechter'}",
    )


def defence_proposal(notified_on: dt.date, term: CourtTerm) -> TermEnd:
    """The date Awb 8:42 lid 1 proposes for the documents and the statement of defence,
    when the court's letter names none."""
    return term_end(
        notified_on,
        term.weeks,
        event="de rechtbank heeft het beroepschrift verzonden",
        what="de termijn voor de stukken en het verweerschrift (artikel 8:42 Awb)",
    )


@dataclass(frozen=True)
class NewDecisionTerm:
    due: dt.date
    set_by_court: bool
    explanation: tuple[str, ...]


def new_decision_term(
    sent_on: dt.date, term: CourtTerm, court_until: dt.date | None = None
) -> NewDecisionTerm:
    """When the new decision on the objection is due after the court annulled the previous
    one and ordered a new one: the court's term (8:72 lid 4 onder b) when it set one, else
    the term of the annulled decision from the sending of the ruling (see the module)."""
    if court_until is not None:
        if court_until <= sent_on:
            raise TermError(
                "De termijn van de rechter moet na de verzending van de uitspraak eindigen."
            )
        return NewDecisionTerm(
            court_until,
            True,
            (
                f"De rechter heeft opgedragen een nieuwe beslissing op bezwaar te nemen, uiterlijk "
                f"op {long_date(court_until)} (artikel 8:72 lid 4 Awb).",
            ),
        )
    found = term_end(
        sent_on,
        term.weeks,
        event="de uitspraak is verzonden",
        what="de termijn voor de nieuwe beslissing op bezwaar",
    )
    return NewDecisionTerm(
        found.end,
        False,
        (
            "De rechter heeft geen termijn gesteld: dan geldt de termijn van de vernietigde "
            f"beslissing, {term.weeks} weken (artikel 7:10 lid 1 Awb).",
            *found.explanation,
        ),
    )


def filed_in_time(term: TermEnd | None, filed_on: dt.date) -> bool | None:
    """Whether an appeal came in within its term (None: the term is not known)."""
    if term is None:
        return None
    return filed_on <= term.end


def court_reference(raw: str) -> str:
    """The court's case number (zaaknummer), e.g. "ROE 26/1234 PW" or "26/1234 PW":
    letters, digits, spaces, dots, slashes and hyphens, at most 40 characters."""
    text = " ".join(raw.split())
    if not text:
        raise TermError("Vul het zaaknummer van de rechter in.")
    if len(text) > MAX_COURT_REFERENCE:
        raise TermError(
            f"Het zaaknummer is te lang: hoogstens {MAX_COURT_REFERENCE} tekens, nu {len(text)}."
        )
    if not COURT_REFERENCE.fullmatch(text):
        raise TermError(
            "Een zaaknummer bestaat uit letters, cijfers, spaties, punten, schuine strepen en "
            "streepjes, bijvoorbeeld ROE 26/1234 PW."
        )
    return text


def check_consequence(instance: str, outcome: str, consequence: str) -> None:
    """What a ruling can change, by instance and outcome (Awb 8:72)."""
    if outcome == Outcome.GEGROND and instance == Instance.BEROEP:
        if consequence == Consequence.GEEN:
            raise TermError(
                "Bij een gegrond beroep vernietigt de rechtbank de beslissing op bezwaar "
                "(artikel 8:72 lid 1 Awb): kies wat de uitspraak verandert."
            )
        return
    if outcome == Outcome.GEGROND:
        return  # hoger beroep: the court's ruling is annulled; anything can follow
    if outcome == Outcome.SCHIKKING:
        if consequence not in (Consequence.GEEN, Consequence.NIEUW_BESLUIT):
            raise TermError(
                "Bij een schikking neemt het college zo nodig een nieuw besluit; de rechter "
                "heeft niets vernietigd."
            )
        return
    if consequence != Consequence.GEEN:
        raise TermError(
            "Alleen een gegrond (hoger) beroep of een schikking verandert de beslissing op bezwaar."
        )


# --- The worklist of court deadlines ---------------------------------------------------------
class Kind:
    VERWEERSCHRIFT = "verweerschrift"
    ZITTING = "zitting"
    HOGER_BEROEP = "hoger-beroep"
    NIEUWE_BESLISSING = "nieuwe-beslissing"

    LABELS = {
        VERWEERSCHRIFT: "Stukken en verweerschrift naar de rechter",
        ZITTING: "Zitting",
        HOGER_BEROEP: "Einde termijn hoger beroep",
        NIEUWE_BESLISSING: "Nieuwe beslissing op bezwaar",
    }


@dataclass(frozen=True)
class AppealFacts:
    """What the worklist needs to know of one appeal."""

    instance: str
    defence_due: dt.date | None = None
    defence_sent_on: dt.date | None = None
    hearing_on: dt.date | None = None
    ruling_on: dt.date | None = None
    outcome: str = ""
    higher_appeal_term_end: dt.date | None = None
    higher_appeal_filed: bool = False
    new_decision_due: dt.date | None = None
    new_decision_taken: bool = False


@dataclass(frozen=True)
class CourtDeadline:
    kind: str
    due: dt.date

    @property
    def label(self) -> str:
        return Kind.LABELS[self.kind]


def court_deadlines(facts: AppealFacts, today: dt.date) -> list[CourtDeadline]:
    """The dates that still ask something of us: the statement of defence not yet sent, the
    hearing before the ruling, the term for hoger beroep that has not ended without one being
    filed (our own decision whether to appeal), and a new decision not yet taken."""
    found = []
    if facts.ruling_on is None:
        if facts.defence_due is not None and facts.defence_sent_on is None:
            found.append(CourtDeadline(Kind.VERWEERSCHRIFT, facts.defence_due))
        if facts.hearing_on is not None:
            found.append(CourtDeadline(Kind.ZITTING, facts.hearing_on))
    if (
        facts.instance == Instance.BEROEP
        and facts.outcome in Outcome.RULED
        and facts.higher_appeal_term_end is not None
        and facts.higher_appeal_term_end >= today
        and not facts.higher_appeal_filed
    ):
        found.append(CourtDeadline(Kind.HOGER_BEROEP, facts.higher_appeal_term_end))
    if facts.new_decision_due is not None and not facts.new_decision_taken:
        found.append(CourtDeadline(Kind.NIEUWE_BESLISSING, facts.new_decision_due))
    return found


def by_date(items: Iterable[tuple[CourtDeadline, T]]) -> list[tuple[CourtDeadline, T]]:
    """Earliest first; on the same day in the order of :class:`Kind`."""
    order = list(Kind.LABELS)
    return sorted(items, key=lambda pair: (pair[0].due, order.index(pair[0].kind)))
