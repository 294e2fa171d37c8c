"""Reading cases: one case, the worklist of a consulent or a team, the cases of a person and
the search over all cases the actor may read. Cases outside the actor's grants are left out
without a trace, exactly like cases that do not exist; every case shown is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases.case_access import _cases, _load, _staff, _subject
from samen.cases.models import Case, Status
from samen.common.attention import Signal
from samen.organisation.models import Staff, Team

NEAR_DAYS = 7  # a case is "near its deadline" this many days before it


# ---------------------------------------------------------------------------------------------
# One case and the worklist
# ---------------------------------------------------------------------------------------------
def get_case(actor: Any, pk: int | str, purpose: Purpose = Purpose.UITVOERING) -> Case:
    policy, case = _load(actor, pk, purpose, Action.READ)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(case)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return case


@dataclass(frozen=True)
class WorkItem:
    case: Case
    days_left: int | None
    # The signals on the row's client (samen.common.attention), set by the worklist screen.
    signals: tuple[Signal, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def near(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= NEAR_DAYS


def worklist(
    actor: Any,
    *,
    staff: Staff | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> list[WorkItem]:
    """Open cases of a consulent (default: the actor) or of a team, earliest deadline first;
    cases without a deadline last. Only cases the actor may read; every case shown is
    audited."""
    today = today or timezone.localdate()
    policy = policy_for(actor)
    qs = (
        _cases(policy, Action.READ)
        .exclude(status__in=[Status.AFGESLOTEN])
        .filter(decided_on__isnull=True)
    )
    qs = qs.filter(team=team) if team is not None else qs.filter(assigned_to=staff or _staff(actor))
    cases = list(qs.order_by(F("deadline").asc(nulls_last=True), "reference")[:500])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_subject(c) for c in cases],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return [
        WorkItem(c, (c.deadline - today).days if c.deadline is not None else None) for c in cases
    ]


# ---------------------------------------------------------------------------------------------
# A person's cases
# ---------------------------------------------------------------------------------------------
def cases_of_person(
    actor: Any, person_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> list[Case]:
    """The cases of one person that the actor may read, newest first; cases outside the
    actor's grants are left out without a trace. Every case shown is audited."""
    policy = policy_for(actor)
    try:
        cases = list(
            _cases(policy, Action.READ)
            .filter(person_id=person_pk)
            .order_by("-reported_on", "-pk")[:200]
        )
    except (ValueError, TypeError):
        return []
    if cases:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(c) for c in cases],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return cases


# ---------------------------------------------------------------------------------------------
# Searching cases
# ---------------------------------------------------------------------------------------------
def search_cases(
    actor: Any,
    *,
    bsn: str = "",
    status: str = "",
    offset: int = 0,
    limit: int = 100,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Case], int]:
    """A page of the cases the actor may read, optionally of one BSN or with one status,
    newest first, and the total. Cases outside the actor's grants are left out without a
    trace, exactly like cases that do not exist. Every case shown is audited."""
    policy = policy_for(actor)
    qs = _cases(policy, Action.READ)
    if bsn:
        qs = qs.filter(person__bsn=bsn)
    if status:
        qs = qs.filter(status=status)
    total = qs.count()
    cases = list(qs.order_by("-reported_on", "-pk")[offset : offset + limit])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_subject(c) for c in cases],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return cases, total
