"""The demo organisation (six municipalities, the 2016 and 2026 mandate generations, teams,
functions and grants) with a handful of residents, for the case tests. Every date explicit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from samen.access.demo import load_grants
from samen.access.models import Grant, Role
from samen.access.policy import forget
from samen.cases.models import CaseType, TermUnit
from samen.organisation.demo import load_demo
from samen.organisation.models import DecisionType, Domain, Municipality
from samen.people.models import Address, Person

D = dt.date


@dataclass
class World:
    users: dict[str, Any]
    municipalities: dict[str, Municipality]
    persons: dict[str, Person]
    bijstand: CaseType
    wmo: CaseType

    def user(self, username: str) -> Any:
        user = self.users[username]
        forget(user)
        return user


def resident(bsn: str, name: str, municipality: Municipality, born: dt.date) -> Person:
    given, surname = name.split(" ", 1)
    person = Person.objects.create(bsn=bsn, given_names=given, surname=surname, birth_date=born)
    Address.objects.create(
        person=person,
        street="Kerkstraat",
        house_number="7",
        postal_code="6291 AB",
        city=municipality.name,
        municipality=municipality,
        valid_from=D(2010, 1, 1),
    )
    return person


def case_type(
    code: str, domain: str, name: str, decision_types: list[str], **extra: Any
) -> CaseType:
    created = CaseType.objects.create(
        code=code,
        domain=Domain.objects.get(code=domain),
        name=name,
        legal_basis=extra.pop("legal_basis", "artikel 43 Participatiewet"),
        term_amount=extra.pop("term_amount", 8),
        term_unit=extra.pop("term_unit", TermUnit.WEEKS),
        extension_amount=extra.pop("extension_amount", 6),
        valid_from=D(2015, 1, 1),
        **extra,
    )
    created.decision_types.set(DecisionType.objects.filter(code__in=decision_types))
    return created


@pytest.fixture
def world(db: None) -> World:
    load_demo()
    load_grants()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    # A Wmo consulent whose grant covers Meerssen too: the refusal for a Meerssen resident must
    # then come from the contracted tasks, not from the grant.
    wmo_user = get_user_model().objects.get(username="consulent.wmo")
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=wmo_user.staff,
        role=Role.objects.get(code="consulent"),
        max_confidentiality=4,
        valid_from=D(2016, 1, 1),
    )
    grant.municipalities.set([municipalities["Meerssen"]])
    grant.domains.set(Domain.objects.filter(code="wmo"))
    users = {u.username: u for u in get_user_model().objects.filter(staff__isnull=False)}
    persons = {
        "vaals": resident("999990019", "Anna Janssen", municipalities["Vaals"], D(1980, 5, 1)),
        "vaals_young": resident(
            "999990020", "Bas Hermans", municipalities["Vaals"], D(2002, 3, 10)
        ),
        "maastricht": resident(
            "999990032", "Carla Smeets", municipalities["Maastricht"], D(1975, 1, 2)
        ),
        "meerssen": resident(
            "999990044", "Dirk Vroemen", municipalities["Meerssen"], D(1950, 7, 7)
        ),
        "valkenburg": resident(
            "999990056", "Els Vluggen", municipalities["Valkenburg aan de Geul"], D(1948, 2, 2)
        ),
    }
    return World(
        users=users,
        municipalities=municipalities,
        persons=persons,
        bijstand=case_type(
            "test-algemene-bijstand",
            "participatiewet",
            "Aanvraag algemene bijstand",
            ["pw-algemene-bijstand"],
            youth_search_weeks=4,
        ),
        wmo=case_type(
            "test-wmo-aanvraag",
            "wmo",
            "Aanvraag Wmo-maatwerkvoorziening",
            ["wmo-maatwerkvoorziening"],
            legal_basis="artikel 2.3.5 Wmo 2015",
            term_amount=2,
        ),
    )
