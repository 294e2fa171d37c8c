"""Test data for the person and supervision screens: two municipalities, staff with grants and
persons with addresses and registrations. A plain builder (no fixtures), shared by the web,
access and browser tests; every date is explicit.

- ``consulent``: consulent for Vaals, Participatiewet only (zaakvertrouwelijk).
- ``toetser``: toetser for Vaals, Participatiewet (reads, never changes).
- ``fg``: functionaris gegevensbescherming for all municipalities, no domains.
- ``nobody``: a staff member without any grant.
- ``anna``: lives in Vaals, known in Participatiewet and Wmo (Wmo must stay hidden from the
  Participatiewet consulent).
- ``bert``: lives in Vaals, Participatiewet only.
- ``carla``: lives in Maastricht, Participatiewet (outside the consulent's municipality).
- ``dirk``: lives in Vaals, only a confidential fraud investigation (vertrouwelijk), so hidden
  from an ordinary consulent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from samen.access.models import Confidentiality, Grant, Role
from samen.access.policy import forget
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Address, Person, Registration
from tests import factories

D = dt.date
PASSWORD = "Privacy-wachtwoord-2026"  # noqa: S105
SINCE = D(2020, 1, 1)
Z = Confidentiality.ZAAKVERTROUWELIJK
V = Confidentiality.VERTROUWELIJK

# Valid test BSNs (elfproef), and one that fails it.
ANNA_BSN = "999990019"
BERT_BSN = "999990020"
CARLA_BSN = "999990032"
DIRK_BSN = "999990044"
NEW_BSN = "999990056"
INVALID_BSN = "123456789"


@dataclass
class Privacy:
    vaals: Municipality
    maastricht: Municipality
    participatiewet: Domain
    wmo: Domain
    consulent: Any
    toetser: Any
    fg: Any
    nobody: Any
    anna: Person
    bert: Person
    carla: Person
    dirk: Person


def staff_user(username: str, name: str, employer: Municipality) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Staff.objects.create(user=user, employee_number=username[:20], name=name, employer=employer)
    return user


def give(
    user: Any,
    role: str,
    municipalities: list[Municipality],
    domains: list[Domain],
    level: int = Z,
) -> Grant:
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=user.staff,
        role=Role.objects.get(code=role),
        max_confidentiality=level,
        valid_from=SINCE,
    )
    grant.municipalities.set(municipalities)
    grant.domains.set(domains)
    forget(user)
    return grant


def person(
    bsn: str,
    given_names: str,
    surname: str,
    municipality: Municipality,
    registrations: list[tuple[Domain, int, str]],
) -> Person:
    created = Person.objects.create(
        bsn=bsn, given_names=given_names, surname=surname, birth_date=D(1980, 5, 1)
    )
    Address.objects.create(
        person=created,
        street="Kerkstraat",
        house_number="12",
        postal_code="6291 AB",
        city=municipality.name,
        municipality=municipality,
        valid_from=SINCE,
    )
    for domain, level, subject in registrations:
        Registration.objects.create(
            person=created,
            domain=domain,
            subject=subject,
            confidentiality=level,
            registered_on=SINCE,
        )
    return created


def build() -> Privacy:
    vaals = factories.MunicipalityFactory(cbs_code="GM0981", name="Vaals")
    maastricht = factories.MunicipalityFactory(cbs_code="GM0935", name="Maastricht")
    pw = factories.DomainFactory(code="participatiewet")
    wmo = factories.DomainFactory(code="wmo")

    consulent = staff_user("consulent.vaals", "Bram Peters", maastricht)
    give(consulent, "consulent", [vaals], [pw])
    toetser = staff_user("toetser.vaals", "Tineke Toets", maastricht)
    give(toetser, "toetser", [vaals], [pw])
    fg = staff_user("fg", "Femke Gerritsen", maastricht)
    give(fg, "fg", [vaals, maastricht], [], Confidentiality.OPENBAAR)
    nobody = staff_user("zonder.rol", "Nina Niemand", maastricht)

    return Privacy(
        vaals=vaals,
        maastricht=maastricht,
        participatiewet=pw,
        wmo=wmo,
        consulent=consulent,
        toetser=toetser,
        fg=fg,
        nobody=nobody,
        anna=person(
            ANNA_BSN,
            "Anna",
            "Janssen",
            vaals,
            [(pw, Z, "Algemene bijstand"), (wmo, Z, "Huishoudelijke hulp")],
        ),
        bert=person(BERT_BSN, "Bert", "Hermans", vaals, [(pw, Z, "Algemene bijstand")]),
        carla=person(CARLA_BSN, "Carla", "Smeets", maastricht, [(pw, Z, "Algemene bijstand")]),
        dirk=person(DIRK_BSN, "Dirk", "Vroemen", vaals, [(pw, V, "Fraudeonderzoek")]),
    )
