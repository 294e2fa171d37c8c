"""`POST /api/v1/zaken/{id}/toewijzen` and `GET /api/v1/teams/{id}/werkvoorraad` as a team
manager's client sees them: a manager of another team gets 404 for both; bad input is a 400
naming the field (never a 500); a stale version is 412; every case listed is audited.
"Today" is pinned to 10 March 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.cases.models import Case
from samen.organisation.models import Team
from tests.api.test_zaken import client, invalid, open_case, problem
from tests.cases.conftest import World, world  # noqa: F401
from tests.cases.teams import staff_in

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 10)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def heuvelland(world: World):  # noqa: ANN201, F811
    return staff_in("Team Inkomen Heuvelland", "consulent", ["GM0981"], "Sanne Kleijnen")


def team_pk(name: str = "Team Inkomen Heuvelland") -> int:
    return Team.objects.get(name=name).pk


def test_a_manager_assigns_a_case_through_the_api(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    case = open_case(world)
    manager = client(world, "teammanager")
    response = manager.post(
        f"/api/v1/zaken/{case['id']}/toewijzen",
        {"consulent": heuvelland.pk, "reden": "Bram is met verlof", "versie": 1},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["consulent"]["naam"] == "Sanne Kleijnen"
    assert response["ETag"] == '"2"'
    assert body["statusgeschiedenis"][-1]["toelichting"] == (
        "Toegewezen aan Sanne Kleijnen: Bram is met verlof"
    )


def test_assignment_by_a_manager_of_another_team_is_404(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    case = open_case(world)
    other = staff_in(
        "Team Inkomen Maastricht Zuid", "teammanager", ["GM0935", "GM0981"], "Petra Ummels"
    )
    api = client(world, "teammanager")
    api.force_authenticate(other.user)
    response = api.post(
        f"/api/v1/zaken/{case['id']}/toewijzen",
        {"consulent": heuvelland.pk, "reden": "Herverdeling", "versie": 1},
    )
    problem(response, 404)
    assert Case.objects.get(pk=case["id"]).version == 1


def test_assignment_input_errors_name_the_field(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    gulpen = staff_in("Team Inkomen Heuvelland", "consulent", ["GM1729"], "Guus Gulpen")
    case = open_case(world)
    manager = client(world, "teammanager")
    path = f"/api/v1/zaken/{case['id']}/toewijzen"
    assert "reden" in invalid(manager.post(path, {"consulent": heuvelland.pk, "versie": 1}))
    assert "reden" in invalid(
        manager.post(path, {"consulent": heuvelland.pk, "reden": "x" * 301, "versie": 1})
    )
    assert "consulent" in invalid(
        manager.post(path, {"consulent": "10e20", "reden": "Drukte", "versie": 1})
    )
    outsider = world.user("consulent.maastricht").staff.pk
    reasons = invalid(manager.post(path, {"consulent": outsider, "reden": "Drukte", "versie": 1}))
    assert reasons["consulent"] == (
        "Kies een medewerker die op 10-03-2026 in Team Inkomen Heuvelland werkt."
    )
    reasons = invalid(manager.post(path, {"consulent": gulpen.pk, "reden": "Drukte", "versie": 1}))
    assert reasons["consulent"].startswith("Guus Gulpen mag volgens de autorisaties niet")
    assert "onbekend" in invalid(
        manager.post(
            path, {"consulent": heuvelland.pk, "reden": "Drukte", "versie": 1, "onbekend": 1}
        )
    )
    problem(manager.post(path, {"consulent": heuvelland.pk, "reden": "Drukte", "versie": 7}), 412)
    assert Case.objects.get(pk=case["id"]).version == 1


def test_team_worklist_with_filters_and_pages(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    first = open_case(world, on="2026-01-05")
    second = open_case(world, who="vaals_young", on="2026-03-02")
    manager = client(world, "teammanager")
    path = f"/api/v1/teams/{team_pk()}/werkvoorraad"
    body = manager.get(path).json()
    assert body["count"] == 2
    assert [r["zaak"]["id"] for r in body["results"]] == [first["id"], second["id"]]
    assert body["results"][0]["termijnVerstreken"] is True
    only = manager.get(path, {"consulent": heuvelland.pk}).json()
    assert [r["zaak"]["id"] for r in only["results"]] == [second["id"]]
    overdue = manager.get(path, {"termijn": "verstreken", "gemeente": "GM0981"}).json()
    assert [r["zaak"]["id"] for r in overdue["results"]] == [first["id"]]
    melding = manager.get(path, {"status": "melding"}).json()
    assert [r["zaak"]["id"] for r in melding["results"]] == [second["id"]]
    assert manager.get(path, {"nietToegewezen": "true"}).json()["count"] == 0
    paged = manager.get(path, {"paginaGrootte": 1, "pagina": 2}).json()
    assert [r["zaak"]["id"] for r in paged["results"]] == [second["id"]]
    assert paged["previous"] is not None and paged["next"] is None
    listed = AuditEntry.objects.filter(
        actor_id=world.users["teammanager"].pk, action=AuditEntry.Kind.LIST
    )
    assert listed.filter(object_id=Case.objects.get(pk=first["id"]).reference).exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "afgesloten"}, "status"),
        ({"termijn": "morgen"}, "termijn"),
        ({"consulent": "abc"}, "consulent"),
        ({"consulent": 999999}, "consulent"),
        ({"gemeente": "GM0935"}, "gemeente"),
        ({"gemeente": "Maastricht"}, "gemeente"),
        ({"nietToegewezen": "ja"}, "nietToegewezen"),
        ({"pagina": 0}, "pagina"),
        ({"zoek": "x"}, "zoek"),
    ],
)
def test_bad_filters_are_400_naming_the_filter(world: World, query, field: str) -> None:  # noqa: ANN001, F811
    response = client(world, "teammanager").get(f"/api/v1/teams/{team_pk()}/werkvoorraad", query)
    assert field in invalid(response)


def test_team_worklist_of_another_team_is_404(world: World) -> None:  # noqa: F811
    open_case(world)
    manager = client(world, "teammanager")
    problem(
        manager.get(f"/api/v1/teams/{team_pk('Team Inkomen Maastricht Zuid')}/werkvoorraad"), 404
    )
    problem(client(world, "consulent.vaals").get(f"/api/v1/teams/{team_pk()}/werkvoorraad"), 404)
    problem(manager.get("/api/v1/teams/999999/werkvoorraad"), 404)
