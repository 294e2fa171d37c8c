"""The team manager's screens: the team worklist with filters and pages, and "Toewijzen" on
the case page. A manager of another team, and a consulent, get the Dutch 404 page; bad filter
values get a Dutch error naming the filter (never a 500); an assignment needs a reason and a
consulent of the team, and a stale form changes nothing. "Today" is pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.cases import services
from samen.cases.models import Case
from samen.cases.services import NewCase
from samen.organisation.models import Team
from tests.cases.conftest import World, world  # noqa: F401
from tests.cases.teams import staff_in
from tests.web.pages import logged_in, table_rows, text

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 3, 10)


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def heuvelland(world: World):  # noqa: ANN201, F811
    return staff_in("Team Inkomen Heuvelland", "consulent", ["GM0981"], "Sanne Kleijnen")


def team(name: str = "Team Inkomen Heuvelland") -> Team:
    return Team.objects.get(name=name)


def open_bijstand(world: World, who: str = "vaals", on: dt.date = D(2026, 3, 2)) -> Case:  # noqa: F811
    return services.open_case(
        world.user("consulent.vaals"), NewCase(world.persons[who].pk, world.bijstand.code, on)
    )


def url(team_pk: int, query: str = "") -> str:
    return f"/werkvoorraad/team/{team_pk}{query}"


def test_manager_sees_the_team_worklist_and_my_worklist_links_to_it(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    manager = logged_in(world.user("teammanager"))
    mine = manager.get("/werkvoorraad")
    assert "Werkvoorraad Team Inkomen Heuvelland (teammanager)" in text(mine)
    response = manager.get(url(team().pk))
    assert response.status_code == 200
    rows = table_rows(response)
    assert [r[0] for r in rows] == [case.reference]
    assert rows[0][3] == "Vaals"
    assert rows[0][7] == "Bram Vliegen"
    assert "Toewijzen" in rows[0][8]


def test_manager_of_another_team_and_a_consulent_get_404(world: World) -> None:  # noqa: F811
    open_bijstand(world)
    other = staff_in(
        "Team Inkomen Maastricht Zuid", "teammanager", ["GM0935", "GM0981"], "Petra Ummels"
    )
    assert logged_in(other.user).get(url(team().pk)).status_code == 404
    assert (
        logged_in(world.user("teammanager"))
        .get(url(team("Team Inkomen Maastricht Zuid").pk))
        .status_code
        == 404
    )
    assert logged_in(world.user("consulent.vaals")).get(url(team().pk)).status_code == 404
    assert logged_in(world.user("teammanager")).get(url(999999)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?status=besluit_genomen", "Onbekende status: kies een status uit de lijst."),
        ("?status=%00", "Onbekende status: kies een status uit de lijst."),
        ("?termijn=morgen", "Onbekende termijn: kies een termijn uit de lijst."),
        ("?consulent=999999", "Onbekende consulent: kies een consulent van dit team."),
        ("?consulent=abc", "Onbekende consulent: kies een consulent van dit team."),
        ("?gemeente=GM0935", "Onbekende gemeente: kies een gemeente van dit team."),
        ("?pagina=0", "Dit paginanummer bestaat niet."),
        ("?pagina=99999999999999999999", "Dit paginanummer bestaat niet."),
    ],
)
def test_bad_filters_get_a_dutch_error_naming_the_filter(
    world: World,  # noqa: F811
    query: str,
    message: str,
) -> None:
    response = logged_in(world.user("teammanager")).get(url(team().pk, query))
    assert response.status_code == 400
    assert message in text(response)
    assert table_rows(response) == []


def test_filters_narrow_the_list_and_pages_keep_the_filters(
    world: World,  # noqa: F811
    heuvelland,  # noqa: ANN001
) -> None:
    first = open_bijstand(world, on=D(2026, 1, 5))  # past its deadline on 10 March
    second = open_bijstand(world, who="vaals_young", on=D(2026, 3, 2))  # Sanne, melding
    manager = logged_in(world.user("teammanager"))
    by_consulent = manager.get(url(team().pk, f"?consulent={heuvelland.pk}"))
    assert [r[0] for r in table_rows(by_consulent)] == [second.reference]
    overdue = manager.get(url(team().pk, "?termijn=verstreken"))
    assert [r[0] for r in table_rows(overdue)] == [first.reference]
    melding = manager.get(url(team().pk, "?status=melding&gemeente=GM0981"))
    assert [r[0] for r in table_rows(melding)] == [second.reference]
    nobody = manager.get(url(team().pk, "?consulent=niemand"))
    assert table_rows(nobody) == []
    assert "Geen open zaken bij deze filters." in text(nobody)


def test_paging_of_the_team_worklist(world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from samen.cases import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = open_bijstand(world, on=D(2026, 1, 5))
    second = open_bijstand(world, who="vaals_young", on=D(2026, 3, 2))
    manager = logged_in(world.user("teammanager"))
    page_one = manager.get(url(team().pk, "?termijn="))
    assert [r[0] for r in table_rows(page_one)] == [first.reference]
    assert "Pagina 1 van 2" in text(page_one)
    assert 'href="?pagina=2"' in page_one.content.decode()
    page_two = manager.get(url(team().pk, "?pagina=2"))
    assert [r[0] for r in table_rows(page_two)] == [second.reference]


def test_manager_assigns_from_the_case_page(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    case = open_bijstand(world)
    manager = logged_in(world.user("teammanager"))
    detail = manager.get(f"/zaken/{case.pk}")
    assert f'href="/zaken/{case.pk}/toewijzen"' in detail.content.decode()
    form = manager.get(f"/zaken/{case.pk}/toewijzen")
    assert form.status_code == 200
    assert "Sanne Kleijnen" in text(form)
    response = manager.post(
        f"/zaken/{case.pk}/toewijzen",
        {"version": case.version, "staff": heuvelland.pk, "reason": "Bram is met verlof"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == heuvelland
    after = manager.get(f"/zaken/{case.pk}")
    assert f"Zaak {case.reference} is toegewezen aan Sanne Kleijnen." in text(after)
    assert "Toegewezen aan Sanne Kleijnen: Bram is met verlof" in text(after)


def test_a_consulent_sees_no_toewijzen_and_gets_404(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    consulent = logged_in(world.user("consulent.vaals"))
    assert "toewijzen" not in consulent.get(f"/zaken/{case.pk}").content.decode()
    assert consulent.get(f"/zaken/{case.pk}/toewijzen").status_code == 404


def test_manager_of_another_team_cannot_assign_404(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    case = open_bijstand(world)
    other = staff_in(
        "Team Inkomen Maastricht Zuid", "teammanager", ["GM0935", "GM0981"], "Petra Ummels"
    )
    client = logged_in(other.user)
    response = client.post(
        f"/zaken/{case.pk}/toewijzen",
        {"version": case.version, "staff": heuvelland.pk, "reason": "Herverdeling"},
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff


def test_assignment_errors_are_dutch_on_the_field_and_change_nothing(
    world: World,  # noqa: F811
    heuvelland,  # noqa: ANN001
) -> None:
    gulpen = staff_in("Team Inkomen Heuvelland", "consulent", ["GM1729"], "Guus Gulpen")
    case = open_bijstand(world)
    manager = logged_in(world.user("teammanager"))
    path = f"/zaken/{case.pk}/toewijzen"
    no_reason = manager.post(path, {"version": 1, "staff": heuvelland.pk, "reason": ""})
    assert no_reason.status_code == 400
    assert "Vul dit veld in." in text(no_reason)
    outsider = world.user("consulent.maastricht").staff.pk
    not_member = manager.post(path, {"version": 1, "staff": outsider, "reason": "Drukte"})
    assert not_member.status_code == 400
    assert "Kies een consulent uit de lijst." in text(not_member)
    not_allowed = manager.post(path, {"version": 1, "staff": gulpen.pk, "reason": "Drukte"})
    assert not_allowed.status_code == 400
    assert "Guus Gulpen mag volgens de autorisaties niet aan deze zaak werken." in text(not_allowed)
    services.start_handling(world.user("consulent.vaals"), case.pk, on=D(2026, 3, 3))
    stale = manager.post(path, {"version": 1, "staff": heuvelland.pk, "reason": "Drukte"})
    assert stale.status_code == 409
    assert "Iemand anders heeft deze zaak intussen gewijzigd." in text(stale)
    injected = manager.post(
        path, {"version": 2, "staff": heuvelland.pk, "reason": "Drukte", "assigned_to": 1}
    )
    assert injected.status_code == 400
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff


def test_a_decided_case_shows_the_dutch_refusal(world: World, heuvelland) -> None:  # noqa: ANN001, F811
    case = open_bijstand(world)
    services.decide(
        world.user("teammanager"),
        case.pk,
        services.NewDecision(
            "pw-algemene-bijstand", "afgewezen", D(2026, 3, 9), "Vermogen boven de grens."
        ),
    )
    manager = logged_in(world.user("teammanager"))
    assert "toewijzen" not in manager.get(f"/zaken/{case.pk}").content.decode()
    response = manager.post(
        f"/zaken/{case.pk}/toewijzen", {"version": 2, "staff": heuvelland.pk, "reason": "Drukte"}
    )
    assert response.status_code == 400
    assert "Over deze zaak is al besloten" in text(response)
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff
