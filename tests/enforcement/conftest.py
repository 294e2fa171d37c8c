"""The case tests' demo organisation, its residents known in the Participatiewet, two Vaals
benefits, the fixed consulent of Anna Janssen, and "today" pinned. Every date explicit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from samen.cases.models import Assignment
from samen.income.models import Benefit, BenefitFact
from samen.organisation.models import Domain
from samen.people.models import Registration
from tests.cases import conftest as cases_conftest
from tests.cases.conftest import World

D = dt.date
TODAY = D(2026, 11, 24)
IBAN = "NL91ABNA0417164300"
ANNA = "999990019"  # Vaals, benefit from 1 January 2026, fixed consulent consulent.vaals
BAS = "999990020"  # Vaals, benefit January to March 2026 only
CARLA = "999990032"  # Maastricht, no benefit

world = cases_conftest.world


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(TODAY)
    return pin


@dataclass
class Office:
    world: World
    anna: Benefit
    bas: Benefit

    def user(self, name: str):  # noqa: ANN201
        return self.world.user(name)


def benefit(person, municipality, start, end=None, facts=None) -> Benefit:  # noqa: ANN001
    created = Benefit.objects.create(
        person=person,
        municipality=municipality,
        domain=Domain.objects.get(code="participatiewet"),
        iban=IBAN,
        start_date=start,
        end_date=end,
        status=Benefit.Status.ENDED if end else Benefit.Status.ACTIVE,
    )
    BenefitFact.objects.create(benefit=created, valid_from=start, facts=facts or {})
    return created


@pytest.fixture
def office(world: World, today) -> Office:  # noqa: ANN001
    participatiewet = Domain.objects.get(code="participatiewet")
    for person in world.persons.values():
        Registration.objects.create(
            person=person,
            domain=participatiewet,
            subject="Algemene bijstand",
            registered_on=D(2020, 1, 1),
        )
    vaals = world.municipalities["Vaals"]
    anna = benefit(
        world.persons["vaals"],
        vaals,
        D(2026, 1, 1),
        facts={"medebewoners": [{"geboortedatum": "1990-01-01"}]},
    )
    bas = benefit(world.persons["vaals_young"], vaals, D(2026, 1, 1), D(2026, 3, 31))
    Assignment.objects.create(
        person=world.persons["vaals"],
        domain=participatiewet,
        staff=world.users["consulent.vaals"].staff,
        valid_from=D(2025, 1, 1),
    )
    return Office(world, anna, bas)


def csv_file(header: str, *lines: str) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


DETENTIE = "bsn;begindatum;einddatum;inrichting"
