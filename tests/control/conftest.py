"""The demo organisation and grants (the internal controller Ingrid Wolfs holds the role
interne-controle for every municipality), a controller for Maastricht only, and a
hand-built population: decisions and paid payment lines of Vaals and Maastricht in the first
half of 2026. Every date explicit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samen.access.demo import load_grants
from samen.access.models import Grant, Role
from samen.access.policy import forget
from samen.cases.models import Decision
from samen.income.models import PaymentLine, PaymentRun
from samen.organisation.demo import load_demo
from samen.organisation.models import Domain, Municipality
from samen.steering import demo as steering_demo
from tests.factories import StaffFactory
from tests.steering import data

D = dt.date
VAALS = "GM0981"
MAASTRICHT = "GM0935"
TODAY = D(2026, 7, 15)


@dataclass
class World:
    municipalities: dict[str, Municipality]
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    lines: dict[str, list[PaymentLine]] = field(default_factory=dict)

    def user(self, username: str) -> Any:
        user = get_user_model().objects.get(username=username)
        forget(user)
        return user


def _lines(municipality: Municipality, count: int, month: dt.date, released: bool) -> list[Any]:
    benefits = [data.benefit(municipality, D(2025, 1, 1)) for _ in range(count)]
    run, _ = PaymentRun.objects.get_or_create(month=month, defaults={"status": "gereed"})
    made = [
        PaymentLine.objects.create(
            run=run, benefit=b, month=month, amount=Decimal("1000.00"), calculation={}
        )
        for b in benefits
    ]
    if released:
        releaser = get_user_model().objects.order_by("pk").first()
        moment = timezone.make_aware(dt.datetime.combine(month, dt.time(10, 0)))
        PaymentRun.objects.filter(pk=run.pk).update(released_at=moment, released_by=releaser)
    return made


@pytest.fixture
def world(db: None) -> World:
    load_demo()
    load_grants()
    steering_demo.load()
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    made = World(municipalities=municipalities)
    for code, count in ((VAALS, 30), (MAASTRICHT, 8)):
        m = municipalities[code]
        decided = [
            data.decide(
                data.case(m, "pw-aanvraag-algemene-bijstand", decided=D(2026, 1 + n % 6, 10)),
                "toegekend",
            )
            for n in range(count)
        ]
        decided.append(
            data.decide(
                data.case(m, "bijzondere-bijstand-aanvraag", decided=D(2026, 3, 3)), "toegekend"
            )
        )
        # outside the period: never in the population
        data.decide(
            data.case(m, "pw-aanvraag-algemene-bijstand", decided=D(2026, 7, 2)), "afgewezen"
        )
        made.decisions[code] = decided
    # March (one run, released after its lines): 40 Vaals and 5 Maastricht lines paid.
    # April: a run not released, so not paid...
    made.lines[VAALS] = _lines(municipalities[VAALS], 40, D(2026, 3, 1), released=False)
    made.lines[MAASTRICHT] = _lines(municipalities[MAASTRICHT], 5, D(2026, 3, 1), released=True)
    _lines(municipalities[VAALS], 3, D(2026, 4, 1), released=False)
    return made


@pytest.fixture
def controller(world: World) -> Any:
    return world.user("internecontrole")


@pytest.fixture
def maastricht_controller(world: World) -> Any:
    staff = StaffFactory(name="Controleur Maastricht")
    grant = Grant.objects.create(
        staff=staff,
        role=Role.objects.get(code="interne-controle"),
        max_confidentiality=5,
        valid_from=D(2016, 1, 1),
        status=Grant.Status.APPROVED,
        decided_at=timezone.now(),
    )
    grant.municipalities.set([world.municipalities[MAASTRICHT]])
    grant.domains.set(Domain.objects.all())
    forget(staff.user)
    return staff.user
