"""Garnishments (derdenbeslag) and the client's direct payments on a benefit, and the
explicit *verrekenen* instruction on a claim, as case work sees them: read and changed
through the one access policy (a garnishment is as visible as its benefit: municipality,
domain and confidentiality), every read and write audited, ending one with optimistic
locking on its version. Screens and the API call these functions.

A benefit the actor may not see is :class:`NotVisible`, the same answer as one that does
not exist; one they may read but not change is ``NotAllowed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.income import services as income
from samen.income.models import Benefit, normalise_iban, validate_iban
from samen.people.services import NotAllowed, NotVisible, VersionConflict
from samen.recovery import services as claims
from samen.recovery.models import (
    MAX_AMOUNT,
    MAX_NAME,
    MAX_REASON,
    MAX_REFERENCE,
    DirectPayment,
    Garnishment,
    OffsetInstruction,
)

__all__ = [
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "end_direct_payment",
    "end_garnishment",
    "on_benefit",
    "register_direct_payment",
    "register_garnishment",
    "set_offset",
]

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OnBenefit:
    benefit: Benefit
    garnishments: list[Garnishment]
    direct_payments: list[DirectPayment]


def _subject(benefit: Benefit, object_type: str, pk: int) -> audit.Subject:
    return audit.Subject(
        object_type=object_type,
        object_id=str(pk),
        data_subject_id=benefit.person.bsn,
        municipality_code=benefit.municipality.cbs_code,
        domain_code=benefit.domain.code,
    )


def _record(
    actor: Any,
    kind: str,
    subjects: list[audit.Subject],
    purpose: Purpose,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=subjects,
        purpose=purpose.value,
        roles=policy_for(actor).role_names(),
        changes=changes,
    )


def on_benefit(
    actor: Any, benefit_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> OnBenefit:
    """The garnishments and direct payments on a benefit (ended ones too); each is audited."""
    benefit = income.get_benefit(actor, benefit_pk, Action.READ, purpose)
    garnishments = list(Garnishment.objects.filter(benefit=benefit))
    direct = list(DirectPayment.objects.filter(benefit=benefit))
    subjects = [_subject(benefit, "beslag", g.pk) for g in garnishments] + [
        _subject(benefit, "directe-betaling", d.pk) for d in direct
    ]
    if subjects:
        _record(actor, AuditEntry.Kind.READ, subjects, purpose)
    return OnBenefit(benefit, garnishments, direct)


# ---------------------------------------------------------------------------------------------
# Checks shared by the screens and the API (the forms and serializers parse; these decide)
# ---------------------------------------------------------------------------------------------
def _amount(value: Decimal | None, name: str, *, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationError({name: ["Vul het bedrag in."]})
        return None
    if value.is_nan() or value <= 0 or value > MAX_AMOUNT or value != value.quantize(CENT):
        raise ValidationError(
            {name: ["Vul een bedrag in van meer dan € 0,00, tot € 9.999.999,99, in centen."]}
        )
    return value


def _text(value: str, name: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({name: ["Vul dit veld in."]})
    if len(value) > max_length:
        raise ValidationError({name: [f"Maximaal {max_length} tekens."]})
    if "\x00" in value:
        raise ValidationError({name: ["Dit veld bevat een ongeldig teken."]})
    return value


def _iban(value: str, name: str = "iban") -> str:
    iban = normalise_iban(value)
    try:
        validate_iban(iban)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None
    return iban


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


# ---------------------------------------------------------------------------------------------
# Garnishments
# ---------------------------------------------------------------------------------------------
def register_garnishment(
    actor: Any,
    benefit_pk: int | str,
    *,
    garnishee: str,
    iban: str,
    reference: str,
    monthly_amount: Decimal | None,
    served_on: dt.date,
    preferent: bool,
    ends_on: dt.date | None = None,
    reason: str = "",
    purpose: Purpose = Purpose.UITVOERING,
) -> Garnishment:
    """Register a garnishment served on the municipality: from the next run on, the
    garnishee is paid ``monthly_amount`` a month (``None``: everything above the beslagvrije
    voet), in the legal order, never below the voet."""
    garnishee = _text(garnishee, "garnishee", MAX_NAME)
    checked_iban = _iban(iban)
    reference = _text(reference, "reference", MAX_REFERENCE)
    _amount(monthly_amount, "monthly_amount", required=False)
    reason = _text(reason, "reason", MAX_REASON, required=False)
    if ends_on is not None and ends_on < served_on:
        raise ValidationError({"ends_on": ["De einddatum ligt niet vóór de datum van betekening."]})
    benefit = income.get_benefit(actor, benefit_pk, Action.CHANGE, purpose)
    with transaction.atomic():
        garnishment = Garnishment.objects.create(
            benefit=benefit,
            garnishee=garnishee,
            iban=checked_iban,
            reference=reference,
            monthly_amount=monthly_amount,
            served_on=served_on,
            preferent=preferent,
            ends_on=ends_on,
            reason=reason,
        )
        _record(
            actor,
            AuditEntry.Kind.CREATE,
            [_subject(benefit, "beslag", garnishment.pk)],
            purpose,
            {
                "beslag": {
                    "beslaglegger": garnishee,
                    "bedrag": str(monthly_amount) if monthly_amount else "boven de voet",
                    "betekend": served_on.isoformat(),
                    "preferent": preferent,
                }
            },
        )
    return garnishment


def _changeable(model: type[Any], pk: int | str, actor: Any, purpose: Purpose) -> Benefit:
    """The benefit of the garnishment or direct payment, if the actor may change it; checked
    before the transaction, so that a refusal's audit entry is kept."""
    text = str(pk)
    benefit_id = (
        model.objects.filter(pk=text).values_list("benefit_id", flat=True).first()
        if text.isdigit()
        else None
    )
    if benefit_id is None:
        audit.refused(
            actor, policy_for(actor), purpose, audit.Subject(model.__name__.lower(), text)
        )
        raise NotVisible("Niet gevonden, of u heeft geen toegang.")
    return income.get_benefit(actor, benefit_id, Action.CHANGE, purpose)


def _end(
    model: type[Any],
    object_type: str,
    actor: Any,
    pk: int | str,
    *,
    ends_on: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose,
) -> Any:
    reason = _text(reason, "reason", MAX_REASON)
    benefit = _changeable(model, pk, actor, purpose)
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=str(pk))
        if row.version != expected_version:
            raise VersionConflict(
                "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."
            )
        if row.ends_on is not None and row.ends_on <= ends_on:
            raise ValidationError({"ends_on": ["Dit is al beëindigd op of vóór die datum."]})
        first = getattr(row, "served_on", None) or row.start_month
        if ends_on < first:
            raise ValidationError({"ends_on": ["De einddatum ligt niet vóór het begin."]})
        old = row.ends_on
        row.ends_on = ends_on
        row.reason = (f"{row.reason} | " if row.reason else "") + reason
        row.reason = row.reason[-MAX_REASON:]
        row.version += 1
        row.save(update_fields=["ends_on", "reason", "version"])
        _record(
            actor,
            AuditEntry.Kind.UPDATE,
            [_subject(benefit, object_type, row.pk)],
            purpose,
            {
                "einde": {
                    "oud": old.isoformat() if old else None,
                    "nieuw": ends_on.isoformat(),
                    "reden": reason,
                }
            },
        )
    return row


def end_garnishment(
    actor: Any,
    pk: int | str,
    *,
    ends_on: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> Garnishment:
    """End a garnishment (lifted, paid off): runs for months after ``ends_on`` skip it."""
    return _end(
        Garnishment,
        "beslag",
        actor,
        pk,
        ends_on=ends_on,
        reason=reason,
        expected_version=expected_version,
        purpose=purpose,
    )


# ---------------------------------------------------------------------------------------------
# Direct payments
# ---------------------------------------------------------------------------------------------
def register_direct_payment(
    actor: Any,
    benefit_pk: int | str,
    *,
    creditor: str,
    iban: str,
    reference: str,
    amount: Decimal,
    start_month: dt.date,
    ends_on: dt.date | None = None,
    reason: str = "",
    purpose: Purpose = Purpose.UITVOERING,
) -> DirectPayment:
    """The client's own direct payment (rent, budgetbeheer) from the benefit each month."""
    creditor = _text(creditor, "creditor", MAX_NAME)
    checked_iban = _iban(iban)
    reference = _text(reference, "reference", MAX_REFERENCE)
    _amount(amount, "amount")
    reason = _text(reason, "reason", MAX_REASON, required=False)
    start = _month(start_month)
    if ends_on is not None and ends_on < start:
        raise ValidationError({"ends_on": ["De einddatum ligt niet vóór de eerste maand."]})
    benefit = income.get_benefit(actor, benefit_pk, Action.CHANGE, purpose)
    with transaction.atomic():
        direct = DirectPayment.objects.create(
            benefit=benefit,
            creditor=creditor,
            iban=checked_iban,
            reference=reference,
            amount=amount,
            start_month=start,
            ends_on=ends_on,
            reason=reason,
        )
        _record(
            actor,
            AuditEntry.Kind.CREATE,
            [_subject(benefit, "directe-betaling", direct.pk)],
            purpose,
            {"directeBetaling": {"aan": creditor, "bedrag": str(amount), "vanaf": str(start)}},
        )
    return direct


def end_direct_payment(
    actor: Any,
    pk: int | str,
    *,
    ends_on: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> DirectPayment:
    return _end(
        DirectPayment,
        "directe-betaling",
        actor,
        pk,
        ends_on=ends_on,
        reason=reason,
        expected_version=expected_version,
        purpose=purpose,
    )


# ---------------------------------------------------------------------------------------------
# Verrekenen: an explicit offset instruction on a claim
# ---------------------------------------------------------------------------------------------
def set_offset(
    actor: Any,
    claim_pk: int | str,
    *,
    amount: Decimal,
    start_month: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> OffsetInstruction:
    """Offset this claim against the debtor's benefit, ``amount`` a month at most, from
    ``start_month``; a running instruction ends the month before. Optimistic locking on
    the claim's version, as every change of a claim."""
    _amount(amount, "amount")
    reason = _text(reason, "reason", MAX_REASON)
    start = _month(start_month)
    view = claims.get_claim(actor, claim_pk, Action.CHANGE, purpose)
    with transaction.atomic():
        claim = claims._locked(view.claim, expected_version)
        if claim.balance() <= 0:
            raise ValidationError({"amount": ["Deze vordering heeft geen openstaand saldo."]})
        for running in claim.offsets.filter(ended_on__isnull=True):
            running.ended_on = max(running.start_month, start - dt.timedelta(days=1))
            running.version += 1
            running.save(update_fields=["ended_on", "version"])
        instruction = OffsetInstruction.objects.create(
            claim=claim, amount=amount, start_month=start, reason=reason
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        claims._audit(
            actor,
            policy_for(actor),
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"verrekenen": {"bedrag": str(amount), "vanaf": start.isoformat()}},
        )
    return instruction
