"""Reading and changing persons: always through the one access policy, always audited.

Views, API, exports and commands call these functions; none of them queries ``Person``
itself. A person the actor may not see is reported as not found (existence must not leak),
and the refused attempt is itself audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry, Confidentiality
from samen.access.policy import Policy, Purpose, policy_for
from samen.organisation.models import Domain, Municipality
from samen.people.models import Address, Person, Registration


class NotVisible(ObjectDoesNotExist):
    """The person does not exist or the actor may not see it (deliberately the same)."""


class NotAllowed(PermissionError):
    """The actor may see the person but not do this (for example change it)."""


class VersionConflict(Exception):
    """Optimistic locking: the person was changed by someone else in the meantime."""


@dataclass(frozen=True)
class PersonView:
    """A person as one actor may see it: only the registrations in that actor's grants."""

    person: Person
    address: Address | None
    municipality: Municipality | None
    registrations: list[Registration] = field(default_factory=list)

    @property
    def domains(self) -> list[Domain]:
        seen: dict[int, Domain] = {}
        for registration in self.registrations:
            seen.setdefault(registration.domain_id, registration.domain)
        return list(seen.values())


def _current_address(person: Person, day: dt.date) -> Address | None:
    for address in person.addresses.all():  # prefetched
        if address.is_valid_on(day):
            return address
    return None


def responsible_municipality(person: Person, day: dt.date) -> Municipality | None:
    address = (
        Address.objects.valid_on(day).filter(person=person).select_related("municipality").first()
    )
    return address.municipality if address else None


def _queryset(policy: Policy, action: str) -> QuerySet[Person]:
    return policy.scope_persons(Person.objects.all(), action).prefetch_related(
        Prefetch("addresses", queryset=Address.objects.select_related("municipality")),
        Prefetch("registrations", queryset=Registration.objects.select_related("domain")),
    )


def _view(policy: Policy, person: Person, action: str) -> PersonView:
    address = _current_address(person, policy.day)
    municipality = address.municipality if address else None
    registrations = policy.visible_registrations(
        person,
        list(person.registrations.all()),
        action,
        municipality.pk if municipality else None,
    )
    return PersonView(person, address, municipality, registrations)


def _subjects(views: Sequence[PersonView]) -> list[audit.Subject]:
    return [
        audit.Subject(
            object_type="persoon",
            object_id=str(v.person.pk),
            data_subject_id=v.person.bsn,
            municipality_code=v.municipality.cbs_code if v.municipality else "",
            domain_code=",".join(sorted(d.code for d in v.domains)),
        )
        for v in views
    ]


def visible_to(actor: Any, purpose: Purpose, action: str = Action.READ) -> QuerySet[Person]:
    """The persons ``actor`` may see (or change, or export): the one scoped queryset.
    Callers that show the rows must audit them; prefer :func:`list_persons`."""
    return _queryset(policy_for(actor), action)


@dataclass(frozen=True)
class Page:
    items: list[PersonView]
    total: int


def list_persons(
    actor: Any,
    purpose: Purpose,
    *,
    search: str = "",
    offset: int = 0,
    limit: int = 50,
    action: str = Action.READ,
) -> Page:
    """A page of the persons the actor may see, optionally searched by BSN or name. Every
    person shown is audited."""
    policy = policy_for(actor)
    if not policy.grants_for(action):
        return Page([], 0)
    qs = _queryset(policy, action)
    search = search.strip()
    if search:
        if search.isdigit():
            qs = qs.filter(bsn=search)
        else:
            qs = qs.filter(Q(surname__icontains=search) | Q(given_names__icontains=search))
    total = qs.count()
    people = list(qs[offset : offset + limit])
    views = [_view(policy, p, action) for p in people]
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.EXPORT if action == Action.EXPORT else AuditEntry.Kind.LIST,
        subjects=_subjects(views),
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return Page(views, total)


def _refused(actor: Any, policy: Policy, purpose: Purpose, object_id: str, bsn: str = "") -> None:
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.REFUSED,
        subjects=[audit.Subject("persoon", object_id, data_subject_id=bsn)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )


def get_person(
    actor: Any, pk: int | str, purpose: Purpose, action: str = Action.READ
) -> PersonView:
    """One person, if the actor may see it; raises :class:`NotVisible` otherwise."""
    policy = policy_for(actor)
    try:
        person = _queryset(policy, action).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        _refused(actor, policy, purpose, str(pk))
        raise NotVisible("Persoon niet gevonden, of u heeft geen toegang.") from None
    view = _view(policy, person, action)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=_subjects([view]),
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return view


@dataclass(frozen=True)
class NewPerson:
    bsn: str
    given_names: str
    surname: str
    birth_date: dt.date
    street: str
    house_number: str
    postal_code: str
    city: str
    municipality: Municipality
    living_since: dt.date
    domain: Domain
    subject: str
    surname_prefix: str = ""
    confidentiality: int = Confidentiality.ZAAKVERTROUWELIJK


@transaction.atomic
def create_person(actor: Any, data: NewPerson, purpose: Purpose) -> PersonView:
    """Register a person with an address and a domain registration. The actor needs a grant
    to change data of that municipality and domain at that level."""
    policy = policy_for(actor)
    if not policy.allows(Action.CHANGE, data.municipality.pk, data.domain.pk, data.confidentiality):
        raise NotAllowed(
            f"U mag geen persoon vastleggen voor {data.municipality.name} in het domein "
            f"{data.domain.name}."
        )
    if Person.objects.filter(bsn=data.bsn).exists():
        raise ValidationError(
            {"bsn": "Er is al een persoon met dit BSN; een persoon komt maar één keer voor."},
            code="duplicate_bsn",
        )
    person = Person(
        bsn=data.bsn,
        given_names=data.given_names,
        surname=data.surname,
        surname_prefix=data.surname_prefix,
        birth_date=data.birth_date,
    )
    person.full_clean()
    person.save()
    address = Address(
        person=person,
        street=data.street,
        house_number=data.house_number,
        postal_code=data.postal_code,
        city=data.city,
        municipality=data.municipality,
        valid_from=data.living_since,
    )
    address.full_clean()
    address.save()
    registration = Registration(
        person=person,
        domain=data.domain,
        subject=data.subject,
        confidentiality=data.confidentiality,
        registered_on=timezone.localdate(),
    )
    registration.full_clean()
    registration.save()
    view = PersonView(person, address, data.municipality, [registration])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=_subjects([view]),
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={
            "fields": {
                "bsn": [None, person.bsn],
                "given_names": [None, person.given_names],
                "surname_prefix": [None, person.surname_prefix],
                "surname": [None, person.surname],
                "birth_date": [None, person.birth_date.isoformat()],
                "address": [None, str(address)],
                "municipality": [None, data.municipality.cbs_code],
                "registration": [None, f"{data.domain.code}: {data.subject}"],
            }
        },
    )
    return view


CHANGEABLE = ("given_names", "surname_prefix", "surname", "birth_date")


def change_person(
    actor: Any, pk: int | str, changes: dict[str, Any], *, expected_version: int, purpose: Purpose
) -> PersonView:
    """Change a person's names or birth date. ``expected_version`` is the version the actor
    saw: if someone else changed the person since, :class:`VersionConflict` is raised and
    nothing is saved."""
    try:
        return _change_person(
            actor, pk, changes, expected_version=expected_version, purpose=purpose
        )
    except NotVisible:
        # Recorded here, outside the transaction that the refusal rolls back.
        _refused(actor, policy_for(actor), purpose, str(pk))
        raise


@transaction.atomic
def _change_person(
    actor: Any, pk: int | str, changes: dict[str, Any], *, expected_version: int, purpose: Purpose
) -> PersonView:
    policy = policy_for(actor)
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(
            dict.fromkeys(sorted(unknown), "Dit gegeven kan hier niet worden gewijzigd.")
        )
    try:
        person = _queryset(policy, Action.CHANGE).select_for_update(of=("self",)).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        if _queryset(policy, Action.READ).filter(pk=pk).exists():
            raise NotAllowed("U mag deze persoon inzien maar niet wijzigen.") from None
        raise NotVisible("Persoon niet gevonden, of u heeft geen toegang.") from None
    if person.version != expected_version:
        raise VersionConflict(
            "Deze persoon is intussen door iemand anders gewijzigd. Laad de gegevens opnieuw "
            "en breng uw wijziging dan opnieuw aan."
        )
    diff = {}
    for name, value in changes.items():
        old = getattr(person, name)
        if old != value:
            diff[name] = [
                old.isoformat() if isinstance(old, dt.date) else old,
                value.isoformat() if isinstance(value, dt.date) else value,
            ]
            setattr(person, name, value)
    view = _view(policy, person, Action.CHANGE)
    if not diff:
        return view
    person.full_clean()
    person.version += 1
    person.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=_subjects([view]),
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": diff},
    )
    return view
