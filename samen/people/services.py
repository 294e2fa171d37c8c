"""Reading and changing persons: always through the one access policy, always audited.

Views, API, exports and commands call these functions; none of them queries ``Person``
itself. A person the actor may not see is reported as not found (existence must not leak),
and the refused attempt is itself audited.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
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


# The attributes the prefetches fill: a plain list per person. A prefetch into the related
# manager's cache (without ``to_attr``) builds a filtered queryset for every person, which
# cost more than the whole query of a 50-person page (bench/load.py).
ADDRESSES = "prefetched_addresses"
REGISTRATIONS = "prefetched_registrations"


def _prefetches(prefix: str = "") -> list[Prefetch]:
    return [
        Prefetch(
            f"{prefix}addresses",
            queryset=Address.objects.select_related("municipality"),
            to_attr=ADDRESSES,
        ),
        Prefetch(
            f"{prefix}registrations",
            queryset=Registration.objects.select_related("domain"),
            to_attr=REGISTRATIONS,
        ),
    ]


def _addresses(person: Person) -> list[Address]:
    found = getattr(person, ADDRESSES, None)
    if found is None:
        found = list(person.addresses.select_related("municipality"))
    return list(found)


def _registrations(person: Person) -> list[Registration]:
    found = getattr(person, REGISTRATIONS, None)
    if found is None:
        found = list(person.registrations.select_related("domain"))
    return list(found)


def _current_address(person: Person, day: dt.date) -> Address | None:
    for address in _addresses(person):  # prefetched
        if address.is_valid_on(day):
            return address
    return None


def responsible_municipality(person: Person, day: dt.date) -> Municipality | None:
    address = (
        Address.objects.valid_on(day).filter(person=person).select_related("municipality").first()
    )
    return address.municipality if address else None


def _queryset(policy: Policy, action: str) -> QuerySet[Person]:
    return policy.scope_persons(Person.objects.all(), action).prefetch_related(*_prefetches())


def _view(policy: Policy, person: Person, action: str) -> PersonView:
    address = _current_address(person, policy.day)
    municipality = address.municipality if address else None
    registrations = policy.visible_registrations(
        person,
        _registrations(person),
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
    else:
        total = policy.count_persons(action)
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
    audit.refused(actor, policy, purpose, audit.Subject("persoon", object_id, data_subject_id=bsn))


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


# The answers to a registration with a BSN that is already known. A person the actor may
# see gets a clear answer: the actor knows the person exists and should open it. Every other
# known BSN that cannot be registered here gets one and the same answer, whatever the reason,
# so that it says nothing about whether, where or as whom the BSN is known.
ALREADY_VISIBLE = (
    "Er is al een persoon met dit BSN; een persoon komt maar één keer voor. Zoek op dit BSN "
    "bij Personen en open die persoon."
)
NOT_REGISTRABLE = (
    "Met dit BSN kan hier geen persoon worden ingeschreven. Controleer het BSN, de naam, de "
    "geboortedatum en het adres."
)
REGISTRATION = "inschrijving"  # audit object type of a registration added to a known person


class _NotRegistrable(Exception):
    """Raised inside the registration's transaction when a BSN known outside the actor's
    scope cannot be attached, so that nothing is saved; :func:`create_person` records it and
    answers :data:`NOT_REGISTRABLE`. ``reasons`` are for the officer only."""

    def __init__(
        self, person: Person, responsible: Municipality | None, reasons: list[str]
    ) -> None:
        super().__init__(NOT_REGISTRABLE)
        self.person = person
        self.responsible = responsible
        self.reasons = reasons


def _name_key(prefix: str, surname: str) -> str:
    """A surname as compared when a known BSN is registered again: prefix and surname as one
    text (so "van" + "Dijk" equals "" + "van Dijk"), Unicode-normalised, casefolded, with
    whitespace collapsed."""
    text = unicodedata.normalize("NFKC", f"{prefix} {surname}")
    return " ".join(text.casefold().split())


def create_person(actor: Any, data: NewPerson, purpose: Purpose) -> PersonView:
    """Register a person with an address and a domain registration. The actor needs a grant
    to change data of that municipality and domain at that level (:class:`NotAllowed`).

    For a BSN that is already known:

    - the actor may see the person: a :class:`ValidationError` on ``bsn`` that says so
      (:data:`ALREADY_VISIBLE`);
    - the actor may not see the person, but it lives in the stated municipality today, the
      stated surname and birth date are the stored ones and it has no registration in the
      domain yet: the registration is added to that person (names and address stay as
      stored) and the answer is that of a new registration;
    - otherwise one generic :class:`ValidationError` on ``bsn`` (:data:`NOT_REGISTRABLE`),
      the same for every reason; nothing is saved and the attempt is audited as refused.
    """
    try:
        return _create_person(actor, data, purpose)
    except _NotRegistrable as refusal:
        # Recorded here, outside the transaction that the refusal rolls back.
        _refused_registration(actor, data, purpose, refusal)
        raise ValidationError({"bsn": NOT_REGISTRABLE}, code="not_registrable") from None
    except IntegrityError:
        # Someone registered the same BSN at the same moment: the unique index refused the
        # second. The answer must not say so either.
        raise ValidationError({"bsn": NOT_REGISTRABLE}, code="not_registrable") from None


@transaction.atomic
def _create_person(actor: Any, data: NewPerson, purpose: Purpose) -> PersonView:
    policy = policy_for(actor)
    if not policy.allows(Action.CHANGE, data.municipality.pk, data.domain.pk, data.confidentiality):
        raise NotAllowed(
            f"U mag geen persoon vastleggen voor {data.municipality.name} in het domein "
            f"{data.domain.name}."
        )
    known = Person.objects.select_for_update().filter(bsn=data.bsn).first()
    if known is not None:
        if policy.scope_persons(Person.objects.filter(pk=known.pk), Action.READ).exists():
            raise ValidationError({"bsn": ALREADY_VISIBLE}, code="duplicate_bsn")
        return _add_registration(actor, policy, known, data, purpose)
    person = Person(
        bsn=data.bsn,
        given_names=data.given_names,
        surname=data.surname,
        surname_prefix=data.surname_prefix,
        birth_date=data.birth_date,
    )
    person.full_clean(validate_unique=False)  # the index decides; see above
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
    registration = _new_registration(person, data)
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


def _new_registration(person: Person, data: NewPerson) -> Registration:
    registration = Registration(
        person=person,
        domain=data.domain,
        subject=data.subject,
        confidentiality=data.confidentiality,
        registered_on=timezone.localdate(),
    )
    registration.full_clean()
    registration.save()
    return registration


# What a registration states about a known person that is kept as stored when it differs (a
# surname may differ in case or spacing only); only the field names go into the audit trail.
STATED_PERSON = ("given_names", "surname_prefix", "surname")
STATED_ADDRESS = ("street", "house_number", "postal_code", "city")


def _add_registration(
    actor: Any, policy: Policy, person: Person, data: NewPerson, purpose: Purpose
) -> PersonView:
    """A BSN known outside the actor's scope: add the registration to that person if it
    lives in the stated municipality on the policy's day, the identity matches and it has no
    registration in the domain yet; raise :class:`_NotRegistrable` otherwise. The actor's
    right to change for the stated municipality, domain and level was checked before."""
    address = (
        Address.objects.valid_on(policy.day)
        .filter(person=person)
        .select_related("municipality")
        .first()
    )
    responsible = address.municipality if address else None
    reasons = []
    if responsible is None or responsible.pk != data.municipality.pk:
        reasons.append("municipality")
    if _name_key(person.surname_prefix, person.surname) != _name_key(
        data.surname_prefix, data.surname
    ):
        reasons.append("surname")
    if person.birth_date != data.birth_date:
        reasons.append("birth_date")
    if Registration.objects.filter(person=person, domain=data.domain).exists():
        reasons.append("registration")
    if reasons or address is None:
        raise _NotRegistrable(person, responsible, reasons)
    responsible = address.municipality
    registration = _new_registration(person, data)
    kept = [name for name in STATED_PERSON if getattr(person, name) != getattr(data, name)]
    kept += [name for name in STATED_ADDRESS if getattr(address, name) != getattr(data, name)]
    if address.valid_from != data.living_since:
        kept.append("living_since")
    registrations = Registration.objects.filter(person=person).select_related("domain")
    view = PersonView(
        person,
        address,
        responsible,
        policy.visible_registrations(person, list(registrations), Action.READ, responsible.pk),
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[
            audit.Subject(
                object_type=REGISTRATION,
                object_id=str(registration.pk),
                data_subject_id=person.bsn,
                municipality_code=responsible.cbs_code,
                domain_code=data.domain.code,
            )
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={
            "fields": {"registration": [None, f"{data.domain.code}: {data.subject}"]},
            "added_to_existing_person": person.pk,
            # Stated differently from what is stored, and not taken over: names only.
            "stated_but_kept": kept,
        },
    )
    return view


def _refused_registration(
    actor: Any, data: NewPerson, purpose: Purpose, refusal: _NotRegistrable
) -> None:
    """The audit entry of a refused registration of a known BSN, for the data-protection
    officer: object type ``inschrijving``, the BSN, the stated municipality and domain.

    The actor sees their own entries on "Mijn toegang" (object, BSN, municipality, domain
    and the names under ``changes["fields"]``). So the visible columns hold only what the
    actor stated and are the same for every reason; the person's responsible municipality,
    the person's id and the reasons are kept in ``changes["refusal"]``, which no screen
    shows."""
    policy = policy_for(actor)
    responsible = refusal.responsible
    if responsible is None:  # no address on the day: the municipality of the latest one
        latest = (
            Address.objects.filter(person=refusal.person)
            .select_related("municipality")
            .order_by("-valid_from")
            .first()
        )
        responsible = latest.municipality if latest else None
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.REFUSED,
        subjects=[
            audit.Subject(
                object_type=REGISTRATION,
                object_id="",
                data_subject_id=data.bsn,
                municipality_code=data.municipality.cbs_code,
                domain_code=data.domain.code,
            )
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={
            "fields": {},
            "refusal": {
                "reasons": refusal.reasons,
                "person": refusal.person.pk,
                "responsible_municipality": responsible.cbs_code if responsible else "",
            },
        },
    )


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
        if str(pk).isdigit() and _queryset(policy, Action.READ).filter(pk=pk).exists():
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
