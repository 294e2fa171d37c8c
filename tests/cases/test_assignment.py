"""A team manager assigns cases to a consulent of the team, and reads the team's worklist.

Who is a team manager comes from the appointments (function teammanager in that team on that
day). A manager of another team gets "not found"; the assignee must be in the team and allowed
to work on the case; the reason is kept; the client keeps one fixed consulent per domain, and
their other open cases in the domain move along. Every date is explicit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases import assignment, services
from samen.cases.assignment import TeamFilters
from samen.cases.models import Assignment, Case, StatusChange
from samen.cases.services import NewCase, NewDecision
from samen.organisation.models import Municipality, Team
from tests.cases.conftest import World
from tests.cases.teams import staff_in

pytestmark = pytest.mark.django_db

D = dt.date
DAY = D(2026, 3, 10)


def open_bijstand(world: World, who: str = "vaals", on: dt.date = D(2026, 3, 2)) -> Case:
    return services.open_case(
        world.user("consulent.vaals"), NewCase(world.persons[who].pk, world.bijstand.code, on)
    )


@pytest.fixture
def heuvelland(world: World):  # noqa: ANN201
    """A second consulent in Team Inkomen Heuvelland who may work for Vaals."""
    return staff_in("Team Inkomen Heuvelland", "consulent", ["GM0981"], "Sanne Kleijnen")


def test_team_managers_come_from_the_appointments_on_the_day(world: World) -> None:
    manager = world.user("teammanager")
    assert [t.name for t in assignment.managed_teams(manager, DAY)] == ["Team Inkomen Heuvelland"]
    # A consulent of the same team is no manager.
    assert assignment.managed_teams(world.user("consulent.vaals"), DAY) == []
    # Before the appointment started there is no manager either.
    late = staff_in("Team Inkomen Heuvelland", "teammanager", ["GM0981"], "Nieuw", D(2026, 6, 1))
    assert assignment.managed_teams(late.user, D(2026, 5, 31)) == []
    assert len(assignment.managed_teams(late.user, D(2026, 6, 1))) == 1


def test_manager_assigns_to_a_team_member_with_reason_history_and_audit(
    world: World,
    heuvelland,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    assert case.assigned_to == world.user("consulent.vaals").staff
    manager = world.user("teammanager")
    result = assignment.assign_case(
        manager,
        case.pk,
        staff_pk=heuvelland.pk,
        reason="Bram is met verlof",
        version=case.version,
        day=DAY,
    )
    case.refresh_from_db()
    assert case.assigned_to == heuvelland
    assert case.version == 2
    note = StatusChange.objects.filter(case=case).latest("pk").note
    assert note == "Toegewezen aan Sanne Kleijnen: Bram is met verlof"
    rows = list(Assignment.objects.filter(person=case.person).order_by("valid_from"))
    assert [(r.staff, r.valid_until) for r in rows] == [
        (world.user("consulent.vaals").staff, D(2026, 3, 9)),
        (heuvelland, None),
    ]
    assert rows[-1].reason == "Bram is met verlof"
    entry = AuditEntry.objects.filter(
        actor_id=manager.pk, action=AuditEntry.Kind.UPDATE, object_id=case.reference
    ).latest("pk")
    assert entry.changes["reason"] == "Bram is met verlof"
    assert entry.changes["fields"]["assigned_to"] == ["Bram Vliegen", "Sanne Kleijnen"]
    assert result.moved == []


def test_assignment_by_a_team_manager_of_another_team_is_refused_404(
    world: World,
    heuvelland,  # noqa: ANN001
) -> None:
    """The other manager's grants cover Vaals too: the policy alone would let them change the
    case. Only managing the case's team allows assigning it."""
    other = staff_in(
        "Team Inkomen Maastricht Zuid", "teammanager", ["GM0935", "GM0981"], "Petra Ummels"
    )
    case = open_bijstand(world)
    with pytest.raises(services.NotVisible):
        assignment.assign_case(
            other.user, case.pk, staff_pk=heuvelland.pk, reason="Herverdeling", day=DAY
        )
    case.refresh_from_db()
    assert case.assigned_to == world.user("consulent.vaals").staff
    assert case.version == 1
    assert AuditEntry.objects.filter(
        actor_id=other.user.pk, action=AuditEntry.Kind.REFUSED, object_id=case.reference
    ).exists()


def test_a_manager_of_the_team_who_may_only_read_the_case_is_not_allowed(
    world: World,
    heuvelland,  # noqa: ANN001
) -> None:
    reader = staff_in(
        "Team Inkomen Heuvelland", "teammanager", ["GM0981"], "Lees Alleen", role="toetser"
    )
    case = open_bijstand(world)
    with pytest.raises(services.NotAllowed):
        assignment.assign_case(
            reader.user, case.pk, staff_pk=heuvelland.pk, reason="Herverdeling", day=DAY
        )
    assert Case.objects.get(pk=case.pk).version == 1


def test_a_manager_without_access_to_the_case_gets_not_found(world: World) -> None:
    case = services.open_case(
        world.user("consulent.maastricht"),
        NewCase(world.persons["maastricht"].pk, world.bijstand.code, D(2026, 3, 2)),
    )
    with pytest.raises(services.NotVisible):
        assignment.assign_case(
            world.user("teammanager"), case.pk, staff_pk=1, reason="Herverdeling", day=DAY
        )


def test_assignee_must_be_a_member_of_the_team_on_the_day(world: World) -> None:
    case = open_bijstand(world)
    outsider = world.user("consulent.maastricht").staff  # Team Inkomen Maastricht Zuid
    later = staff_in("Team Inkomen Heuvelland", "consulent", ["GM0981"], "Later", D(2026, 4, 1))
    for candidate in (outsider.pk, later.pk, 999999, "x"):
        with pytest.raises(ValidationError) as refused:
            assignment.assign_case(
                world.user("teammanager"), case.pk, staff_pk=candidate, reason="Drukte", day=DAY
            )
        assert refused.value.message_dict["staff"] == [
            "Kies een medewerker die op 10-03-2026 in Team Inkomen Heuvelland werkt."
        ]
    case.refresh_from_db()
    assert case.version == 1


def test_assignee_must_be_allowed_by_the_policy_to_change_the_case(world: World) -> None:
    gulpen = staff_in("Team Inkomen Heuvelland", "consulent", ["GM1729"], "Guus Gulpen")
    case = open_bijstand(world)
    with pytest.raises(ValidationError) as refused:
        assignment.assign_case(
            world.user("teammanager"), case.pk, staff_pk=gulpen.pk, reason="Drukte", day=DAY
        )
    assert refused.value.message_dict["staff"] == [
        "Guus Gulpen mag volgens de autorisaties niet aan deze zaak werken. Kies een ander teamlid."
    ]
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff


def test_reason_is_required_and_bounded(world: World, heuvelland) -> None:  # noqa: ANN001
    case = open_bijstand(world)
    for reason, message in (
        ("  ", "Geef de reden van de toewijzing."),
        ("x" * 301, "De reden mag hoogstens 300 tekens lang zijn."),
    ):
        with pytest.raises(ValidationError) as refused:
            assignment.assign_case(
                world.user("teammanager"), case.pk, staff_pk=heuvelland.pk, reason=reason, day=DAY
            )
        assert refused.value.message_dict["reason"] == [message]
    assert Case.objects.get(pk=case.pk).version == 1


def test_stale_version_changes_nothing(world: World, heuvelland) -> None:  # noqa: ANN001
    case = open_bijstand(world)
    services.start_handling(world.user("consulent.vaals"), case.pk, on=D(2026, 3, 3))
    with pytest.raises(services.VersionConflict):
        assignment.assign_case(
            world.user("teammanager"),
            case.pk,
            staff_pk=heuvelland.pk,
            reason="Drukte",
            version=1,
            day=DAY,
        )
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff
    assert Assignment.objects.get(person=case.person, valid_until__isnull=True).staff == (
        world.user("consulent.vaals").staff
    )


def test_a_decided_case_cannot_be_reassigned(
    world: World,
    heuvelland,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 20))
    case = open_bijstand(world)
    services.decide(
        world.user("teammanager"),
        case.pk,
        NewDecision("pw-algemene-bijstand", "afgewezen", D(2026, 3, 20), "Vermogen te hoog."),
    )
    with pytest.raises(ValidationError) as refused:
        assignment.assign_case(
            world.user("teammanager"), case.pk, staff_pk=heuvelland.pk, reason="Drukte", day=DAY
        )
    assert refused.value.code == "decided"


def test_the_clients_other_open_cases_in_the_domain_move_along(
    world: World,
    heuvelland,  # noqa: ANN001
) -> None:
    first = open_bijstand(world, on=D(2026, 3, 2))
    second = open_bijstand(world, on=D(2026, 3, 5))
    other_client = open_bijstand(world, who="vaals_young", on=D(2026, 3, 5))
    wmo_case = services.open_case(
        world.user("consulent.wmo"),
        NewCase(world.persons["valkenburg"].pk, world.wmo.code, D(2026, 3, 5)),
    )
    result = assignment.assign_case(
        world.user("teammanager"), first.pk, staff_pk=heuvelland.pk, reason="Verlof", day=DAY
    )
    assert [c.pk for c in result.moved] == [second.pk]
    second.refresh_from_db()
    assert second.assigned_to == heuvelland
    assert second.history.latest("pk").note == (
        f"Toegewezen aan Sanne Kleijnen: Mee met {first.reference}: Verlof"
    )
    # Another client's case and a case in another domain stay where they were.
    assert Case.objects.get(pk=other_client.pk).assigned_to == other_client.assigned_to
    assert Case.objects.get(pk=wmo_case.pk).assigned_to == wmo_case.assigned_to
    # A new case of the client now goes to the new fixed consulent.
    third = open_bijstand(world, on=D(2026, 3, 12))
    assert third.assigned_to == heuvelland


# ---------------------------------------------------------------------------------------------
# The team worklist
# ---------------------------------------------------------------------------------------------
def test_team_worklist_filters_and_pages(world: World, heuvelland) -> None:  # noqa: ANN001
    manager = world.user("teammanager")
    team = Team.objects.get(name="Team Inkomen Heuvelland")
    first = open_bijstand(world, on=D(2026, 1, 5))  # deadline early March
    second = open_bijstand(world, who="vaals_young", on=D(2026, 3, 2))  # melding, later
    assert second.assigned_to == heuvelland  # the least busy consulent of the team
    page = assignment.team_worklist(manager, team.pk, today=DAY)
    assert [i.case.pk for i in page.items] == [first.pk, second.pk]
    assert page.total == 2
    assert page.items[0].overdue
    only = assignment.team_worklist(manager, team.pk, TeamFilters(consulent=heuvelland), today=DAY)
    assert [i.case.pk for i in only.items] == [second.pk]
    overdue = assignment.team_worklist(
        manager, team.pk, TeamFilters(deadline="verstreken"), today=DAY
    )
    assert [i.case.pk for i in overdue.items] == [first.pk]
    melding = assignment.team_worklist(manager, team.pk, TeamFilters(status="melding"), today=DAY)
    assert [i.case.pk for i in melding.items] == [second.pk]
    maastricht = Municipality.objects.get(cbs_code="GM0935")
    none = assignment.team_worklist(
        manager, team.pk, TeamFilters(municipality=maastricht), today=DAY
    )
    assert none.items == [] and none.total == 0
    paged = assignment.team_worklist(manager, team.pk, offset=1, limit=1, today=DAY)
    assert [i.case.pk for i in paged.items] == [second.pk] and paged.total == 2


def test_team_worklist_of_another_team_is_not_found(world: World) -> None:
    other = Team.objects.get(name="Team Inkomen Maastricht Zuid")
    with pytest.raises(services.NotVisible):
        assignment.team_worklist(world.user("teammanager"), other.pk, today=DAY)
    with pytest.raises(services.NotVisible):  # a consulent manages no team
        assignment.team_worklist(
            world.user("consulent.vaals"),
            Team.objects.get(name="Team Inkomen Heuvelland").pk,
            today=DAY,
        )
    assert AuditEntry.objects.filter(
        actor_id=world.users["teammanager"].pk, action=AuditEntry.Kind.REFUSED, object_type="team"
    ).exists()


def test_team_worklist_refuses_a_consulent_outside_the_team(world: World) -> None:
    team = Team.objects.get(name="Team Inkomen Heuvelland")
    outsider = world.user("consulent.maastricht").staff
    with pytest.raises(ValidationError) as refused:
        assignment.team_worklist(
            world.user("teammanager"), team.pk, TeamFilters(consulent=outsider), today=DAY
        )
    assert refused.value.message_dict["consulent"] == [
        "Kies een consulent van Team Inkomen Heuvelland."
    ]


def test_decide_after_assignment_keeps_working(world: World, heuvelland) -> None:  # noqa: ANN001
    """The new consulent continues the case with the version the assignment left."""
    case = open_bijstand(world)
    assignment.assign_case(
        world.user("teammanager"), case.pk, staff_pk=heuvelland.pk, reason="Verlof", day=DAY
    )
    changed = services.start_handling(heuvelland.user, case.pk, version=2, on=D(2026, 3, 11))
    assert changed.version == 3
