"""Claims that another app founds (``samen.enforcement``: the benadelingsbedrag of a fraud
investigation, origin *schending inlichtingenplicht*): created here, with the principal as
the first movement of the claim's ledger, so the caller never writes recovery's tables.

The caller states the claim's municipality, domain and confidentiality (those of the benefit
the claim arose on); the actor must be allowed to change personal data there under the one
access policy, or nothing is created. The claim is audited as created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.people.models import Person
from samen.people.services import NotAllowed
from samen.recovery.models import MAX_AMOUNT, MAX_REASON, Claim, Movement

ORIGINS = {Claim.Origin.INLICHTINGENPLICHT, Claim.Origin.BOETE}


def create_claim(
    actor: Any,
    *,
    person_id: int,
    municipality_id: int,
    domain_id: int,
    confidentiality: int,
    origin: str,
    principal: Decimal,
    description: str,
    established_on: dt.date,
    purpose: Purpose = Purpose.UITVOERING,
) -> Claim:
    """A new claim with its principal booked; returns it."""
    policy = policy_for(actor)
    if not policy.allows(Action.CHANGE, municipality_id, domain_id, confidentiality):
        raise NotAllowed("U mag voor deze gemeente en dit domein geen vordering vastleggen.")
    errors: dict[str, str] = {}
    if origin not in ORIGINS:
        errors["origin"] = "Deze herkomst wordt niet door een andere module vastgelegd."
    principal = Decimal(principal).quantize(Decimal("0.01"))
    if not Decimal("0.01") <= principal <= MAX_AMOUNT:
        errors["principal"] = f"De hoofdsom ligt niet tussen 0,01 en {MAX_AMOUNT} euro."
    description = description.strip()
    if not description or len(description) > MAX_REASON:
        errors["description"] = f"Geef een omschrijving van ten hoogste {MAX_REASON} tekens."
    if errors:
        raise ValidationError(errors)
    person = Person.objects.get(pk=person_id)
    staff = getattr(actor, "staff", None)
    with transaction.atomic():
        claim = Claim.objects.create(
            person=person,
            municipality_id=municipality_id,
            domain_id=domain_id,
            confidentiality=confidentiality,
            origin=origin,
            principal=principal,
            costs=Decimal("0.00"),
            description=description,
            established_on=established_on,
        )
        Movement.objects.create(
            claim=claim,
            kind=Movement.Kind.PRINCIPAL,
            amount=principal,
            booked_on=established_on,
            reason=description,
            recorded_by=staff.name if staff is not None else "",
        )
        claim.refresh_from_db()
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[
                audit.Subject(
                    object_type="vordering",
                    object_id=str(claim.pk),
                    data_subject_id=person.bsn,
                    municipality_code=claim.municipality.cbs_code,
                    domain_code=claim.domain.code,
                )
            ],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={"herkomst": origin, "hoofdsom": str(principal)},
        )
    return claim
