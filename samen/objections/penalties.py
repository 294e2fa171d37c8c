"""The penalty for not deciding in time (Awb 4:17-4:20) on any case with a decision term:
recording the notice of default (ingebrekestelling) and computing what is forfeited, with
the rule valid on the day the term expired (``rules.rule_on``, data).

Paying the penalty as a payment is not built yet: the page shows the amount and the days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases.models import Case
from samen.cases.services import NotAllowed, NotVisible
from samen.common.dates import long_date
from samen.objections import penalty, rules
from samen.objections.models import NoticeOfDefault


def _subject(case: Case) -> audit.Subject:
    return audit.Subject(
        object_type="ingebrekestelling",
        object_id=case.reference,
        data_subject_id=case.person.bsn,
        municipality_code=case.municipality.cbs_code,
        domain_code=case.domain.code,
    )


def penalty_of(case: Case, today: dt.date | None = None) -> penalty.Penalty | None:
    """What the case has forfeited as of ``today`` (pure on the case's facts; the caller has
    read the case through the access policy). None without a deadline or a valid rule."""
    if case.deadline is None:
        return None
    rule = rules.rule_on(case.deadline)
    if rule is None:
        return None
    notice = NoticeOfDefault.objects.filter(case=case).first()
    return penalty.compute_penalty(
        rule,
        deadline=case.deadline,
        notice_received_on=notice.received_on if notice else None,
        decided_on=case.decided_on,
        today=today or timezone.localdate(),
    )


def record_notice(
    actor: Any, case_pk: Any, *, received_on: dt.date, purpose: Purpose = Purpose.UITVOERING
) -> NoticeOfDefault:
    """Record the written notice of default the client sent on a case. Refused when the
    term had not expired on that day (a premature notice starts no penalty), when the case
    was decided by then, or when the date lies in the future."""
    policy = policy_for(actor)
    try:
        case = (
            policy.scope_records(
                Case.objects.select_related("person", "municipality", "domain"), Action.CHANGE
            )
        ).get(pk=case_pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        readable = str(case_pk).isdigit() and (
            policy.scope_records(Case.objects.filter(pk=case_pk), Action.READ).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject("zaak", str(case_pk)))
        if readable:
            raise NotAllowed("U mag deze zaak inzien maar niet wijzigen.") from None
        raise NotVisible("Zaak niet gevonden, of u heeft geen toegang.") from None
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "De datum van ontvangst ligt in de toekomst."})
    if case.deadline is None:
        raise ValidationError(
            {"received_on": "Deze zaak heeft geen beslistermijn: een dwangsom is niet mogelijk."}
        )
    if received_on <= case.deadline:
        raise ValidationError(
            {
                "received_on": (
                    f"De beslistermijn liep toen nog (tot en met {long_date(case.deadline)}). "
                    "Een ingebrekestelling vóór het einde van de termijn telt niet."
                )
            }
        )
    if case.decided_on is not None and case.decided_on <= received_on:
        raise ValidationError({"received_on": "Op deze zaak was toen al besloten."})
    if NoticeOfDefault.objects.filter(case=case).exists():
        raise ValidationError({"received_on": "Er is al een ingebrekestelling vastgelegd."})
    with transaction.atomic():
        notice = NoticeOfDefault.objects.create(
            case=case, received_on=received_on, recorded_by=getattr(actor, "staff", None)
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[_subject(case)],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={"fields": {"ontvangen_op": [None, received_on.isoformat()]}},
        )
    return notice


def may_record_notice(case: Case, today: dt.date | None = None) -> bool:
    """Whether to offer recording a notice of default: the term has expired undecided and
    none is on file (the service decides)."""
    today = today or timezone.localdate()
    return (
        case.deadline is not None
        and case.decided_on is None
        and case.deadline < today
        and not NoticeOfDefault.objects.filter(case=case).exists()
    )
