"""The demo organisation of the case tests, its residents known in the Participatiewet (so
the people app lets staff find them), and "today" pinned. Every date explicit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from samen.complaints import services
from samen.complaints.models import Complaint
from samen.organisation.models import Domain
from samen.people.models import Registration
from tests.cases import conftest as cases_conftest
from tests.cases.conftest import World

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Pin timezone.localdate() for the services (dates may not be in the future)."""

    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(TODAY)
    return pin


world = cases_conftest.world  # the case tests' demo organisation, as a fixture here too


@pytest.fixture
def office(world: World, today) -> World:  # noqa: ANN001
    """The demo organisation with its residents registered in the Participatiewet."""
    participatiewet = Domain.objects.get(code="participatiewet")
    for person in world.persons.values():
        Registration.objects.create(
            person=person,
            domain=participatiewet,
            subject="Algemene bijstand",
            registered_on=D(2020, 1, 1),
        )
    return world


def number(world: World, username: str) -> str:
    """The personeelsnummer of a demo user."""
    return world.users[username].staff.employee_number


def register(world: World, user: str = "jurist", **extra: Any) -> Complaint:
    """Anna Janssen of Vaals complains on 10 February 2026 (a Tuesday) about a rude phone
    call by the Vaals consulent on 2 February; the jurist handles it."""
    data: dict[str, Any] = {
        "person_pk": world.persons["vaals"].pk,
        "domain_code": "participatiewet",
        "received_on": D(2026, 2, 10),
        "received_via": "post",
        "behaviour": "De consulent was onvriendelijk aan de telefoon en hing op.",
        "behaviour_on": D(2026, 2, 2),
        "handler": number(world, "jurist"),
        "official": number(world, "consulent.vaals"),
        **extra,
    }
    return services.register(world.user(user), services.NewComplaint(**data))
