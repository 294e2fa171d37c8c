"""The demo organisation of the case tests with a review rule (a consulent's decision on
algemene bijstand needs review from 1 January 2026), a Maastricht-only reviewer, a decided
but unannounced bijstand case of a Vaals resident, and "today" pinned. Every date explicit.

The case tests' world has no review rule (migration ``review/0002`` writes the default only
where the functions exist): these tests opt in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from samen.cases import services as cases
from samen.cases.models import Decision
from samen.organisation.models import DecisionType, Function, Staff
from samen.review.models import ReviewRule
from tests.cases import conftest as cases_conftest
from tests.cases.conftest import World
from tests.cases.teams import staff_in

D = dt.date
TODAY = D(2026, 11, 24)
world = cases_conftest.world  # the case tests' demo organisation, as a fixture here too


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(TODAY)
    return pin


def rule(valid_from: dt.date = D(2026, 1, 1), function: str = "consulent") -> ReviewRule:
    return ReviewRule.objects.create(
        decision_type=DecisionType.objects.get(code="pw-algemene-bijstand"),
        function=Function.objects.get(code=function),
        valid_from=valid_from,
        required=True,
        source="Werkinstructie toetsing (test)",
    )


def reviewer_for_maastricht() -> Staff:
    """A reviewer whose grant covers Maastricht only."""
    staff = staff_in("Team Bezwaar en Kwaliteit", "toetser", ["GM0935"], "Mia Maas", role="toetser")
    staff.user.groups.add(Group.objects.get(name="Toetser"))
    return staff


@pytest.fixture
def office(world: World, today) -> World:  # noqa: ANN001
    rule()
    maas = reviewer_for_maastricht()
    world.users["toetser.maastricht"] = maas.user
    return world


def decided(world: World, on: dt.date = D(2026, 2, 20), user: str = "consulent.vaals") -> Decision:
    """A bijstand application of Anna Janssen (Vaals) of 2 February 2026, rejected on ``on``
    by the Vaals consulent, not yet announced."""
    actor = world.user(user)
    case = cases.open_case(
        actor, cases.NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 2, 2))
    )
    return cases.decide(
        actor,
        case.pk,
        cases.NewDecision(
            decision_type_code="pw-algemene-bijstand",
            outcome="afgewezen",
            decided_on=on,
            reasoning="Uw vermogen is hoger dan de grens.",
        ),
    )


@pytest.fixture
def decision(office: World) -> Decision:
    return decided(office)
