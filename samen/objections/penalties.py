"""The penalty for not deciding in time (Awb 4:17-4:20) on any case with a decision term:
recording the notice of default (ingebrekestelling) and computing what is forfeited, with
the rule valid on the day the term expired (``rules.rule_on``, data).

Fixing the penalty (Awb 4:18) records the amount owed and the applicant's account
(:class:`FixedPenalty`); income pays it once in its next payment run through the registry
``samen.income.one_offs``, which :func:`penalty_dues` fills (registered in ``ready``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
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
from samen.objections.models import FixedPenalty, NoticeOfDefault


def _subject(case: Case, object_type: str = "ingebrekestelling") -> audit.Subject:
    return audit.Subject(
        object_type=object_type,
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


def _case_to_change(actor: Any, case_pk: Any, purpose: Purpose) -> tuple[Any, Case]:
    """The case through the one access policy for a change; a refusal is audited (404 when
    it may not even be read)."""
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
    return policy, case


def record_notice(
    actor: Any, case_pk: Any, *, received_on: dt.date, purpose: Purpose = Purpose.UITVOERING
) -> NoticeOfDefault:
    """Record the written notice of default the client sent on a case. Refused when the
    term had not expired on that day (a premature notice starts no penalty), when the case
    was decided by then, or when the date lies in the future."""
    policy, case = _case_to_change(actor, case_pk, purpose)
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


# ---------------------------------------------------------------------------------------------
# Fixing the penalty and paying it
# ---------------------------------------------------------------------------------------------
SOURCE = "objections.dwangsom"


def fix_penalty(
    actor: Any,
    case_pk: Any,
    *,
    fixed_on: dt.date,
    iban: str,
    purpose: Purpose = Purpose.UITVOERING,
) -> FixedPenalty:
    """Fix the penalty the case forfeited (Awb 4:18) and the account it is paid on; the next
    payment run pays it once. Refused, with nothing saved: a date in the future, a penalty
    still running or never due (the amount is final only once the decision was taken late or
    the maximum of days has passed), one already fixed, an invalid IBAN."""
    from samen.income.models import normalise_iban, validate_iban

    policy, case = _case_to_change(actor, case_pk, purpose)
    errors: dict[str, Any] = {}
    if fixed_on > timezone.localdate():
        errors["fixed_on"] = "De datum van vaststelling ligt in de toekomst."
    try:
        validate_iban(iban)
    except ValidationError as error:
        errors["iban"] = error.messages
    if errors:
        raise ValidationError(errors)
    if FixedPenalty.objects.filter(case=case).exists():
        raise ValidationError("De dwangsom op deze zaak is al vastgesteld.", code="fixed")
    found = penalty_of(case, today=fixed_on)
    if found is None or found.state != penalty.PenaltyState.BEEINDIGD or not found.amount:
        running = found is not None and found.state == penalty.PenaltyState.LOOPT
        raise ValidationError(
            "De dwangsom loopt nog: stel hem vast als het besluit genomen is of het maximum "
            "aantal dagen voorbij is."
            if running
            else "Op deze zaak is geen dwangsom verbeurd.",
            code="not_final",
        )
    with transaction.atomic():
        fixed = FixedPenalty.objects.create(
            case=case,
            amount=found.amount,
            days=found.days,
            fixed_on=fixed_on,
            iban=normalise_iban(iban),
            fixed_by=getattr(actor, "staff", None),
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[_subject(case, "dwangsom")],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={
                "fields": {
                    "bedrag": [None, str(found.amount)],
                    "vastgesteld_op": [None, str(fixed_on)],
                }
            },
        )
    return fixed


def fixed_penalty_of(case: Case) -> tuple[FixedPenalty | None, Any | None]:
    """For the case page (already read there): the fixed penalty and its payment (income's
    one-off payment with its run), each None while there is none."""
    from samen.income import one_offs

    fixed = FixedPenalty.objects.filter(case=case).first()
    if fixed is None:
        return None, None
    return fixed, one_offs.payment_of(SOURCE, fixed.pk)


def may_fix_penalty(case: Case, today: dt.date | None = None) -> bool:
    """Whether to offer fixing the penalty (the service decides)."""
    if FixedPenalty.objects.filter(case=case).exists():
        return False
    found = penalty_of(case, today)
    return (
        found is not None and found.state == penalty.PenaltyState.BEEINDIGD and bool(found.amount)
    )


def penalty_dues(month: dt.date) -> Iterator[Any]:
    """For income's payment run (``samen.income.one_offs``): every fixed penalty, owed to the
    applicant by the college of the case's municipality. Income pays each once and skips
    those it paid before."""
    from samen.income.one_offs import Due

    for fixed in FixedPenalty.objects.select_related("case__person").order_by("pk"):
        case = fixed.case
        yield Due(
            source=SOURCE,
            source_id=fixed.pk,
            person_id=case.person_id,
            municipality_id=case.municipality_id,
            domain_id=case.domain_id,
            confidentiality=case.confidentiality,
            creditor_name=case.person.full_name or "Onbekend",
            iban=fixed.iban,
            amount=fixed.amount,
            reference=f"Dwangsom niet tijdig beslissen zaak {case.reference}",
        )
