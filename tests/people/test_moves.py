"""A move (verhuizing): the old address ends the day before, the new municipality is
responsible from the moving date and not before, cases stay with the college that handled
them, the refusals (date, municipality not executed by us, version), access and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.access.models import AuditEntry
from samen.access.policy import Purpose, forget, policy_for
from samen.cases import services as cases
from samen.cases.models import Case, CaseType, Status
from samen.people import moves, services
from samen.people.models import Address, Person
from tests.access.helpers import BSNS, Z, person, staff_with

D = dt.date
U = Purpose.UITVOERING
MOVED_ON = D(2026, 3, 1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Set "today" for the policy and the services."""

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    set_today(D(2026, 2, 1))
    return set_today


@pytest.fixture
def world(szmh, today):  # noqa: ANN001, ANN201
    pw = szmh.domains["participatiewet"]
    maastricht, vaals = szmh["Maastricht"], szmh["Vaals"]
    anna = person(BSNS[0], maastricht, [(pw, Z)], since=D(2018, 6, 1), surname="Smeets")
    case_type = CaseType.objects.create(
        code="pw-algemene-bijstand",
        domain=pw,
        name="Algemene bijstand",
        legal_basis="artikel 43 Participatiewet",
        term_amount=8,
        valid_from=D(2016, 1, 1),
    )
    case = Case.objects.create(
        reference="PW-2026-0001",
        case_type=case_type,
        person=anna,
        municipality=maastricht,
        domain=pw,
        status=Status.BESLUIT_GENOMEN,
        received_on=D(2026, 1, 5),
        decided_on=D(2026, 1, 20),
    )
    return {
        "pw": pw,
        "maastricht": maastricht,
        "vaals": vaals,
        "anna": anna,
        "case": case,
        "mt": staff_with("mt", "consulent", [maastricht], [pw]),
        "vaals_consulent": staff_with("vls", "consulent", [vaals], [pw]),
    }


def _to_vaals(moved_on: dt.date = MOVED_ON, municipality=None) -> moves.NewAddress:  # noqa: ANN001
    return moves.NewAddress(
        street="Kerkstraat",
        house_number="12",
        postal_code="6291 AB",
        city="Vaals",
        municipality=municipality,
        moved_on=moved_on,
    )


def _move(world: dict, **kwargs) -> moves.Move:  # noqa: ANN003
    new = _to_vaals(municipality=world["vaals"], **kwargs)
    return moves.move_person(
        world["mt"], world["anna"].pk, new, expected_version=world["anna"].version, purpose=U
    )


def _readers(world: dict) -> tuple[bool, bool]:
    """Whether the Maastricht and the Vaals consulent may read Anna today."""
    result = []
    for key in ("mt", "vaals_consulent"):
        user = world[key]
        forget(user)
        try:
            services.get_person(user, world["anna"].pk, U)
        except services.NotVisible:
            result.append(False)
        else:
            result.append(True)
    return result[0], result[1]


def test_moving_a_person_to_vaals_on_a_date_changes_who_may_read_them_from_that_date_and_not_before(
    world, today
):
    moved = _move(world)
    assert moved.ended is not None and moved.ended.valid_until == D(2026, 2, 28)
    assert moved.address.valid_from == MOVED_ON and moved.address.valid_until is None
    assert moved.view is not None  # recorded in February: still Maastricht's today
    # The day before the move: Maastricht's, the Vaals consulent gets "not found".
    today(D(2026, 2, 28))
    assert _readers(world) == (True, False)
    # From the moving date: Vaals's, and no longer Maastricht's.
    today(MOVED_ON)
    assert _readers(world) == (False, True)
    assert (
        services.get_person(world["vaals_consulent"], world["anna"].pk, U).municipality
        == (world["vaals"])
    )
    # The case decided on behalf of Maastricht stays Maastricht's.
    case = world["case"]
    assert cases.get_case(world["mt"], case.pk, U).municipality == world["maastricht"]
    with pytest.raises(cases.NotVisible):
        cases.get_case(world["vaals_consulent"], case.pk, U)
    assert cases.cases_of_person(world["vaals_consulent"], world["anna"].pk, U) == []


def test_the_responsible_municipality_follows_the_address_by_date(world):
    _move(world)
    anna = world["anna"]
    assert services.responsible_municipality(anna, D(2026, 2, 28)) == world["maastricht"]
    assert services.responsible_municipality(anna, MOVED_ON) == world["vaals"]
    assert list(Address.objects.filter(person=anna).values_list("valid_from", "valid_until")) == [
        (D(2018, 6, 1), D(2026, 2, 28)),
        (MOVED_ON, None),
    ]


def test_a_move_that_takes_effect_today_leaves_the_old_municipality_without_access(world, today):
    today(D(2026, 3, 2))
    moved = _move(world)
    assert moved.view is None
    assert _readers(world) == (False, True)


def test_the_move_is_audited_with_the_old_and_new_municipality(world):
    _move(world)
    entry = AuditEntry.objects.filter(action=AuditEntry.Kind.UPDATE).latest("sequence")
    assert entry.data_subject_id == world["anna"].bsn
    assert entry.municipality_code == "GM0935"
    assert entry.changes["fields"]["municipality"] == ["GM0935", "GM0981"]
    assert entry.changes["moved_on"] == "2026-03-01"
    assert entry.changes["ended_address_until"] == "2026-02-28"


def test_a_municipality_that_does_not_have_the_domain_executed_by_us_is_refused(world, szmh):
    # Eijsden-Margraten left the GR on 9 April 2025.
    with pytest.raises(ValidationError) as refusal:
        moves.move_person(
            world["mt"],
            world["anna"].pk,
            _to_vaals(municipality=szmh["Eijsden-Margraten"]),
            expected_version=1,
            purpose=U,
        )
    assert "Eijsden-Margraten" in refusal.value.message_dict["municipality"][0]
    assert "niet door ons uitvoeren" in refusal.value.message_dict["municipality"][0]
    assert Address.objects.filter(person=world["anna"]).count() == 1
    world["anna"].refresh_from_db()
    assert world["anna"].version == 1


def test_a_person_known_in_wmo_cannot_move_to_a_municipality_that_keeps_wmo_itself(world, szmh):
    from samen.people.models import Registration

    Registration.objects.create(
        person=world["anna"],
        domain=szmh.domains["wmo"],
        subject="Wmo",
        confidentiality=Z,
        registered_on=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as refusal:
        _move(world)
    assert "Vaals laat" in refusal.value.message_dict["municipality"][0]


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (D(2018, 6, 1), "na 1 juni 2018"),
        (D(2017, 1, 1), "na 1 juni 2018"),
        (D(2027, 6, 1), "meer dan een jaar"),
        (D(1970, 1, 1), "geboortedatum"),
    ],
)
def test_a_moving_date_that_cannot_be_is_refused_on_the_date_field(world, day, words):
    with pytest.raises(ValidationError) as refusal:
        _move(world, moved_on=day)
    assert words in refusal.value.message_dict["moved_on"][0]
    assert Address.objects.filter(person=world["anna"]).count() == 1


def test_a_stale_version_is_refused(world):
    with pytest.raises(services.VersionConflict):
        moves.move_person(
            world["mt"],
            world["anna"].pk,
            _to_vaals(municipality=world["vaals"]),
            expected_version=7,
            purpose=U,
        )
    assert Address.objects.filter(person=world["anna"]).count() == 1


def test_staff_of_another_municipality_cannot_move_the_person(world):
    with pytest.raises(services.NotVisible):
        moves.move_person(
            world["vaals_consulent"],
            world["anna"].pk,
            _to_vaals(municipality=world["vaals"]),
            expected_version=1,
            purpose=U,
        )
    assert Address.objects.filter(person=world["anna"]).count() == 1
    refused = AuditEntry.objects.filter(action=AuditEntry.Kind.REFUSED).latest("sequence")
    assert refused.object_id == str(world["anna"].pk)


def test_a_reader_may_not_move(world, szmh):
    reader = staff_with("toets", "toetser", [world["maastricht"]], [world["pw"]])
    with pytest.raises(services.NotAllowed):
        moves.move_person(
            reader,
            world["anna"].pk,
            _to_vaals(municipality=world["vaals"]),
            expected_version=1,
            purpose=U,
        )


# -- the screen ------------------------------------------------------------------------------


def _form(world: dict, **extra) -> dict:  # noqa: ANN003
    return {
        "street": "Kerkstraat",
        "house_number": "12",
        "postal_code": "6291 AB",
        "city": "Vaals",
        "municipality": "GM0981",
        "moved_on": "2026-03-01",
        "version": "1",
        **extra,
    }


def test_the_move_screen_records_the_move(client, world):
    client.force_login(world["mt"])
    url = f"/personen/{world['anna'].pk}/verhuizing"
    page = client.get(url)
    assert page.status_code == 200
    assert "Verhuizing vastleggen" in page.content.decode()
    response = client.post(url, _form(world))
    assert response.status_code == 302
    assert response["Location"] == f"/personen/{world['anna'].pk}"
    assert Address.objects.filter(person=world["anna"], municipality=world["vaals"]).exists()


def test_the_move_screen_shows_a_dutch_error_and_changes_nothing(client, world):
    client.force_login(world["mt"])
    url = f"/personen/{world['anna'].pk}/verhuizing"
    response = client.post(url, _form(world, municipality="GM1903"))
    assert response.status_code == 400
    assert "niet door ons uitvoeren" in response.content.decode()
    response = client.post(url, _form(world, moved_on="31-02-2026"))
    assert response.status_code == 400
    assert "Vul een geldige datum in" in response.content.decode()
    response = client.post(url, _form(world, extra="x"))
    assert response.status_code == 400
    assert Address.objects.filter(person=world["anna"]).count() == 1


def test_the_move_screen_is_not_found_for_another_municipality(client, world):
    client.force_login(world["vaals_consulent"])
    url = f"/personen/{world['anna'].pk}/verhuizing"
    assert client.get(url).status_code == 404
    assert client.post(url, _form(world)).status_code == 404
    assert Address.objects.filter(person=world["anna"]).count() == 1


# -- the API ---------------------------------------------------------------------------------


def _body(**extra) -> dict:  # noqa: ANN003
    return {
        "straat": "Kerkstraat",
        "huisnummer": "12",
        "postcode": "6291 AB",
        "woonplaats": "Vaals",
        "gemeente": "GM0981",
        "verhuisdatum": "2026-03-01",
        "versie": 1,
        **extra,
    }


def test_the_api_records_a_move(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["mt"])
    url = f"/api/v1/personen/{world['anna'].pk}/verhuizing"
    response = api.post(url, _body(), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["versie"] == 2
    assert response.json()["verantwoordelijkeGemeente"] == "GM0935"  # until 1 March
    assert response["ETag"] == '"2"'
    stale = api.post(url, _body(verhuisdatum="2026-04-01"), format="json")
    assert stale.status_code == 412


def test_the_api_refuses_bad_input_with_the_field_named(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["mt"])
    url = f"/api/v1/personen/{world['anna'].pk}/verhuizing"
    unknown = api.post(url, _body(kleur="rood"), format="json")
    assert unknown.status_code == 400
    assert "kleur" in str(unknown.json()["invalidParams"])
    early = api.post(url, _body(verhuisdatum="2018-01-01"), format="json")
    assert early.status_code == 400
    assert early.json()["invalidParams"][0]["name"] == "verhuisdatum"
    refused = api.post(url, _body(gemeente="GM1903"), format="json")
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "gemeente"
    assert Address.objects.filter(person=world["anna"]).count() == 1


def test_the_api_move_is_not_found_for_another_municipality(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["vaals_consulent"])
    response = api.post(f"/api/v1/personen/{world['anna'].pk}/verhuizing", _body(), format="json")
    assert response.status_code == 404
    assert Address.objects.filter(person=world["anna"]).count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=st.dates(D(2018, 6, 1), D(2027, 12, 31)))
def test_on_every_day_exactly_one_college_may_read_her_and_it_follows_the_moving_date(world, day):
    """Whatever the day: before 1 March 2026 Maastricht's staff and not Vaals's, from that
    day Vaals's and not Maastricht's; never both, never neither."""
    if not Address.objects.filter(person=world["anna"], valid_from=MOVED_ON).exists():
        _move(world)
    readers = []
    for key in ("mt", "vaals_consulent"):
        user = world[key]
        forget(user)
        scoped = policy_for(user, day).scope_persons(
            Person.objects.filter(pk=world["anna"].pk), "read"
        )
        readers.append(scoped.exists())
    assert readers == ([False, True] if day >= MOVED_ON else [True, False])
