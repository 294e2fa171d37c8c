"""How every case service reaches and changes a case: through the one access policy, with
the audit trail and the status history.

``_cases`` scopes a query of cases to what the actor may do, ``_load`` finds one case or
refuses as :class:`NotVisible` (the actor may not even read it) or :class:`NotAllowed` (read
but not change), ``_subject`` names a case in the audit trail, ``_save`` changes a case only
at the version the actor read (optimistic locking), ``_change`` does that and records the
changed fields, ``_history`` adds a line to the status history. Private to the cases app:
:mod:`samen.cases.opening`, :mod:`samen.cases.reading`, :mod:`samen.cases.lifecycle`,
:mod:`samen.cases.decisions`, :mod:`samen.cases.assignment` and :mod:`samen.cases.attention`
use them; everyone else goes through :mod:`samen.cases.services`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.models import Case, StatusChange
from samen.organisation.models import Staff
from samen.people.services import NotAllowed, NotVisible, VersionConflict


def _subject(case: Case) -> audit.Subject:
    return audit.Subject(
        object_type="zaak",
        object_id=case.reference,
        data_subject_id=case.person.bsn,
        municipality_code=case.municipality.cbs_code,
        domain_code=case.domain.code,
    )


def _cases(policy: Policy, action: str) -> QuerySet[Case]:
    return policy.scope_records(
        Case.objects.select_related(
            "case_type", "person", "municipality", "domain", "assigned_to", "team"
        ),
        action,
    )


def _load(actor: Any, pk: int | str, purpose: Purpose, action: str) -> tuple[Policy, Case]:
    """The case if the actor may perform ``action`` on it. A case the actor cannot even read
    is :class:`NotVisible`; one they can read but not change is :class:`NotAllowed`."""
    policy = policy_for(actor)
    try:
        return policy, _cases(policy, action).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _cases(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject("zaak", str(pk)))
        if readable:
            raise NotAllowed("U mag deze zaak inzien maar niet wijzigen.") from None
        raise NotVisible("Zaak niet gevonden, of u heeft geen toegang.") from None


def _staff(actor: Any) -> Staff | None:
    return getattr(actor, "staff", None)


def _history(case: Case, status: str, on: dt.date, actor: Any, note: str = "") -> None:
    staff = _staff(actor)
    StatusChange.objects.create(
        case=case,
        status=status,
        on_date=on,
        by=staff,
        by_name=staff.name if staff else str(actor),
        note=note,
    )


def _save(case: Case, expected_version: int | None, **changes: Any) -> None:
    """Optimistic locking: the update only happens if nobody changed the case since the actor
    read it at ``expected_version``."""
    version = case.version if expected_version is None else expected_version
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft deze zaak intussen gewijzigd. Laad de zaak opnieuw en probeer "
            "het nog eens."
        )
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1


def _change(
    actor: Any,
    case: Case,
    policy: Policy,
    purpose: Purpose,
    version: int | None,
    fields: dict[str, Any],
) -> None:
    before = {name: getattr(case, name) for name in fields}
    _save(case, version, **fields)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=[_subject(case)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {k: [before[k], fields[k]] for k in fields if before[k] != fields[k]}},
    )
