"""Household composition over time: pure rules, no ORM.

A household (huishouden) is a set of memberships, each with a relation to the applicant
and a validity period (both ends inclusive, an empty end is open). Case work and the
Participatiewet calculation ask "who lived in this household on date X, and in which
relation to the applicant?" (:func:`composition_on`) and "on which dates did that change?"
(:func:`changes_between`, for recalculation). Services load :class:`MemberFact` rows from
the database and call these functions; tests call them directly.

A child keeps the relation *kind* after turning 18: the relation is recorded, not derived
from age. Rules that depend on age (for example the kostendelersnorm, which counts
housemates of 21 and older) read ``birth_date`` themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from samen.common.periods import Period

ONE_DAY = dt.timedelta(days=1)


class Relation(StrEnum):
    """The relation of a member to the applicant (the values stored in the database)."""

    AANVRAGER = "aanvrager"
    PARTNER = "partner"
    KIND = "kind"
    MEDEBEWONER = "medebewoner"  # another adult sharing the home


# At most one member with these relations on any date.
SINGLE = (Relation.AANVRAGER, Relation.PARTNER)


@dataclass(frozen=True)
class MemberFact:
    """One membership: who, in which relation, for which period, and the facts the
    kostendelersnorm needs about a housemate."""

    person_id: int
    relation: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    studies_with_student_finance: bool = False
    rents_commercially: bool = False
    birth_date: dt.date | None = None
    member_id: int | None = None

    @property
    def period(self) -> Period:
        return Period(self.valid_from, self.valid_until)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.period.contains(day)

    def signature(self) -> tuple[int, str, bool, bool]:
        """What matters for the composition (not the period itself)."""
        return (
            self.person_id,
            str(self.relation),
            self.studies_with_student_finance,
            self.rents_commercially,
        )


@dataclass(frozen=True)
class Composition:
    """Who lived in the household on ``day``, by relation to the applicant."""

    day: dt.date
    applicant: MemberFact | None = None
    partner: MemberFact | None = None
    children: tuple[MemberFact, ...] = ()
    housemates: tuple[MemberFact, ...] = ()

    @property
    def members(self) -> tuple[MemberFact, ...]:
        """Everyone, in the order applicant, partner, children, housemates."""
        single = tuple(m for m in (self.applicant, self.partner) if m is not None)
        return single + self.children + self.housemates

    @property
    def is_empty(self) -> bool:
        return not self.members

    def signature(self) -> frozenset[tuple[int, str, bool, bool]]:
        return frozenset(m.signature() for m in self.members)


class CompositionError(ValueError):
    """The facts contradict the household rules (for example two applicants on one day)."""


def _order(facts: Iterable[MemberFact]) -> tuple[MemberFact, ...]:
    return tuple(sorted(facts, key=lambda m: (m.valid_from, m.person_id)))


def composition_on(members: Sequence[MemberFact], day: dt.date) -> Composition:
    """The composition on ``day``. Raises :class:`CompositionError` when two members hold
    the applicant's or the partner's place on the same day (the models refuse to store
    that, so it means the facts were not validated)."""
    valid = [m for m in members if m.is_valid_on(day)]
    single: dict[str, MemberFact] = {}
    for member in valid:
        if member.relation in SINGLE:
            if member.relation in single:
                raise CompositionError(
                    f"Op {day.isoformat()} heeft het huishouden meer dan één {member.relation}."
                )
            single[str(member.relation)] = member
    return Composition(
        day=day,
        applicant=single.get(Relation.AANVRAGER),
        partner=single.get(Relation.PARTNER),
        children=_order(m for m in valid if m.relation == Relation.KIND),
        housemates=_order(m for m in valid if m.relation == Relation.MEDEBEWONER),
    )


def changes_between(members: Sequence[MemberFact], start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates in ``start`` .. ``end`` (inclusive) on which the composition differs from
    the day before: someone joins, leaves, changes relation or a housemate fact changes.
    A membership that ends and an identical one that starts the next day is no change."""
    if end < start:
        return []
    candidates: set[dt.date] = set()
    for member in members:
        candidates.add(member.valid_from)
        if member.valid_until is not None:
            candidates.add(member.valid_until + ONE_DAY)
    found = []
    for day in sorted(d for d in candidates if start <= d <= end):
        before = composition_on(members, day - ONE_DAY).signature()
        if composition_on(members, day).signature() != before:
            found.append(day)
    return found
