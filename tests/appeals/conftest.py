"""The case tests' demo organisation and the objection tests' decided bijstand case of a Vaals
resident, with an objection against it decided ongegrond on 4 May 2026 and announced that
day: the beroepstermijn ends on Monday 15 June 2026. "Today" is pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.cases import services as cases
from samen.objections import handling, services
from samen.objections.models import Objection
from tests.cases.conftest import World
from tests.objections import conftest as objections_conftest

D = dt.date
world = objections_conftest.world
today = objections_conftest.today
contested = objections_conftest.contested


def decide_objection(world: World, decision, outcome: str = "ongegrond") -> Objection:  # noqa: ANN001
    jurist = world.user("jurist")
    objection = services.file_objection(
        jurist,
        services.NewObjection(
            decision_pk=decision.pk,
            filed_on=D(2026, 3, 10),
            received_via="post",
            grounds="Mijn vermogen is lager: de auto is van mijn zoon.",
            objector_name="Anna Janssen",
        ),
    )
    handling.record_hearing(jurist, objection.pk, handling.Hearing(skipped="c"))
    handling.decide(
        jurist, objection.pk, handling.NewOutcome(outcome, D(2026, 5, 4), "Het vermogen telt.")
    )
    cases.announce(jurist, objection.case_id, on=D(2026, 5, 4))
    return Objection.objects.select_related("case", "decision").get(pk=objection.pk)


@pytest.fixture
def objection(world: World, contested) -> Objection:  # noqa: ANN001
    return decide_objection(world, contested)
