"""The demo organisation of the case tests, a decided bijstand case of a Vaals resident to
object to, and "today" pinned. Every date explicit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.cases import services as cases
from samen.cases.models import Case, Decision
from tests.cases import conftest as cases_conftest
from tests.cases.conftest import World

D = dt.date
world = cases_conftest.world  # the case tests' demo organisation, as a fixture here too
TODAY = D(2026, 11, 24)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Pin timezone.localdate() for the services (dates may not be in the future)."""

    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(TODAY)
    return pin


def decided_case(world: World, who: str = "vaals", user: str = "consulent.vaals") -> Decision:
    """A bijstand application of 2 February 2026, rejected on 20 February and announced the
    same day: the bezwaartermijn ends on Friday 3 April 2026, Good Friday, so after Easter
    Monday on Tuesday 7 April."""
    actor = world.user(user)
    case = cases.open_case(
        actor, cases.NewCase(world.persons[who].pk, world.bijstand.code, D(2026, 2, 2))
    )
    decision = cases.decide(
        actor,
        case.pk,
        cases.NewDecision(
            decision_type_code="pw-algemene-bijstand",
            outcome="afgewezen",
            decided_on=D(2026, 2, 20),
            reasoning="Uw vermogen is hoger dan de grens.",
        ),
    )
    cases.announce(actor, case.pk, on=D(2026, 2, 20))
    return decision


@pytest.fixture
def contested(world: World, today) -> Decision:  # noqa: ANN001
    return decided_case(world)


@pytest.fixture
def contested_case(contested: Decision) -> Case:
    return contested.case
