"""The lifecycle of a grant (autorisatie): proposed, approved by a second person, rejected,
withdrawn, ended. Screens and commands call these functions; nothing else writes a grant.

Four eyes for more access, not for less:

- functional management (permission ``access.manage_grants``) **proposes** a grant: role,
  municipalities, domains, highest confidentiality, period and the reason. A proposal gives no
  access (the policy counts approved grants only);
- a second person with ``access.approve_grants`` **approves** or **rejects** (with a reason)
  it. Nobody approves a grant they proposed, nor a grant for themselves;
- the proposer (or another manager) can **withdraw** a proposal that is not decided yet;
- an approved grant is never widened or moved: more access is a new proposal. It can be
  **ended** early (its last day moved earlier) by a manager or an approver without a second
  person: ending access must never wait for someone else.

Every step writes an audit entry (object type ``autorisatie``, purpose *beheer*) in the same
transaction as the change, so there is no grant change without its trace; a refused approval
is recorded as *refused*. The officer sees these entries on *Toezicht*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry, Grant, Role
from samen.access.policy import Purpose, policy_for
from samen.access.services import GRANT_OBJECT as OBJECT_TYPE
from samen.common import codes
from samen.organisation.models import Domain, Municipality, Staff

MANAGE = "access.manage_grants"
APPROVE = "access.approve_grants"


class Event:
    """What happened to a grant, as the audit entry's ``changes["event"]`` names it."""

    PROPOSED = "voorgesteld"
    APPROVED = "goedgekeurd"
    REJECTED = "afgewezen"
    WITHDRAWN = "ingetrokken"
    ENDED = "beëindigd"
    APPROVAL_REFUSED = "goedkeuring geweigerd"

    ALL = (PROPOSED, APPROVED, REJECTED, WITHDRAWN, ENDED, APPROVAL_REFUSED)


@dataclass(frozen=True)
class Proposal:
    """What functional management proposes for one staff member."""

    staff: Staff
    role: Role
    municipalities: Sequence[Municipality]
    domains: Sequence[Domain]
    max_confidentiality: int
    valid_from: dt.date
    valid_until: dt.date | None
    reason: str


# -- who may ---------------------------------------------------------------------------------
def may_manage(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm(MANAGE))


def may_approve(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm(APPROVE))


def approval_refusal(approver_id: int, proposer_id: int | None, grantee_id: int | None) -> str:
    """Why ``approver_id`` may not approve a grant proposed by ``proposer_id`` for the login
    ``grantee_id`` (empty: they may). The four-eyes rule, without the database."""
    if proposer_id is not None and approver_id == proposer_id:
        return "U heeft deze autorisatie zelf voorgesteld; een tweede persoon moet haar goedkeuren."
    if grantee_id is not None and approver_id == grantee_id:
        return "U kunt geen autorisatie voor uzelf goedkeuren."
    return ""


# -- reading ---------------------------------------------------------------------------------
def _with_details(queryset: Any) -> Any:
    return queryset.select_related(
        "staff", "role", "proposed_by", "decided_by", "ended_by"
    ).prefetch_related("municipalities", "domains")


def pending() -> list[Grant]:
    """The proposals awaiting a decision, oldest first."""
    return list(
        _with_details(Grant.objects.filter(status=Grant.Status.PROPOSED)).order_by(
            "proposed_at", "pk"
        )
    )


def grants_of(staff: Staff) -> list[Grant]:
    """Every grant of ``staff``, in any status, newest first."""
    return list(_with_details(staff.grants.all()).order_by("-valid_from", "-pk"))


def in_force(grant: Grant, day: dt.date | None = None) -> bool:
    """Whether ``grant`` gives access on ``day`` (today): approved and valid that day."""
    return grant.is_approved and grant.is_valid_on(day or timezone.localdate())


# -- audit -----------------------------------------------------------------------------------
def _snapshot(grant: Grant) -> dict[str, Any]:
    return {
        "staff": f"{grant.staff.name} ({grant.staff.employee_number})",
        "role": grant.role.code,
        "municipalities": sorted(m.cbs_code for m in grant.municipalities.all()),
        "domains": sorted(d.code for d in grant.domains.all()),
        "max_confidentiality": grant.get_max_confidentiality_display(),
        "valid_from": grant.valid_from.isoformat(),
        "valid_until": grant.valid_until.isoformat() if grant.valid_until else None,
    }


def _record(
    actor: Any, grant_id: int, kind: str, event: str, fields: dict[str, Any], staff: str
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[audit.Subject(OBJECT_TYPE, str(grant_id))],
        purpose=Purpose.BEHEER.value,
        roles=policy_for(actor).role_names(),
        changes={"event": event, "staff": staff, "fields": fields},
    )


def _staff_label(grant: Grant) -> str:
    return f"{grant.staff.name} ({grant.staff.employee_number})"


def _locked(grant_id: int) -> Grant:
    grant = (
        Grant.objects.select_for_update()
        .select_related("staff", "role")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        raise ValidationError("Deze autorisatie bestaat niet (meer).", code="unknown")
    return grant


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(value: str, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: missing}, code="required")
    return value


# -- the lifecycle ---------------------------------------------------------------------------
@transaction.atomic
def propose(actor: Any, proposal: Proposal) -> Grant:
    """Propose a grant. It gives no access until a second person approves it."""
    _refuse_unless(may_manage(actor), "Alleen functioneel beheer mag autorisaties voorstellen.")
    reason = _text(proposal.reason, "reason", "Vul de reden van dit voorstel in.")
    today = timezone.localdate()
    if proposal.valid_until is not None:
        if proposal.valid_until < proposal.valid_from:
            raise ValidationError(
                {"valid_until": "De einddatum ligt vóór de begindatum."}, code="period_reversed"
            )
        if proposal.valid_until < today:
            raise ValidationError(
                {
                    "valid_until": "De einddatum ligt in het verleden; deze autorisatie zou nooit "
                    "gelden."
                },
                code="period_past",
            )
    grant = Grant(
        staff=proposal.staff,
        role=proposal.role,
        max_confidentiality=proposal.max_confidentiality,
        valid_from=proposal.valid_from,
        valid_until=proposal.valid_until,
        reason=reason,
        status=Grant.Status.PROPOSED,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    grant.full_clean(exclude=["municipalities", "domains"])
    grant.save()
    grant.municipalities.set(list(proposal.municipalities))
    grant.domains.set(list(proposal.domains))
    fields = {name: [None, value] for name, value in _snapshot(grant).items()}
    fields["status"] = [None, Grant.Status.PROPOSED.label]
    fields["reason"] = [None, reason]
    _record(actor, grant.pk, AuditEntry.Kind.CREATE, Event.PROPOSED, fields, _staff_label(grant))
    return grant


def approve(actor: Any, grant_id: int) -> Grant:
    """Approve a proposal: from now on it gives access within its period. The approver has the
    approval right, did not propose it and is not the one who gets it."""
    _refuse_unless(may_approve(actor), "U mag geen autorisaties goedkeuren.")
    refusal = ""
    with transaction.atomic():
        grant = _locked(grant_id)
        if grant.status != Grant.Status.PROPOSED:
            raise ValidationError(
                f"Deze autorisatie is al {grant.get_status_display().lower()}.", code="decided"
            )
        refusal = approval_refusal(actor.pk, grant.proposed_by_id, grant.staff.user_id)
        if not refusal:
            if grant.valid_until is not None and grant.valid_until < timezone.localdate():
                raise ValidationError(
                    "De periode van dit voorstel is al voorbij; wijs het af of trek het in.",
                    code="period_past",
                )
            grant.status = Grant.Status.APPROVED
            grant.decided_by = actor
            grant.decided_at = timezone.now()
            grant.save(update_fields=["status", "decided_by", "decided_at"])
            fields = {
                "status": [Grant.Status.PROPOSED.label, Grant.Status.APPROVED.label],
                "decided_by": [None, _user_label(actor)],
            }
            _record(
                actor, grant.pk, AuditEntry.Kind.UPDATE, Event.APPROVED, fields, _staff_label(grant)
            )
            return grant
    # Outside the transaction: the attempt stays on record.
    _record(
        actor, grant.pk, AuditEntry.Kind.REFUSED, Event.APPROVAL_REFUSED, {}, _staff_label(grant)
    )
    raise ValidationError(refusal, code="four_eyes")


@transaction.atomic
def reject(actor: Any, grant_id: int, note: str) -> Grant:
    """Reject a proposal, with the reason. The proposer withdraws rather than rejects."""
    _refuse_unless(may_approve(actor), "U mag geen autorisaties afwijzen.")
    note = _text(note, "note", "Vul de reden van de afwijzing in.")
    grant = _locked(grant_id)
    if grant.status != Grant.Status.PROPOSED:
        raise ValidationError(
            f"Deze autorisatie is al {grant.get_status_display().lower()}.", code="decided"
        )
    if grant.proposed_by_id == actor.pk:
        raise ValidationError(
            "U heeft deze autorisatie zelf voorgesteld; trek het voorstel in.", code="own"
        )
    return _decide(actor, grant, Grant.Status.REJECTED, Event.REJECTED, note)


@transaction.atomic
def withdraw(actor: Any, grant_id: int, note: str = "") -> Grant:
    """Withdraw a proposal that is not decided yet."""
    _refuse_unless(may_manage(actor), "Alleen functioneel beheer mag voorstellen intrekken.")
    grant = _locked(grant_id)
    if grant.status != Grant.Status.PROPOSED:
        raise ValidationError(
            f"Deze autorisatie is al {grant.get_status_display().lower()}.", code="decided"
        )
    return _decide(actor, grant, Grant.Status.WITHDRAWN, Event.WITHDRAWN, (note or "").strip())


def _decide(actor: Any, grant: Grant, status: str, event: str, note: str) -> Grant:
    before = grant.get_status_display()
    grant.status = status
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.decision_note = note
    grant.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    fields = {
        "status": [before, grant.get_status_display()],
        "decided_by": [None, _user_label(actor)],
        "decision_note": [None, note],
    }
    _record(actor, grant.pk, AuditEntry.Kind.UPDATE, event, fields, _staff_label(grant))
    return grant


@transaction.atomic
def end(actor: Any, grant_id: int, last_day: dt.date, reason: str) -> Grant:
    """End an approved grant early: ``last_day`` is the last day it gives access (yesterday
    ends it at once). Only shortening: widening is a new proposal. No second person needed."""
    _refuse_unless(may_manage(actor) or may_approve(actor), "U mag geen autorisaties beëindigen.")
    reason = _text(reason, "reason", "Vul de reden van de beëindiging in.")
    grant = _locked(grant_id)
    if grant.status != Grant.Status.APPROVED:
        raise ValidationError(
            "Alleen een goedgekeurde autorisatie kan worden beëindigd; trek een voorstel in.",
            code="not_approved",
        )
    if last_day < grant.valid_from:
        raise ValidationError(
            {"last_day": "De laatste dag ligt vóór de begindatum van de autorisatie."},
            code="before_start",
        )
    if grant.valid_until is not None and last_day >= grant.valid_until:
        raise ValidationError(
            {
                "last_day": "Beëindigen maakt een autorisatie alleen korter: kies een dag vóór "
                f"{grant.valid_until:%d-%m-%Y}. Voor langer is een nieuw voorstel nodig."
            },
            code="not_shorter",
        )
    before = grant.valid_until
    grant.valid_until = last_day
    grant.ended_by = actor
    grant.ended_at = timezone.now()
    grant.end_reason = reason
    grant.save(update_fields=["valid_until", "ended_by", "ended_at", "end_reason"])
    fields = {
        "valid_until": [before.isoformat() if before else None, last_day.isoformat()],
        "ended_by": [None, _user_label(actor)],
        "end_reason": [None, reason],
    }
    _record(actor, grant.pk, AuditEntry.Kind.UPDATE, Event.ENDED, fields, _staff_label(grant))
    return grant


def _user_label(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


def staff_member(staff_id: int) -> Staff | None:
    if not 0 < staff_id <= codes.MAX_ID:  # a path id beyond the column is simply unknown
        return None
    return Staff.objects.select_related("employer", "user").filter(pk=staff_id).first()


def grant_by_id(grant_id: int) -> Grant | None:
    if not 0 < grant_id <= codes.MAX_ID:
        return None
    return _with_details(Grant.objects.filter(pk=grant_id)).first()
