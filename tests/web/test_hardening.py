"""Issue 10, bad input on the screens: the same rules as the API. A field injected into a
posted form is refused and nothing is saved; a NUL byte in a select or a query string, a page
number beyond the database or a control character in a text is a Dutch form error, never a
500 (on PostgreSQL each of these was one)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samen.cases import services
from samen.cases.models import Case, Decision
from samen.cases.services import NewCase
from samen.people.models import Person
from tests.cases.conftest import World, world  # noqa: F401
from tests.web.pages import logged_in, text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def demo_and_today(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 24))


def consulent(world: World) -> Client:  # noqa: F811
    return logged_in(world.user("consulent.vaals"))


def person_form(**overrides: str) -> dict[str, str]:
    form = {
        "bsn": "111222333",
        "given_names": "Mila",
        "surname_prefix": "",
        "surname": "Dassen",
        "birth_date": "1991-04-12",
        "street": "Maastrichterlaan",
        "house_number": "12",
        "postal_code": "6291 EN",
        "city": "Vaals",
        "municipality": "GM0981",
        "living_since": "2020-01-01",
        "domain": "participatiewet",
        "subject": "Aanvraag bijstand",
        "confidentiality": "4",
    }
    form.update(overrides)
    return form


def test_the_person_form_without_tampering_saves(world: World) -> None:  # noqa: F811
    response = consulent(world).post("/personen/nieuw", person_form())
    assert response.status_code == 302
    assert Person.objects.filter(bsn="111222333").exists()


def test_a_field_injected_into_the_person_form_is_refused_and_nothing_saved(
    world: World,  # noqa: F811
) -> None:
    response = consulent(world).post("/personen/nieuw", person_form(is_staff="1"))
    assert response.status_code == 400
    assert "Het formulier bevat een onbekend veld: is_staff." in text(response)
    assert not Person.objects.filter(bsn="111222333").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("municipality", "GM\x000981", "Deze gemeente is onbekend."),
        ("domain", "participatiewet\x00", "Dit domein is onbekend."),
        ("given_names", "Mi\x07la", "Deze tekst bevat een stuurteken (teken 3)"),
        ("birth_date", "0001-01-01", "Vul een datum tussen 1900 en 2099 in."),
    ],
)
def test_bad_characters_and_dates_in_the_person_form_are_form_errors(
    world: World,  # noqa: F811
    field: str,
    value: str,
    message: str,
) -> None:
    response = consulent(world).post("/personen/nieuw", person_form(**{field: value}))
    assert response.status_code == 400
    assert message in text(response)
    assert not Person.objects.filter(bsn="111222333").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/organisatie/voert-uit?gemeente=%00&domein=wmo&datum=2026-03-01",
        "/organisatie/voert-uit?gemeente=GM0981&domein=a%00&datum=2026-03-01",
        "/mandaten/wie-mag-besluiten?gemeente=GM0981&besluittype=%00&datum=2026-03-01",
        "/mandaten/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-algemene-bijstand"
        "&datum=2026-03-01&medewerker=D%0001",
        "/personen?zoek=a%00b",
        "/personen?pagina=10000000000000000000",
    ],
)
def test_bad_query_strings_on_pages_are_answered_not_crashed(
    world: World,  # noqa: F811
    url: str,
) -> None:
    client = logged_in(world.user("directeur")) if "personen" not in url else consulent(world)
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    page = text(response)
    assert any(
        message in page
        for message in (
            "onbekend",
            "Dit paginanummer bestaat niet.",
            "Deze tekst bevat een stuurteken",
            "Null-tekens",
        )
    ), page[:500]


def test_the_audit_search_refuses_a_nul_gemeente_and_a_huge_page(world: World) -> None:  # noqa: F811
    officer = logged_in(world.user("fg"))
    assert "Deze gemeente is onbekend." in text(officer.get("/toezicht?gemeente=%00"))
    assert "Dit paginanummer bestaat niet." in text(
        officer.get("/toezicht?bsn=&pagina=10000000000000000000")
    )


def test_a_motivering_over_the_limit_is_a_form_error_and_no_decision(
    world: World,  # noqa: F811
) -> None:
    case = services.open_case(
        world.user("consulent.vaals"),
        NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 3, 2)),
    )
    response = consulent(world).post(
        f"/zaken/{case.pk}/besluit",
        {
            "version": case.version,
            "decision_type": "pw-algemene-bijstand",
            "outcome": "afgewezen",
            "decided_on": "2026-03-20",
            "reasoning": "x" * 10_001,
        },
    )
    assert response.status_code == 400
    assert "Maximaal 10000 tekens." in text(response)
    assert not Decision.objects.exists()


def test_a_field_injected_into_a_case_action_is_refused(world: World) -> None:  # noqa: F811
    case = services.open_case(
        world.user("consulent.vaals"),
        NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 3, 2)),
    )
    response = consulent(world).post(
        f"/zaken/{case.pk}/besluit",
        {
            "version": case.version,
            "decision_type": "pw-algemene-bijstand",
            "outcome": "afgewezen",
            "decided_on": "2026-03-20",
            "reasoning": "U heeft vermogen boven de grens.",
            "taken_by": "1",
        },
    )
    assert response.status_code == 400
    assert "Het formulier bevat een onbekend veld: taken_by." in text(response)
    assert not Decision.objects.exists()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_version_beyond_the_database_is_a_form_error(world: World) -> None:  # noqa: F811
    case = services.open_case(
        world.user("consulent.vaals"),
        NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 3, 2)),
    )
    response = consulent(world).post(f"/zaken/{case.pk}/oppakken", {"version": str(10**20)})
    assert response.status_code == 400
    assert "Het formulier mist de versie van de zaak. Laad de zaak opnieuw." in text(response)
