"""Terms of the objection procedure (bezwaar): pure rules, no ORM, no Django settings.

The rules, with their legal source:

* **Bezwaartermijn** (Awb art. 6:7 and 6:8 lid 1): six weeks, starting the day after the
  decision was announced (bekendgemaakt). The length is data on the decision type
  (``DecisionType.remedy_weeks``), passed in here. A term that ends on a Saturday, Sunday or
  Atw holiday ends on the next working day (Algemene termijnenwet art. 1): the Atw calendar
  of :mod:`samen.cases.deadlines` is used, not a copy of it.
* **Tijdig** (Awb art. 6:9 lid 1): an objection is on time when it is received before the
  end of the term (on the last day at the latest). Lid 2: sent by post, it is on time when it
  was posted before the end of the term and is received no later than one week after it.
* **Verschoonbaar** (Awb art. 6:11): a late objection is not declared niet-ontvankelijk on
  that ground when the lateness can reasonably be excused. That is an assessment by staff;
  the rule here only says that a recorded reason makes the late filing excusable.
* **Herstel verzuim** (Awb art. 6:6): when the objection lacks something required (art. 6:5:
  signature, date, grounds, a copy of the decision), the objector gets a term to repair it;
  only after that term passed unused may the objection be declared niet-ontvankelijk. The
  decision term is suspended meanwhile (art. 7:10 lid 2), from the day after the request
  until the day of repair or the end of the term: exactly the suspension of
  :class:`samen.cases.deadlines.Suspension`.
* **Beslistermijn** (Awb art. 7:10): six weeks, twelve when an advisory committee (art. 7:13)
  advises, "gerekend vanaf de dag na die waarop de termijn voor het indienen van het
  bezwaarschrift is verstreken" (lid 1). Lid 3: one verdaging of at most six weeks, notified
  in writing within the term. Lid 4: further postponement only with the objector's consent
  (or at their own request). For an objection received after the end of its term the term
  runs from the day after receipt (a choice, documented in ``docs/objections.md``: the law
  cannot have meant a term that had partly passed before the objection came in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from samen.cases import deadlines
from samen.common.dates import long_date

# Awb art. 6:9 lid 2: a posted objection must arrive within a week after the term.
POST_GRACE_DAYS = 7


class TermError(ValueError):
    """The facts given do not make a lawful term (message in Dutch, for the user)."""


class Timeliness:
    TIJDIG = "tijdig"
    TIJDIG_PER_POST = "tijdig_per_post"
    TE_LAAT = "te_laat"
    TE_VROEG = "te_vroeg"

    LABELS = {
        TIJDIG: "Op tijd",
        TIJDIG_PER_POST: "Op tijd (op tijd op de post gedaan, artikel 6:9 lid 2 Awb)",
        TE_LAAT: "Te laat",
        TE_VROEG: "Vóór de bekendmaking van het besluit",
    }


@dataclass(frozen=True)
class ObjectionTerm:
    announced_on: dt.date
    nominal_end: dt.date  # six weeks after the announcement, before the Atw
    end: dt.date  # the last day an objection can be received on time
    moved_by_atw: bool
    explanation: tuple[str, ...]


def objection_term(announced_on: dt.date, weeks: int = 6) -> ObjectionTerm:
    """The bezwaartermijn of a decision announced on ``announced_on`` (Awb 6:7, 6:8)."""
    if weeks <= 0:
        raise TermError("Een bezwaartermijn moet minstens 1 week zijn.")
    nominal = deadlines.add_term(announced_on, weeks, "weken")
    end = deadlines.next_working_day(nominal)
    lines = [
        f"Het besluit is bekendgemaakt op {long_date(announced_on)}. De bezwaartermijn van "
        f"{weeks} weken begint de dag erna (artikel 6:8 Awb)."
    ]
    if end != nominal:
        lines.append(
            f"De termijn zou eindigen op {long_date(nominal)}. Dat is geen werkdag, dus "
            f"eindigt de termijn op {long_date(end)} (Algemene termijnenwet)."
        )
    lines.append(f"Bezwaar moet uiterlijk op {long_date(end)} binnen zijn.")
    return ObjectionTerm(announced_on, nominal, end, end != nominal, tuple(lines))


def timeliness(term: ObjectionTerm, received_on: dt.date, posted_on: dt.date | None = None) -> str:
    """Whether an objection received on ``received_on`` (and, when sent by post, posted on
    ``posted_on``) was filed on time (Awb art. 6:9; art. 6:10 for one before the
    announcement)."""
    if posted_on is not None and posted_on > received_on:
        raise TermError("De poststempel ligt na de dag van ontvangst.")
    if received_on <= term.announced_on:
        # Art. 6:10 lid 1: filed before the announcement, yet not niet-ontvankelijk when the
        # decision had been taken by then; staff assess that, the rule only tells them.
        return Timeliness.TE_VROEG
    if received_on <= term.end:
        return Timeliness.TIJDIG
    if (
        posted_on is not None
        and posted_on <= term.end
        and received_on <= term.end + dt.timedelta(days=POST_GRACE_DAYS)
    ):
        return Timeliness.TIJDIG_PER_POST
    return Timeliness.TE_LAAT


def admissible_on_time(status: str, excuse: str = "") -> bool:
    """Whether the term stands in the way of handling the objection: on time, posted in
    time, or late with a reason staff recorded as excusable (Awb art. 6:11)."""
    if status == Timeliness.TE_LAAT:
        return bool(excuse.strip())
    return True


# --- Herstel verzuim (Awb 6:6) --------------------------------------------------------------
class Repair:
    LOOPT = "loopt"
    HERSTELD = "hersteld"
    NIET_HERSTELD = "niet_hersteld"


def repair_status(
    requested_on: dt.date, until: dt.date, repaired_on: dt.date | None, today: dt.date
) -> str:
    """Where a request to repair an omission stands: repaired, still running, or passed
    unused (only then may the objection be declared niet-ontvankelijk, Awb 6:6)."""
    if until <= requested_on:
        raise TermError("De hersteltermijn moet na de dag van het verzoek eindigen.")
    if repaired_on is not None:
        if repaired_on < requested_on:
            raise TermError("Het verzuim kan niet vóór het verzoek zijn hersteld.")
        return Repair.HERSTELD
    return Repair.NIET_HERSTELD if today > until else Repair.LOOPT


def repair_suspension(
    requested_on: dt.date, until: dt.date, repaired_on: dt.date | None, today: dt.date
) -> deadlines.Suspension:
    """The suspension of the decision term while the omission is being repaired (Awb 7:10
    lid 2): from the day after the request until the repair, or until the end of the term
    set for it when that passed unused; open while it runs."""
    status = repair_status(requested_on, until, repaired_on, today)
    if status == Repair.HERSTELD:
        return deadlines.Suspension(requested_on, repaired_on)
    if status == Repair.NIET_HERSTELD:
        # "tot de dag waarop ... de daarvoor gestelde termijn ongebruikt is verstreken":
        # the term expired at the end of ``until``, so the clock runs again the day after.
        return deadlines.Suspension(requested_on, until + dt.timedelta(days=1))
    return deadlines.Suspension(requested_on, None)


# --- Beslistermijn (Awb 7:10) ---------------------------------------------------------------
@dataclass(frozen=True)
class Postponement:
    """A change of the decision term: the one verdaging (7:10 lid 3, ``consented_on`` empty)
    or a further postponement with the objector's consent (lid 4)."""

    weeks: int
    notified_on: dt.date
    consented_on: dt.date | None = None


VERDAGING_WEEKS = 6  # Awb art. 7:10 lid 3: "ten hoogste zes weken"


def decision_term_start(term: ObjectionTerm, received_on: dt.date) -> dt.date:
    """The day after which the decision term runs: the end of the bezwaartermijn, or the
    day of receipt for an objection received after it (see the module docstring)."""
    return max(term.end, received_on)


def check_postponements(postponements: Sequence[Postponement]) -> None:
    """Awb 7:10 lid 3 and 4: at most one verdaging, of at most six weeks; anything more only
    with the objector's consent, which is recorded and not after the notice."""
    verdagingen = [p for p in postponements if p.consented_on is None]
    if len(verdagingen) > 1:
        raise TermError(
            "De beslissing op bezwaar kan maar één keer worden verdaagd (artikel 7:10 lid 3 "
            "Awb). Verder uitstel kan alleen met instemming van de indiener (lid 4)."
        )
    for verdaging in verdagingen:
        if not 0 < verdaging.weeks <= VERDAGING_WEEKS:
            raise TermError(
                f"Verdagen kan met ten hoogste {VERDAGING_WEEKS} weken (artikel 7:10 lid 3 Awb)."
            )
    for consent in postponements:
        if consent.consented_on is not None and consent.consented_on > consent.notified_on:
            raise TermError(
                "De indiener moet instemmen met het uitstel voordat het wordt vastgelegd "
                "(artikel 7:10 lid 4 Awb)."
            )


def decision_deadline(
    term: ObjectionTerm,
    received_on: dt.date,
    *,
    committee: bool,
    postponements: Sequence[Postponement] = (),
    suspensions: Sequence[deadlines.Suspension] = (),
) -> deadlines.Deadline:
    """The last day for the decision on the objection (Awb 7:10), with the cases app's
    deadline machinery: the term from :func:`decision_term_start`, six or twelve weeks,
    postponements notified within the term then running, suspensions for herstel verzuim,
    and the Atw on the end date."""
    check_postponements(postponements)
    try:
        return deadlines.compute_deadline(
            decision_term_start(term, received_on),
            deadlines.Term(12 if committee else 6, "weken"),
            extensions=[
                deadlines.Extension(p.weeks, "weken", p.notified_on) for p in postponements
            ],
            suspensions=suspensions,
        )
    except deadlines.DeadlineError as error:
        raise TermError(str(error)) from None
