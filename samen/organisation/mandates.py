"""The mandate chain, as pure rules (no ORM).

A decision taken by an employee on behalf of the college of municipality M is lawful only if,
on the decision date, an unbroken chain of mandates leads from that college to the employee
(by name or through the function the employee holds that day), each link covering the
decision type. Example for Vaals: college of Vaals -> college of Maastricht (mandaatbesluit
Vaals) -> Manager Sociale Zekerheid (aanwijzings- en mandaatbesluit Maastricht) ->
consulent (ondermandaat).

:func:`find_chain` answers "may E decide T for M on D, and through which chain?", returning
the chain or a Dutch reason for refusal. :func:`holders` answers the reverse question: which
parties hold the competence on that day.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from samen.common.periods import Period, long_date

COLLEGE = "college"
FUNCTION = "function"
STAFF = "staff"


@dataclass(frozen=True)
class Party:
    """Who grants or receives a mandate: a college (by municipality id), a function or a
    named staff member."""

    kind: str
    id: int


@dataclass(frozen=True)
class MandateFact:
    id: int
    title: str
    grantor: Party
    grantee: Party
    decision_type_ids: frozenset[int]
    period: Period
    grantor_label: str = ""
    grantee_label: str = ""


@dataclass(frozen=True)
class ChainAnswer:
    allowed: bool
    chain: tuple[MandateFact, ...] = ()
    reason: str = ""

    def __bool__(self) -> bool:
        # Like TaskAnswer: `if not may_decide(...)` must refuse when not allowed.
        return self.allowed


def _index(
    facts: Iterable[MandateFact], decision_type_id: int, day: dt.date | None
) -> dict[Party, list[MandateFact]]:
    by_grantee: dict[Party, list[MandateFact]] = {}
    for fact in facts:
        if decision_type_id not in fact.decision_type_ids:
            continue
        if day is not None and not fact.period.contains(day):
            continue
        by_grantee.setdefault(fact.grantee, []).append(fact)
    return by_grantee


def _search_up(
    by_grantee: dict[Party, list[MandateFact]], starts: Sequence[Party], target: Party | None
) -> tuple[MandateFact, ...] | None:
    """Breadth-first from the employee's parties up to the target college (or, when target
    is None, to any college). Returns the chain ordered from the college down."""
    queue: deque[tuple[Party, tuple[MandateFact, ...]]] = deque((s, ()) for s in starts)
    seen: set[Party] = set(starts)
    while queue:
        party, path = queue.popleft()
        for fact in by_grantee.get(party, ()):
            new_path = (fact, *path)
            grantor = fact.grantor
            if grantor.kind == COLLEGE and (target is None or grantor == target):
                return new_path
            if grantor not in seen:
                seen.add(grantor)
                queue.append((grantor, new_path))
    return None


def _format_date(day: dt.date) -> str:
    return long_date(day)


def find_chain(
    facts: Sequence[MandateFact],
    *,
    employee_parties: Sequence[Party],
    employee_label: str,
    decision_type_id: int,
    decision_type_label: str,
    college_competent: bool,
    municipality_id: int,
    municipality_label: str,
    day: dt.date,
) -> ChainAnswer:
    """May the employee (reached through ``employee_parties``: the staff member and the
    function held on ``day``) take the decision type for the municipality on ``day``?"""
    if not college_competent:
        return ChainAnswer(
            False,
            reason=(
                f"Besluittype '{decision_type_label}' is geen bevoegdheid van het college en "
                "kan daarom niet via het mandaatregister worden genomen."
            ),
        )
    target = Party(COLLEGE, municipality_id)
    chain = _search_up(_index(facts, decision_type_id, day), employee_parties, target)
    if chain is not None:
        return ChainAnswer(True, chain=chain)

    # Explain the refusal: is there a chain on another date, or none at all?
    own = [
        f
        for f in facts
        if f.grantee in employee_parties and decision_type_id in f.decision_type_ids
    ]
    if not own:
        return ChainAnswer(
            False,
            reason=(
                f"{employee_label} heeft op {_format_date(day)} geen (onder)mandaat voor "
                f"'{decision_type_label}'."
            ),
        )
    undated = _search_up(_index(facts, decision_type_id, None), employee_parties, target)
    if undated is not None:
        lapsed = [f for f in undated if not f.period.contains(day)]
        if lapsed:
            details = "; ".join(f"'{f.title}' geldt {f.period.label()}" for f in lapsed)
            return ChainAnswer(
                False,
                reason=(
                    f"Op {_format_date(day)} is er geen geldige mandaatketen voor "
                    f"'{decision_type_label}' namens het college van {municipality_label}: "
                    f"{details}."
                ),
            )
    return ChainAnswer(
        False,
        reason=(
            f"De mandaatketen is onderbroken: op {_format_date(day)} leidt geen keten van "
            f"mandaten van het college van {municipality_label} naar {employee_label} voor "
            f"'{decision_type_label}'."
        ),
    )


def grantor_has_cover(
    facts: Sequence[MandateFact], grantor: Party, decision_type_id: int, day: dt.date
) -> bool:
    """Does a function or staff member hold, on ``day``, a mandate for the decision type that
    leads back to some college? (Needed before it may sub-mandate that type.)"""
    return _search_up(_index(facts, decision_type_id, day), [grantor], None) is not None


def grantor_has_any_mandate(facts: Sequence[MandateFact], grantor: Party, day: dt.date) -> bool:
    return any(f.grantee == grantor and f.period.contains(day) for f in facts)


def holders(
    facts: Sequence[MandateFact], *, decision_type_id: int, municipality_id: int, day: dt.date
) -> dict[Party, tuple[MandateFact, ...]]:
    """Every function or staff member that holds the decision type for the municipality on
    ``day``, each with its chain (shortest first found)."""
    by_grantor: dict[Party, list[MandateFact]] = {}
    for fact in facts:
        if decision_type_id in fact.decision_type_ids and fact.period.contains(day):
            by_grantor.setdefault(fact.grantor, []).append(fact)
    start = Party(COLLEGE, municipality_id)
    found: dict[Party, tuple[MandateFact, ...]] = {}
    queue: deque[tuple[Party, tuple[MandateFact, ...]]] = deque([(start, ())])
    seen = {start}
    while queue:
        party, path = queue.popleft()
        for fact in by_grantor.get(party, ()):
            grantee = fact.grantee
            if grantee in seen:
                continue
            seen.add(grantee)
            new_path = (*path, fact)
            if grantee.kind != COLLEGE:
                found[grantee] = new_path
            queue.append((grantee, new_path))
    return found
