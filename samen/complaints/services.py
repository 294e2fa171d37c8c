"""Complaints (klachten, Awb titel 9.1): registering a complaint about how the organisation
behaved towards a resident, and reading complaints.

Every function takes the actor, goes through the one access policy (the complaint's own
municipality, domain and confidentiality) and records what it read or changed in the audit
trail. A complaint the actor may not read is :class:`NotVisible` (it looks like one that
does not exist); one the actor may read but not change is :class:`NotAllowed`; a stale
version is :class:`VersionConflict`; a rule of law is a ``ValidationError`` with a Dutch
message naming the field. Nothing is saved when any of these is raised. The rules
themselves are the pure :mod:`samen.complaints.rules`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.services import case_type_on
from samen.common.dates import long_date
from samen.complaints import letters, reference, rules
from samen.complaints.models import (
    MAX_BEHAVIOUR,
    MAX_NAME,
    Complaint,
    ReceivedVia,
)
from samen.organisation import services as organisation
from samen.organisation.models import Domain, Staff
from samen.people import services as people
from samen.people.services import NotAllowed, NotVisible, VersionConflict

__all__ = ["NotAllowed", "NotVisible", "VersionConflict"]


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------
def subject(complaint: Complaint) -> audit.Subject:
    return audit.Subject(
        object_type="klacht",
        object_id=complaint.reference,
        data_subject_id=complaint.person.bsn,
        municipality_code=complaint.municipality.cbs_code,
        domain_code=complaint.domain.code,
    )


def _complaints(policy: Policy, action: str) -> QuerySet[Complaint]:
    return policy.scope_records(
        Complaint.objects.select_related(
            "person", "municipality", "domain", "case_type", "official", "handler"
        ),
        action,
    )


def _staff(actor: Any) -> Staff | None:
    return getattr(actor, "staff", None)


def load(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Complaint]:
    """The complaint if the actor may perform ``action`` on it (the refusal audited). A
    change by the official complained about is refused too (Awb 9:7)."""
    policy = policy_for(actor)
    try:
        complaint = _complaints(policy, action).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _complaints(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject("klacht", str(pk)))
        if readable:
            raise NotAllowed("U mag deze klacht inzien maar niet wijzigen.") from None
        raise NotVisible("Klacht niet gevonden, of u heeft geen toegang.") from None
    if action == Action.CHANGE:
        staff = _staff(actor)
        try:
            rules.check_actor(staff.pk if staff else None, complaint.official_id)
        except rules.RuleError as error:
            audit.refused(actor, policy, purpose, subject(complaint))
            raise ValidationError(str(error), code="awb_9_7") from None
    return policy, complaint


def record(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    kind: str,
    complaints: list[Complaint],
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(c) for c in complaints],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def save(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    complaint: Complaint,
    version: int | None,
    fields: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """Optimistic locking and the audit of the changed fields (and ``extra`` changes)."""
    expected = complaint.version if version is None else version
    before = {name: getattr(complaint, name) for name in fields}
    updated = Complaint.objects.filter(pk=complaint.pk, version=expected).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft deze klacht intussen gewijzigd. Laad haar opnieuw en probeer "
            "het nog eens."
        )
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.version = expected + 1
    changed = {k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v}
    record(
        actor,
        policy,
        purpose,
        AuditEntry.Kind.UPDATE,
        [complaint],
        {"fields": changed, **(extra or {})},
    )


def not_future(errors: dict[str, str], field: str, day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{label} ligt in de toekomst."


def clean_text(errors: dict[str, str], field: str, value: str, limit: int, label: str) -> str:
    value = value.strip()
    if len(value) > limit:
        errors[field] = f"{label} is te lang: ten hoogste {limit} tekens."
    return value


def staff_by_number(number: str) -> Staff | None:
    return Staff.objects.select_related("user").filter(employee_number=number).first()


def check_handler(
    errors: dict[str, str], handler: Staff, official_id: int | None, complaint: Any
) -> None:
    """Awb 9:7, and a handler who may work on the complaint under the access policy."""
    try:
        rules.check_handler(handler.pk, official_id)
    except rules.RuleError as error:
        errors["handler"] = str(error)
        return
    if not policy_for(handler.user).allows(
        Action.CHANGE, complaint.municipality_id, complaint.domain_id, complaint.confidentiality
    ):
        errors["handler"] = (
            f"{handler.name} mag geen klachten van {complaint.municipality.name} in het domein "
            f"{complaint.domain.name} behandelen. Kies een andere behandelaar."
        )


def rule_on(day: dt.date) -> rules.ComplaintRule:
    found = reference.rule_on(day)
    if found is None:
        raise ValidationError(
            {"received_on": f"Er zijn geen klachtregels (artikel 9:8 Awb) op {long_date(day)}."}
        )
    return found


def facts(complaint: Complaint) -> rules.Facts:
    return rules.Facts(
        received_on=complaint.received_on,
        behaviour_on=complaint.behaviour_on,
        hearing_on=complaint.hearing_on,
        minutes=complaint.minutes,
        skipped=complaint.hearing_skipped,
    )


def findings(complaint: Complaint) -> list[str]:
    """What staff should know about the complaint (9:8 ground b, 9:8 lid 3, 9:10 lid 1)."""
    return rules.findings(
        facts(complaint),
        rule_on(complaint.received_on),
        outcome=complaint.outcome,
        concluded_on=complaint.concluded_on,
        official_named=complaint.official_id is not None,
        official_heard=complaint.official_heard,
    )


def postponements_of(complaint: Complaint) -> list[rules.Postponement]:
    return [
        rules.Postponement(p.weeks, p.notified_on, p.consented_on)
        for p in complaint.postponements.all()
    ]


# ---------------------------------------------------------------------------------------------
# Registering
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewComplaint:
    person_pk: int
    domain_code: str
    received_on: dt.date
    received_via: str
    behaviour: str
    behaviour_on: dt.date
    handler: str = ""  # personeelsnummer; empty: the actor
    official: str = ""  # personeelsnummer of the official complained about; empty: none
    committee: bool = False
    representative: str = ""


@dataclass
class _Place:
    """Where the complaint belongs, for the access check before it exists."""

    municipality_id: int
    domain_id: int
    confidentiality: int
    municipality: Any
    domain: Any


def register(actor: Any, data: NewComplaint, purpose: Purpose = Purpose.UITVOERING) -> Complaint:
    """Register a complaint (Awb 9:4) of a resident the actor may see, about a behaviour in a
    domain on behalf of the municipality the resident lived in on the day of the behaviour.
    The term comes from the catalogue (9:11), the handler is checked against 9:7."""
    view = people.get_person(actor, data.person_pk, purpose)  # scoped and audited
    person = view.person
    policy = policy_for(actor)
    errors: dict[str, str] = {}
    domain = Domain.objects.filter(code=data.domain_code).first()
    if domain is None:
        errors["domain"] = "Kies een domein."
    not_future(errors, "received_on", data.received_on, "De datum van ontvangst")
    not_future(errors, "behaviour_on", data.behaviour_on, "De datum van de gedraging")
    if data.behaviour_on > data.received_on and "behaviour_on" not in errors:
        errors["behaviour_on"] = "De gedraging ligt na de ontvangst van de klacht."
    if data.received_via not in ReceivedVia.values:
        errors["received_via"] = "Kies hoe de klacht binnenkwam."
    behaviour = clean_text(errors, "behaviour", data.behaviour, MAX_BEHAVIOUR, "De omschrijving")
    if not behaviour and "behaviour" not in errors:
        errors["behaviour"] = (
            "Beschrijf de gedraging waarover geklaagd wordt (artikel 9:4 lid 2 onder c Awb)."
        )
    representative = clean_text(
        errors, "representative", data.representative, MAX_NAME, "De naam van de gemachtigde"
    )
    handler = staff_by_number(data.handler) if data.handler else _staff(actor)
    if handler is None:
        errors["handler"] = (
            "Deze behandelaar is onbekend."
            if data.handler
            else ("Kies de behandelaar van de klacht.")
        )
    official = staff_by_number(data.official) if data.official else None
    if data.official and official is None:
        errors["official"] = "Deze medewerker is onbekend."
    municipality = people.responsible_municipality(person, data.behaviour_on)
    if municipality is None and "behaviour_on" not in errors:
        errors["behaviour_on"] = (
            f"Op {long_date(data.behaviour_on)} woonde de klager niet in een gemeente waarvoor "
            "wij werken. Klopt de datum van de gedraging?"
        )
    case_type = None
    if not errors:
        try:
            case_type = case_type_on(
                reference.CASE_TYPE_COMMITTEE if data.committee else reference.CASE_TYPE,
                data.received_on,
            )
        except ValidationError as error:
            errors["committee"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    assert domain is not None and municipality is not None and case_type is not None  # noqa: S101
    assert handler is not None  # noqa: S101  (checked above)
    place = _Place(municipality.pk, domain.pk, case_type.confidentiality, municipality, domain)
    if not policy.allows(Action.CHANGE, place.municipality_id, domain.pk, place.confidentiality):
        audit.refused(
            actor,
            policy,
            purpose,
            audit.Subject("klacht", "", person.bsn, municipality.cbs_code, domain.code),
        )
        raise NotAllowed(
            f"U mag geen klacht in het domein {domain.name} registreren voor een inwoner van "
            f"{municipality.name}."
        )
    answer = organisation.executes(municipality, domain, data.behaviour_on)
    if not answer:
        raise ValidationError({"domain": f"{answer.reason} De klacht is dan niet voor ons."})
    check_handler(errors, handler, official.pk if official else None, place)
    if errors:
        raise ValidationError(errors)
    term = rules.complaint_term(data.received_on, reference.term_rule(case_type))
    rule_on(data.received_on)  # the rules of 9:8 must exist for the day
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=f"tmp-{timezone.now().timestamp()}",
            person=person,
            representative=representative,
            municipality=municipality,
            domain=domain,
            confidentiality=place.confidentiality,
            case_type=case_type,
            committee=data.committee,
            received_on=data.received_on,
            received_via=data.received_via,
            behaviour=behaviour,
            behaviour_on=data.behaviour_on,
            official=official,
            handler=handler,
            deadline=term.due,
            deadline_explanation=list(term.explanation),
        )
        complaint.reference = f"{municipality.cbs_code}-{data.received_on.year}-K{complaint.pk:06d}"
        complaint.save(update_fields=["reference"])
        record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [complaint],
            {
                "fields": {
                    "behandelaar": [None, handler.employee_number],
                    "beklaagde": [None, official.employee_number if official else ""],
                    "uiterste_afhandeldatum": [None, term.due.isoformat()],
                }
            },
        )
        letters.acknowledge(actor, complaint, purpose)
        letters.copy_to_official(actor, complaint, purpose)
    return complaint


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def get_complaint(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Complaint:
    policy, complaint = load(actor, pk, purpose, Action.READ)
    record(actor, policy, purpose, AuditEntry.Kind.READ, [complaint])
    return complaint


def worklist(
    actor: Any,
    *,
    include_concluded: bool = False,
    offset: int = 0,
    limit: int = 200,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Complaint], int]:
    """The complaints the actor may read, earliest deadline first (open ones only, unless
    ``include_concluded``), and their total. Every complaint shown is audited."""
    policy = policy_for(actor)
    qs = _complaints(policy, Action.READ)
    if not include_concluded:
        qs = qs.filter(outcome="")
    total = qs.count()
    found = list(qs.order_by("deadline", "pk")[offset : offset + limit])
    if found:
        record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found, total


def complaints_of_person(
    actor: Any, person_pk: Any, purpose: Purpose = Purpose.UITVOERING
) -> list[Complaint]:
    """The complaints of one resident the actor may read, newest first; audited."""
    policy = policy_for(actor)
    try:
        found = list(
            _complaints(policy, Action.READ)
            .filter(person_id=person_pk)
            .order_by("-received_on", "-pk")[:200]
        )
    except (ValueError, TypeError):
        return []
    if found:
        record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found


def may_change(actor: Any, complaint: Complaint) -> bool:
    """Whether the page offers the steps: the policy allows changing, and the actor is not
    the official complained about (Awb 9:7)."""
    staff = _staff(actor)
    if staff is not None and staff.pk == complaint.official_id:
        return False
    return policy_for(actor).allows(
        Action.CHANGE, complaint.municipality_id, complaint.domain_id, complaint.confidentiality
    )


def handlers() -> QuerySet[Staff]:
    """The staff a form may offer as handler or as the official complained about (names
    and staff numbers, no personal data of residents)."""
    return Staff.objects.order_by("name")
