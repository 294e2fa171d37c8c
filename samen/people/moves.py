"""A change of address (verhuizing): through the one access policy, audited, by date.

An address is a validity period. A move ends the address valid the day before the moving
date on that day and starts the new one on the moving date, open-ended. The municipality of
the new address is the responsible college from the moving date on, so from that day the
policy (``Policy.scope_persons``, which reads the address valid on its day) lets the new
municipality's staff see the person and no longer the old municipality's; before that day
nothing changes. Cases keep the municipality on whose behalf they were handled
(``Case.municipality``), so a case decided by Maastricht stays Maastricht's.

A move is refused when the new municipality has, on the moving date, one of the domains in
which the person is registered not executed by us (``organisation.services.executes``):
otherwise that registration would belong to a college that never gave us the task. A move out
of the region is therefore not recorded here; the dossier is transferred or closed first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common.dates import long_date
from samen.organisation import services as organisation
from samen.organisation.models import Municipality
from samen.people.models import Address, Person, Registration
from samen.people.services import (
    NotAllowed,
    NotVisible,
    PersonView,
    VersionConflict,
    _queryset,
    _refused,
    _subjects,
    _view,
)

__all__ = ["Move", "NewAddress", "move_person"]

# How far ahead a move may be recorded (an announced move); further is a typing error.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class NewAddress:
    street: str
    house_number: str
    postal_code: str
    city: str
    municipality: Municipality
    moved_on: dt.date  # the first day at the new address


@dataclass(frozen=True)
class Move:
    """What a move did: the address ended (if any), the new address, the person as the
    actor may see it today (the actor may no longer see them once the move took effect)."""

    person: Person
    ended: Address | None
    address: Address
    view: PersonView | None


def move_person(
    actor: Any, pk: int | str, new: NewAddress, *, expected_version: int, purpose: Purpose
) -> Move:
    """Record that person ``pk`` lives at ``new`` from ``new.moved_on``.

    The actor must be allowed to change the person today (:class:`NotVisible` when they may
    not see them, :class:`NotAllowed` when they may only read). ``expected_version`` is the
    person's version the actor saw (:class:`VersionConflict`). A Dutch
    :class:`ValidationError` naming the field refuses a moving date on or before the start of
    the latest address, too far ahead, before the birth date, or a municipality that does not
    have all the person's domains executed by us on that date. Nothing is saved then."""
    try:
        return _move(actor, pk, new, expected_version=expected_version, purpose=purpose)
    except NotVisible:
        # Recorded here, outside the transaction that the refusal rolls back.
        _refused(actor, policy_for(actor), purpose, str(pk))
        raise


def _refuse_domains(person: Person, municipality: Municipality, day: dt.date) -> None:
    registrations = Registration.objects.filter(person=person).select_related("domain")
    missing = []
    for registration in registrations:
        if not organisation.executes(municipality, registration.domain, day):
            missing.append(registration.domain.name)
    if missing:
        raise ValidationError(
            {
                "municipality": (
                    f"{municipality.name} laat {', '.join(sorted(set(missing)))} op "
                    f"{long_date(day)} niet door ons uitvoeren. Deze verhuizing kan hier niet "
                    "worden vastgelegd; draag het dossier over of sluit het af."
                )
            },
            code="not_executed",
        )


@transaction.atomic
def _move(
    actor: Any, pk: int | str, new: NewAddress, *, expected_version: int, purpose: Purpose
) -> Move:
    policy = policy_for(actor)
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
    before = _view(policy, person, Action.CHANGE)
    day = new.moved_on
    if day < person.birth_date:
        raise ValidationError(
            {"moved_on": "De verhuisdatum ligt vóór de geboortedatum."}, code="before_birth"
        )
    if day > policy.day + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            {"moved_on": "De verhuisdatum ligt meer dan een jaar in de toekomst."},
            code="too_far_ahead",
        )
    latest = Address.objects.filter(person=person).order_by("-valid_from").first()
    if latest is not None and latest.valid_from >= day:
        raise ValidationError(
            {
                "moved_on": (
                    f"De verhuisdatum moet na {long_date(latest.valid_from)} liggen, de "
                    "ingangsdatum van het laatste adres."
                )
            },
            code="before_latest",
        )
    _refuse_domains(person, new.municipality, day)
    ended = None
    if latest is not None and (latest.valid_until is None or latest.valid_until >= day):
        latest.valid_until = day - dt.timedelta(days=1)
        latest.full_clean()
        latest.save(update_fields=["valid_until"])
        ended = latest
    address = Address(
        person=person,
        street=new.street,
        house_number=new.house_number,
        postal_code=new.postal_code,
        city=new.city,
        municipality=new.municipality,
        valid_from=day,
    )
    address.full_clean()
    address.save()
    person.version += 1
    person.save(update_fields=["version", "updated_at"])
    old_municipality = latest.municipality.cbs_code if latest else None
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=_subjects([before]),
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={
            "fields": {
                "address": [str(latest) if latest else None, str(address)],
                "municipality": [old_municipality, new.municipality.cbs_code],
            },
            "moved_on": day.isoformat(),
            "ended_address_until": ended.valid_until.isoformat() if ended else None,
        },
    )
    visible = _queryset(policy, Action.READ).filter(pk=person.pk).first()
    return Move(person, ended, address, _view(policy, visible, Action.READ) if visible else None)
