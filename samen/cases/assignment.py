"""What a team manager does with the cases of their team: assign a case to a consulent of the
team (with the reason), and read the team's worklist with filters and pages.

Who is a team manager is data, never a username: an appointment (aanstelling) valid on the
day with the function ``teammanager`` in that team. A team the actor does not manage is
:class:`NotVisible`, exactly like a team or case that does not exist, and the refusal is
audited. Every case still goes through the one access policy (``_load`` and ``_cases`` of
:mod:`samen.cases.case_access`); the assignee must themselves be allowed to change the case.

"One fixed consulent": assigning a case makes the assignee the client's vaste contactpersoon
in the case's domain (``services.reassign``), and the client's other open cases in that
domain follow, as far as the manager may change them and the assignee may work on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.case_access import _cases, _history, _load, _save, _staff, _subject
from samen.cases.lifecycle import reassign
from samen.cases.models import Assignment, Case, Status
from samen.cases.reading import NEAR_DAYS, WorkItem
from samen.organisation.models import Appointment, Municipality, Staff, Team
from samen.people.services import NotVisible

__all__ = [
    "MANAGER_FUNCTION",
    "OPEN_STATUSES",
    "AssignResult",
    "TeamFilters",
    "TeamPage",
    "assign_case",
    "is_team_manager",
    "managed_teams",
    "team_for_manager",
    "team_members",
    "team_worklist",
]

MANAGER_FUNCTION = "teammanager"  # the Function.code of a team manager
MAX_REASON = 300  # Assignment.reason

# The statuses of a case on a worklist: not yet decided.
OPEN_STATUSES = (
    Status.MELDING,
    Status.ONTVANGEN,
    Status.IN_BEHANDELING,
    Status.INFORMATIE_OPGEVRAAGD,
)


class Deadline:
    """The deadline filter of the team worklist."""

    OVERDUE = "verstreken"
    NEAR = "bijna"
    NONE = "geen"
    CHOICES = (
        (OVERDUE, "Termijn verstreken"),
        (NEAR, f"Bijna verlopen (binnen {NEAR_DAYS} dagen)"),
        (NONE, "Geen termijn bekend"),
    )


# ---------------------------------------------------------------------------------------------
# Who manages which team, who is in it
# ---------------------------------------------------------------------------------------------
def managed_teams(actor: Any, day: dt.date | None = None) -> list[Team]:
    """The teams in which the actor holds a team manager appointment on ``day``."""
    staff = _staff(actor)
    if staff is None:
        return []
    day = day or timezone.localdate()
    return [
        a.team
        for a in Appointment.objects.valid_on(day)
        .filter(staff=staff, function__code=MANAGER_FUNCTION, team__isnull=False)
        .select_related("team")
        .order_by("team__name")
        if a.team is not None
    ]


def is_team_manager(actor: Any, team_id: int | None, day: dt.date | None = None) -> bool:
    return team_id is not None and any(t.pk == team_id for t in managed_teams(actor, day))


def team_members(team: Team, day: dt.date) -> list[Staff]:
    """The staff with an appointment in the team on ``day``, by name."""
    return [
        a.staff
        for a in Appointment.objects.valid_on(day)
        .filter(team=team)
        .select_related("staff__user")
        .order_by("staff__name", "staff__pk")
    ]


def team_for_manager(
    actor: Any,
    team_pk: int | str,
    day: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Team:
    """The team if the actor manages it on ``day``; otherwise :class:`NotVisible` (a team of
    someone else looks like a team that does not exist), audited as a refusal."""
    found = next((t for t in managed_teams(actor, day) if str(t.pk) == str(team_pk)), None)
    if found is None:
        audit.refused(actor, policy_for(actor), purpose, audit.Subject("team", str(team_pk)[:40]))
        raise NotVisible("Team niet gevonden, of u bent niet de teammanager van dit team.")
    return found


# ---------------------------------------------------------------------------------------------
# Assigning a case
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssignResult:
    case: Case
    #: The client's other open cases in the domain that moved to the new consulent.
    moved: list[Case] = field(default_factory=list)
    #: How many of the client's other open cases in the domain that the manager may change
    #: stayed, because the new consulent may not work on them (cases the manager may not
    #: change are neither moved nor counted: their existence must not leak).
    stayed: int = 0


def _may_work_on(staff: Staff, case: Case, day: dt.date) -> bool:
    user = getattr(staff, "user", None)
    return user is not None and policy_for(user, day).allows(
        Action.CHANGE, case.municipality_id, case.domain_id, case.confidentiality
    )


def _assign_one(
    actor: Any,
    case: Case,
    policy: Policy,
    purpose: Purpose,
    version: int | None,
    staff: Staff,
    reason: str,
    day: dt.date,
) -> None:
    before = case.assigned_to
    _save(case, version, assigned_to=staff)
    case.assigned_to = staff
    _history(case, case.status, day, actor, f"Toegewezen aan {staff.name}: {reason}")
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=[_subject(case)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={
            "fields": {"assigned_to": [before.name if before else None, staff.name]},
            "reason": reason,
        },
    )


def assign_case(
    actor: Any,
    pk: int | str,
    *,
    staff_pk: int | str | None,
    reason: str,
    version: int | None = None,
    day: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> AssignResult:
    """A team manager assigns the case to a consulent of the case's team, with a reason.

    Refused as :class:`NotVisible` when the actor may not read the case or does not manage
    its team on the day (a team manager of another team gets "not found", whatever their
    grants); as :class:`NotAllowed` when they manage the team but may only read the case.
    Refused with a Dutch error on the field when the reason is missing or too long, the
    assignee is not a member of the team that day or may not work on this case, or the case
    is already decided. The assignee becomes the client's fixed consulent in the domain, and
    the client's other open cases in the domain that the manager may change and the assignee
    may work on move with it; each change is in the status history and the audit trail."""
    day = day or timezone.localdate()
    policy, case = _load(actor, pk, purpose, Action.READ)
    if not is_team_manager(actor, case.team_id, day):
        audit.refused(actor, policy, purpose, _subject(case))
        raise NotVisible("Zaak niet gevonden, of u bent niet de teammanager van deze zaak.")
    # The manager of the case's team who may read but not change it: NotAllowed (403).
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    if case.decided_on is not None or case.status not in OPEN_STATUSES:
        raise ValidationError(
            "Over deze zaak is al besloten; hij kan niet meer aan een ander worden toegewezen.",
            code="decided",
        )
    team = case.team
    assert team is not None  # noqa: S101  (a manager of the case's team was found)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Geef de reden van de toewijzing."
    elif len(reason) > MAX_REASON:
        errors["reason"] = f"De reden mag hoogstens {MAX_REASON} tekens lang zijn."
    staff = next((s for s in team_members(team, day) if str(s.pk) == str(staff_pk)), None)
    if staff is None:
        errors["staff"] = f"Kies een medewerker die op {day:%d-%m-%Y} in {team.name} werkt."
    elif not _may_work_on(staff, case, day):
        errors["staff"] = (
            f"{staff.name} mag volgens de autorisaties niet aan deze zaak werken. Kies een "
            "ander teamlid."
        )
    elif staff.pk == case.assigned_to_id:
        errors["staff"] = f"{staff.name} is al de consulent van deze zaak."
    if errors:
        raise ValidationError(errors)
    assert staff is not None  # noqa: S101  (checked above)
    with transaction.atomic():
        _assign_one(actor, case, policy, purpose, version, staff, reason, day)
        if case.case_type.handler_function:
            # Routed by function (a jurist's objection): the client's fixed consulent and
            # her other cases stay as they are.
            return AssignResult(case=case, moved=[], stayed=0)
        reassign(case.person, case.domain_id, staff, team, day, reason)
        others = list(
            _cases(policy, Action.CHANGE)
            .filter(
                person=case.person,
                domain=case.domain,
                decided_on__isnull=True,
                status__in=OPEN_STATUSES,
            )
            .exclude(pk=case.pk)
            .exclude(assigned_to=staff)
        )
        moved = [c for c in others if _may_work_on(staff, c, day)]
        for other in moved:
            note = f"Mee met {case.reference}: {reason}"
            _assign_one(actor, other, policy, purpose, None, staff, note, day)
    return AssignResult(case=case, moved=moved, stayed=len(others) - len(moved))


# ---------------------------------------------------------------------------------------------
# The team worklist
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamFilters:
    """Already parsed by a form or serializer; the service checks the consulent again."""

    status: str = ""
    deadline: str = ""  # one of Deadline's codes
    consulent: Staff | None = None
    unassigned: bool = False  # only cases without a consulent
    municipality: Municipality | None = None


@dataclass(frozen=True)
class TeamPage:
    team: Team
    items: list[WorkItem]
    total: int


def _filtered(qs: QuerySet[Case], filters: TeamFilters, today: dt.date) -> QuerySet[Case]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.deadline == Deadline.OVERDUE:
        qs = qs.filter(deadline__lt=today)
    elif filters.deadline == Deadline.NEAR:
        qs = qs.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=NEAR_DAYS))
    elif filters.deadline == Deadline.NONE:
        qs = qs.filter(deadline__isnull=True)
    if filters.unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    elif filters.consulent is not None:
        qs = qs.filter(assigned_to=filters.consulent)
    if filters.municipality is not None:
        qs = qs.filter(municipality=filters.municipality)
    return qs


def team_worklist(
    actor: Any,
    team_pk: int | str,
    filters: TeamFilters | None = None,
    *,
    offset: int = 0,
    limit: int = 25,
    today: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> TeamPage:
    """A page of the open cases of a team the actor manages, earliest deadline first (cases
    without a deadline last), filtered, and the total. Only cases the actor may read; every
    case shown is audited. A team the actor does not manage is :class:`NotVisible`."""
    today = today or timezone.localdate()
    filters = filters or TeamFilters()
    team = team_for_manager(actor, team_pk, today, purpose)
    if filters.status and filters.status not in OPEN_STATUSES:
        raise ValidationError({"status": "Kies een status van een open zaak."})
    if filters.deadline and filters.deadline not in dict(Deadline.CHOICES):
        raise ValidationError({"deadline": "Kies een termijn uit de lijst."})
    if filters.consulent is not None and filters.consulent not in team_members(team, today):
        raise ValidationError({"consulent": f"Kies een consulent van {team.name}."})
    policy = policy_for(actor)
    qs = _filtered(
        _cases(policy, Action.READ).filter(
            team=team, decided_on__isnull=True, status__in=OPEN_STATUSES
        ),
        filters,
        today,
    )
    total = qs.count()
    cases = list(
        qs.order_by(F("deadline").asc(nulls_last=True), "reference")[offset : offset + limit]
    )
    if cases:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(c) for c in cases],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    items = [
        WorkItem(c, (c.deadline - today).days if c.deadline is not None else None) for c in cases
    ]
    return TeamPage(team=team, items=items, total=total)


def fixed_consulent(person_id: int, domain_id: int, day: dt.date) -> Assignment | None:
    """The client's fixed consulent in the domain on ``day`` (for tests and screens that
    already hold the case)."""
    return (
        Assignment.objects.valid_on(day)
        .filter(person_id=person_id, domain_id=domain_id)
        .select_related("staff")
        .first()
    )


def fixed_consulents(person_ids: Sequence[int], domain_id: int, day: dt.date) -> dict[int, int]:
    """The fixed consulent's staff id of each client in the domain on ``day`` (clients
    without one are left out); for batch work that hands each client's task to their
    consulent (``samen.enforcement``). One query per 5,000 clients."""
    ids = sorted(set(person_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), 5_000):
        rows = (
            Assignment.objects.valid_on(day)
            .filter(person_id__anyof=ids[start : start + 5_000], domain_id=domain_id)
            .values_list("person_id", "staff_id")
        )
        found.update(dict(rows))
    return found
