"""Fraud investigations (fraudeonderzoek) by the sociale recherche: started from a signal, a
tip, a thematic check or a consulent's request; the activities with their dates, staff and
reports; the outcome (no fraud, administrative with the benadelingsbedrag, its period and the
claim in the recovery app, or criminal with the proces-verbaal to the public prosecutor).

An investigation is *vertrouwelijk*, above the benefit's *zaakvertrouwelijk*, and it opens
only to a grant of an enforcement role (:data:`ENFORCEMENT_ROLES`): a consulent whose grant
would reach the level still does not see it. One the actor may not see is
:class:`NotVisible` (a 404), and no list outside this module names it. Every read and change
is audited with object type ``fraudeonderzoek``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry, Confidentiality
from samen.access.policy import Policy, Purpose, policy_for
from samen.enforcement.models import MAX_REPORT, MAX_TEXT, Activity, Investigation, Signal
from samen.organisation.models import Domain, Municipality, Staff
from samen.people import services as people
from samen.people.services import NotAllowed, NotVisible, VersionConflict
from samen.recovery.models import Claim
from samen.recovery.services import NewClaim, create_claim

__all__ = ["NotAllowed", "NotVisible", "VersionConflict"]

#: the roles whose grants open an investigation (role codes, data in samen/access)
ENFORCEMENT_ROLES = frozenset({"handhaving"})
LEVEL = Confidentiality.VERTROUWELIJK
OBJECT_TYPE = "fraudeonderzoek"
MAX_AMOUNT = Decimal("9999999.99")


def subject(found: Investigation) -> audit.Subject:
    return audit.Subject(
        object_type=OBJECT_TYPE,
        object_id=found.reference,
        data_subject_id=found.person.bsn,
        municipality_code=found.municipality.cbs_code,
        domain_code=found.domain.code,
    )


def _scope(policy: Policy, action: str) -> QuerySet[Investigation]:
    return policy.scope_records(
        Investigation.objects.select_related(
            "person", "municipality", "domain", "investigator", "signal", "claim"
        ),
        action,
        roles=ENFORCEMENT_ROLES,
    )


def _record(
    actor: Any,
    policy: Policy,
    kind: str,
    found: list[Investigation],
    purpose: Purpose,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(i) for i in found],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def may_investigate(actor: Any, municipality_id: int, domain_id: int) -> bool:
    return policy_for(actor).allows(
        Action.CHANGE, municipality_id, domain_id, LEVEL, roles=ENFORCEMENT_ROLES
    )


def _reference(found: Investigation) -> str:
    return f"FO-{found.started_on:%Y}-{found.pk:06d}"


def _create(actor: Any, policy: Policy, purpose: Purpose, **fields: Any) -> Investigation:
    with transaction.atomic():
        found = Investigation.objects.create(reference=f"nieuw-{uuid.uuid4().hex}", **fields)
        found.reference = _reference(found)
        found.save(update_fields=["reference"])
        found = Investigation.objects.select_related("person", "municipality", "domain").get(
            pk=found.pk
        )
        _record(
            actor, policy, AuditEntry.Kind.CREATE, [found], purpose, {"aanleiding": found.origin}
        )
    return found


def start_from_signal(actor: Any, signal: Signal, reason: str) -> Investigation:
    """The consulent's outcome *onderzoek* on a signal: an investigation without an
    investigator yet, for the sociale recherche to pick up. The consulent cannot read it."""
    policy = policy_for(actor)
    return _create(
        actor,
        policy,
        Purpose.UITVOERING,
        person_id=signal.person_id,
        municipality_id=signal.municipality_id,
        domain_id=signal.domain_id,
        confidentiality=max(LEVEL, signal.confidentiality),
        origin=Investigation.Origin.SIGNAL,
        signal=signal,
        reason=reason,
        started_on=timezone.localdate(),
        investigator=None,
    )


@dataclass(frozen=True)
class NewInvestigation:
    person_pk: int
    municipality_code: str
    origin: str
    reason: str
    started_on: dt.date
    check_item_pk: int | None = None


def start(
    actor: Any, data: NewInvestigation, purpose: Purpose = Purpose.UITVOERING
) -> Investigation:
    """An investigation the sociale recherche starts itself (a tip, a thematic check, a
    consulent's request), with the actor as investigator."""
    policy = policy_for(actor)
    domain = Domain.objects.get(code="participatiewet")
    municipality = Municipality.objects.filter(cbs_code=data.municipality_code).first()
    errors: dict[str, str] = {}
    if municipality is None:
        raise ValidationError({"municipality": "Onbekende gemeente."})
    if not may_investigate(actor, municipality.pk, domain.pk):
        audit.refused(actor, policy, purpose, audit.Subject(OBJECT_TYPE, "nieuw"))
        raise NotAllowed(f"U mag geen fraudeonderzoek in {municipality.name} starten.")
    person = people.get_person(actor, data.person_pk, purpose)  # audited, NotVisible
    if data.origin not in {o for o in Investigation.Origin.values if o != "signaal"}:
        errors["origin"] = "Kies de aanleiding: tip, themacontrole of verzoek van de consulent."
    reason = data.reason.strip()
    if not reason or len(reason) > MAX_TEXT:
        errors["reason"] = f"Beschrijf de aanleiding in ten hoogste {MAX_TEXT} tekens."
    if data.started_on > timezone.localdate():
        errors["started_on"] = "De startdatum ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    return _create(
        actor,
        policy,
        purpose,
        person_id=person.person.pk,
        municipality=municipality,
        domain=domain,
        confidentiality=LEVEL,
        origin=data.origin,
        check_item_id=data.check_item_pk,
        reason=reason,
        started_on=data.started_on,
        investigator=getattr(actor, "staff", None),
    )


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
def load(
    actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING, action: str = Action.READ
) -> tuple[Policy, Investigation]:
    policy = policy_for(actor)
    try:
        found = _scope(policy, action).get(pk=pk)
    except (Investigation.DoesNotExist, ValueError, TypeError):
        audit.refused(actor, policy, purpose, audit.Subject(OBJECT_TYPE, str(pk)))
        raise NotVisible("Onderzoek niet gevonden, of u heeft geen toegang.") from None
    return policy, found


def get_investigation(
    actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING
) -> tuple[Investigation, list[Activity]]:
    policy, found = load(actor, pk, purpose)
    _record(actor, policy, AuditEntry.Kind.READ, [found], purpose)
    return found, list(found.activities.select_related("staff"))


def list_investigations(
    actor: Any,
    *,
    closed: bool = False,
    person_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Investigation], int]:
    policy = policy_for(actor)
    qs = _scope(policy, Action.READ)
    if not closed:
        qs = qs.filter(outcome="")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    total = qs.count()
    found = list(qs[offset : offset + limit])
    _record(actor, policy, AuditEntry.Kind.LIST, found, purpose)
    return found, total


# --------------------------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------------------------
def _save(
    actor: Any,
    policy: Policy,
    found: Investigation,
    version: int | None,
    fields: dict[str, Any],
    purpose: Purpose,
    extra: dict[str, Any] | None = None,
) -> None:
    expected = found.version if version is None else version
    updated = Investigation.objects.filter(pk=found.pk, version=expected).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise VersionConflict("Iemand anders heeft dit onderzoek intussen gewijzigd.")
    for name, value in fields.items():
        setattr(found, name, value)
    found.version = expected + 1
    _record(
        actor,
        policy,
        AuditEntry.Kind.UPDATE,
        [found],
        purpose,
        {"fields": {k: str(v) for k, v in fields.items() if k != "claim"}, **(extra or {})},
    )


def take_on(actor: Any, pk: Any, version: int | None = None) -> Investigation:
    """The actor becomes the investigator (for one started from a signal)."""
    policy, found = load(actor, pk, action=Action.CHANGE)
    if found.outcome:
        raise ValidationError({"investigator": "Dit onderzoek is al afgerond."})
    with transaction.atomic():
        _save(actor, policy, found, version, {"investigator": actor.staff}, Purpose.UITVOERING)
    return found


def add_activity(
    actor: Any,
    pk: Any,
    *,
    kind: str,
    on: dt.date,
    report: str,
    staff_number: str = "",
    purpose: Purpose = Purpose.UITVOERING,
) -> Activity:
    policy, found = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if found.outcome:
        errors["kind"] = "Dit onderzoek is afgerond; er komen geen handelingen meer bij."
    if kind not in Activity.Kind.values:
        errors["kind"] = "Kies de soort handeling."
    if on > timezone.localdate():
        errors["on"] = "De datum van de handeling ligt in de toekomst."
    elif on < found.started_on:
        errors["on"] = "De datum van de handeling ligt vóór de start van het onderzoek."
    report = report.strip()
    if not report or len(report) > MAX_REPORT:
        errors["report"] = f"Schrijf het verslag (ten hoogste {MAX_REPORT} tekens)."
    staff: Staff | None = getattr(actor, "staff", None)
    if staff_number:
        staff = Staff.objects.filter(employee_number=staff_number).first()
        if staff is None:
            errors["staff"] = "Onbekend personeelsnummer."
    elif staff is None:
        errors["staff"] = "Vul het personeelsnummer in van wie de handeling deed."
    if errors:
        raise ValidationError(errors)
    assert staff is not None
    with transaction.atomic():
        activity = Activity.objects.create(
            investigation=found, kind=kind, on=on, staff=staff, report=report
        )
        _record(
            actor,
            policy,
            AuditEntry.Kind.UPDATE,
            [found],
            purpose,
            {"handeling": kind, "datum": on.isoformat(), "door": staff.employee_number},
        )
    return activity


@dataclass(frozen=True)
class Conclusion:
    outcome: str
    concluded_on: dt.date
    conclusion: str
    amount: Decimal | None = None
    harm_from: dt.date | None = None
    harm_until: dt.date | None = None
    report_number: str = ""
    report_sent_on: dt.date | None = None


def check_conclusion(data: Conclusion, started_on: dt.date, today: dt.date) -> dict[str, str]:
    """What is missing or wrong in an outcome (pure): a Dutch message per field."""
    errors: dict[str, str] = {}
    kinds = Investigation.Outcome
    if data.outcome not in kinds.values:
        errors["outcome"] = "Kies de uitkomst: geen fraude, bestuurlijk of strafrechtelijk."
        return errors
    if data.concluded_on > today:
        errors["concluded_on"] = "De datum van afronding ligt in de toekomst."
    elif data.concluded_on < started_on:
        errors["concluded_on"] = "De datum van afronding ligt vóór de start."
    if not data.conclusion.strip() or len(data.conclusion) > MAX_TEXT:
        errors["conclusion"] = f"Schrijf de conclusie (ten hoogste {MAX_TEXT} tekens)."
    if data.outcome == kinds.NO_FRAUD:
        if data.amount is not None or data.report_number:
            errors["amount"] = "Zonder fraude is er geen benadelingsbedrag en geen proces-verbaal."
        return errors
    if data.amount is None or not Decimal("0.01") <= data.amount <= MAX_AMOUNT:
        errors["amount"] = "Geef het benadelingsbedrag: tussen 0,01 en 9.999.999,99 euro."
    if data.harm_from is None or data.harm_until is None:
        errors["harm_from"] = "Geef de periode van de benadeling (vanaf en tot en met)."
    elif data.harm_until < data.harm_from:
        errors["harm_until"] = "Het einde van de benadeling ligt vóór het begin."
    elif data.harm_until > data.concluded_on:
        errors["harm_until"] = "De benadeling eindigt na de afronding van het onderzoek."
    if data.outcome == kinds.CRIMINAL:
        if not data.report_number.strip() or len(data.report_number) > 40:
            errors["report_number"] = "Geef het nummer van het proces-verbaal (ten hoogste 40)."
        if data.report_sent_on is None:
            errors["report_sent_on"] = "Geef de datum waarop het proces-verbaal naar het OM ging."
        elif data.report_sent_on > today:
            errors["report_sent_on"] = "De datum van het proces-verbaal ligt in de toekomst."
    elif data.report_number or data.report_sent_on:
        errors["report_number"] = "Een proces-verbaal hoort bij een strafrechtelijke afdoening."
    return errors


def conclude(
    actor: Any,
    pk: Any,
    data: Conclusion,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Investigation:
    """Record the outcome. Administrative or criminal: the benadelingsbedrag becomes a claim in
    the recovery app (origin *schending inlichtingenplicht*), at the benefit's level."""
    policy, found = load(actor, pk, purpose, Action.CHANGE)
    if found.outcome:
        raise ValidationError({"outcome": "Dit onderzoek is al afgerond."})
    errors = check_conclusion(data, found.started_on, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {
        "outcome": data.outcome,
        "concluded_on": data.concluded_on,
        "conclusion": data.conclusion.strip(),
        "amount": data.amount,
        "harm_from": data.harm_from,
        "harm_until": data.harm_until,
        "report_number": data.report_number.strip(),
        "report_sent_on": data.report_sent_on,
    }
    with transaction.atomic():
        if data.outcome != Investigation.Outcome.NO_FRAUD:
            assert data.amount is not None and data.harm_from and data.harm_until
            claim = create_claim(
                actor,
                NewClaim(
                    person_pk=found.person_id,
                    municipality_pk=found.municipality_id,
                    domain_pk=found.domain_id,
                    confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
                    origin=Claim.Origin.INLICHTINGENPLICHT,
                    principal=data.amount,
                    # No word of the investigation: the claim is seen by staff who may not
                    # know that one existed (the investigation refers to the claim, not back).
                    description=(
                        f"Benadeling {data.harm_from:%d-%m-%Y} t/m {data.harm_until:%d-%m-%Y} "
                        "door schending van de inlichtingenplicht"
                    ),
                    established_on=data.concluded_on,
                ),
                purpose,
            )
            fields["claim"] = claim
        _save(actor, policy, found, version, fields, purpose)
    return found


def investigates(actor: Any) -> bool:
    """Has the actor any grant that opens investigations (for the navigation)?"""
    return any(
        g.role_code in ENFORCEMENT_ROLES and g.max_level >= LEVEL
        for g in policy_for(actor).grants_for(Action.READ)
    )
