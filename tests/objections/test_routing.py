"""Objections go to the legal team: the case of a new objection is routed by its case type's
handler function (data: ``jurist`` for bezwaar) to a jurist of a Participatiewet team, not
to the consulent who decided and not to the client's fixed consulent, whose assignment stays
as it was; never to the official who took the contested decision (Awb 7:5 lid 1). Taking or
assigning the objection's case does not make the jurist the client's fixed consulent."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.cases import services as cases
from samen.cases.assignment import assign_case
from samen.cases.models import Assignment, Case, CaseType
from samen.objections import services
from samen.objections.models import Objection
from samen.objections.services import NewObjection
from samen.organisation.models import Appointment, Function, Team
from tests.cases.conftest import World
from tests.cases.teams import staff_in

D = dt.date
pytestmark = pytest.mark.django_db


def file(world: World, decision_pk: int) -> Objection:
    return services.file_objection(
        world.user("jurist"),
        NewObjection(
            decision_pk=decision_pk,
            filed_on=D(2026, 3, 10),
            received_via="post",
            grounds="Mijn vermogen is lager: de auto is van mijn zoon.",
            objector_name="Anna Janssen",
        ),
    )


def fixed_consulent(world: World) -> str:
    return Assignment.objects.get(
        person=world.persons["vaals"], domain__code="participatiewet", valid_until__isnull=True
    ).staff.name


def test_the_catalogue_routes_bezwaar_to_the_jurist() -> None:
    handlers = dict(CaseType.objects.values_list("code", "handler_function"))
    assert handlers["bezwaar"] == handlers["bezwaar-adviescommissie"] == "jurist"
    assert handlers["pw-aanvraag-algemene-bijstand"] == ""


def test_a_new_objection_goes_to_the_jurist_not_to_the_consulent_who_decided(
    world: World, contested
) -> None:  # noqa: ANN001
    assert contested.taken_by.name == "Bram Vliegen"
    assert fixed_consulent(world) == "Bram Vliegen"
    objection = file(world, contested.pk)
    case = Case.objects.select_related("assigned_to", "team").get(pk=objection.case_id)
    assert case.assigned_to.name == "Pieter Smeets"  # the demo jurist
    assert case.team.name == "Team Bezwaar en Kwaliteit"
    # The client's fixed consulent is still the consulent.
    assert fixed_consulent(world) == "Bram Vliegen"


def test_never_the_official_who_took_the_contested_decision(world: World, contested) -> None:  # noqa: ANN001
    # The consulent who decided also works as a jurist, and is the only jurist left.
    Appointment.objects.create(
        staff=contested.taken_by,
        function=Function.objects.get(code="jurist"),
        team=Team.objects.get(name="Team Bezwaar en Kwaliteit"),
        valid_from=D(2020, 1, 1),
    )
    Appointment.objects.filter(staff__name="Pieter Smeets", function__code="jurist").update(
        valid_until=D(2025, 12, 31)
    )
    case = Case.objects.get(pk=file(world, contested.pk).case_id)
    assert case.assigned_to is None  # waits on the legal team's worklist
    assert case.team.name == "Team Bezwaar en Kwaliteit"
    # With a second jurist, the least busy one who did not decide gets it.
    staff_in("Team Bezwaar en Kwaliteit", "jurist", ["GM0981"], "Sanne Stassen")
    second = cases.decide(  # a further decision on another case of the resident
        world.user("consulent.vaals"),
        cases.open_case(
            world.user("consulent.vaals"),
            cases.NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 2, 3)),
        ).pk,
        cases.NewDecision(
            "pw-algemene-bijstand", "afgewezen", D(2026, 2, 20), "Uw vermogen is te hoog."
        ),
    )
    cases.announce(world.user("consulent.vaals"), second.case_id, on=D(2026, 2, 20))
    routed = Case.objects.get(pk=file(world, second.pk).case_id)
    assert routed.assigned_to.name == "Sanne Stassen"


def test_taking_or_assigning_the_objection_keeps_the_fixed_consulent(
    world: World, contested
) -> None:  # noqa: ANN001
    jurist2 = staff_in("Team Bezwaar en Kwaliteit", "jurist", ["GM0981"], "Sanne Stassen")
    objection = file(world, contested.pk)
    case = Case.objects.get(pk=objection.case_id)
    cases.take_case(jurist2.user, case.pk, version=case.version)
    assert Case.objects.get(pk=case.pk).assigned_to == jurist2
    assert fixed_consulent(world) == "Bram Vliegen"
    manager = staff_in("Team Bezwaar en Kwaliteit", "teammanager", ["GM0981"], "Tom Teunissen").user
    case.refresh_from_db()
    assign_case(
        manager,
        case.pk,
        staff_pk=world.users["jurist"].staff.pk,
        reason="Pieter kent dit dossier.",
        version=case.version,
    )
    assert Case.objects.get(pk=case.pk).assigned_to.name == "Pieter Smeets"
    assert fixed_consulent(world) == "Bram Vliegen"
