"""`/api/v1/personen` and `/api/v1/auditregels` as a client sees them: scoped lists and
details, creating and changing a person with optimistic locking, refusals as problem+json
(404 where existence must not leak, 403, 412, 400 naming the field in Dutch), and the audit
trail for the data-protection officer without case contents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.people.models import Address, Person, Registration
from tests.access import helpers

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
D = dt.date


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def invalid(response: Any) -> dict[str, str]:
    """The fields a 400 problem names, with their reasons."""
    body = problem(response, 400)
    return {p["name"]: p["reason"] for p in body["invalidParams"]}


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    munis = helpers.municipalities("GM0981", "GM0935")
    doms = helpers.domains("participatiewet", "wmo")
    vaals, maastricht = munis["GM0981"], munis["GM0935"]
    pw, wmo = doms["participatiewet"], doms["wmo"]
    consulent = helpers.staff_with("c.vaals", "consulent", [vaals], [pw])
    wmo_consulent = helpers.staff_with("w.vaals", "consulent", [vaals], [wmo])
    toetser = helpers.staff_with("t.vaals", "toetser", [vaals], [pw])
    fg = helpers.staff_with("fg", "fg", [vaals, maastricht], [])
    anna = helpers.person(
        helpers.BSNS[0], vaals, [(pw, helpers.Z), (wmo, helpers.Z)], surname="Aarts"
    )
    bert = helpers.person(helpers.BSNS[1], vaals, [(pw, helpers.Z)], surname="Bosch")
    secret = helpers.person(helpers.BSNS[2], vaals, [(pw, helpers.V)], surname="Geheim")
    elsewhere = helpers.person(helpers.BSNS[3], maastricht, [(pw, helpers.Z)], surname="Elders")
    return {
        "vaals": vaals,
        "maastricht": maastricht,
        "consulent": client_for(consulent),
        "consulent_user": consulent,
        "wmo_consulent": client_for(wmo_consulent),
        "wmo_consulent_user": wmo_consulent,
        "toetser": client_for(toetser),
        "fg": client_for(fg),
        "anna": anna,
        "bert": bert,
        "secret": secret,
        "elsewhere": elsewhere,
    }


def new_person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bsn": helpers.BSNS[10],
        "voornamen": "Sanne Maria",
        "voorvoegsel": "van",
        "achternaam": "Dijk",
        "geboortedatum": "1990-02-14",
        "adres": {
            "straat": "Maastrichterlaan",
            "huisnummer": "12a",
            "postcode": "6291 EN",
            "woonplaats": "Vaals",
            "gemeente": "GM0981",
            "woontSinds": "2024-06-01",
        },
        "inschrijving": {
            "domein": "participatiewet",
            "onderwerp": "Aanvraag algemene bijstand",
        },
    }
    for key, value in overrides.items():
        if isinstance(value, dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    return body


# ---------------------------------------------------------------------------------------------
# List and detail
# ---------------------------------------------------------------------------------------------
def test_the_list_shows_only_the_actors_municipality_domain_and_level(world) -> None:
    response = world["consulent"].get("/api/v1/personen")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [p["achternaam"] for p in body["results"]] == ["Aarts", "Bosch"]
    shown = response.content.decode()
    for hidden in ("secret", "elsewhere"):  # too confidential; another municipality
        assert world[hidden].bsn not in shown
    # A person known in two domains shows only the domain the consulent holds.
    anna = body["results"][0]
    assert [i["domein"] for i in anna["inschrijvingen"]] == ["participatiewet"]


def test_the_list_is_paginated_with_dutch_query_keys(world) -> None:
    first = world["consulent"].get("/api/v1/personen?paginaGrootte=1").json()
    assert (first["count"], len(first["results"])) == (2, 1)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/personen?pagina=2&paginaGrootte=1"
    second = world["consulent"].get(first["next"]).json()
    assert [p["achternaam"] for p in second["results"]] == ["Bosch"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/personen?paginaGrootte=1"
    problem(world["consulent"].get("/api/v1/personen?pagina=3&paginaGrootte=1"), 404)


def test_search_by_bsn_and_by_name(world) -> None:
    client = world["consulent"]
    by_bsn = client.get(f"/api/v1/personen?bsn={world['bert'].bsn}").json()
    assert [p["bsn"] for p in by_bsn["results"]] == [world["bert"].bsn]
    by_name = client.get("/api/v1/personen?zoek=aart").json()
    assert [p["achternaam"] for p in by_name["results"]] == ["Aarts"]
    # A BSN of another municipality finds nothing, exactly like a BSN nobody has.
    other = client.get(f"/api/v1/personen?bsn={world['elsewhere'].bsn}").json()
    nobody = client.get(f"/api/v1/personen?bsn={helpers.BSNS[99]}").json()
    assert other == nobody == {"count": 0, "next": None, "previous": None, "results": []}
    assert invalid(client.get("/api/v1/personen?bsn=12345")) == {
        "bsn": "Een BSN bestaat uit negen cijfers."
    }
    assert "zoek" in invalid(client.get(f"/api/v1/personen?bsn={world['bert'].bsn}&zoek=x"))


def test_the_detail_shows_the_person_as_this_actor_may_see_it(world) -> None:
    anna = world["anna"]
    response = world["consulent"].get(f"/api/v1/personen/{anna.pk}")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "id": anna.pk,
        "bsn": anna.bsn,
        "voornamen": "Test",
        "voorvoegsel": "",
        "achternaam": "Aarts",
        "geboortedatum": "1980-05-01",
        "versie": 1,
        "verantwoordelijkeGemeente": "GM0981",
        "adres": {
            "straat": "Kerkstraat",
            "huisnummer": "1",
            "postcode": "6291 AA",
            "woonplaats": "Vaals",
            "gemeente": "GM0981",
            "woontSinds": "2016-01-01",
        },
        "inschrijvingen": [
            {
                "domein": "participatiewet",
                "onderwerp": "Dossier participatiewet",
                "vertrouwelijkheid": "zaakvertrouwelijk",
                "ingeschrevenOp": "2016-01-01",
            }
        ],
    }
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.data_subject_id) == ("read", anna.bsn)


def test_a_person_of_another_municipality_is_not_found_and_the_attempt_is_audited(world) -> None:
    elsewhere = world["elsewhere"]
    response = world["consulent"].get(f"/api/v1/personen/{elsewhere.pk}")
    body = problem(response, 404)
    assert body["title"] == "Niet gevonden"
    assert body["detail"] == "Persoon niet gevonden, of u heeft geen toegang."
    assert elsewhere.bsn not in response.content.decode()
    assert "Elders" not in response.content.decode()
    # Exactly the same answer as for a person that does not exist.
    missing = problem(world["consulent"].get("/api/v1/personen/999999"), 404)
    assert {k: v for k, v in missing.items() if k != "instance"} == {
        k: v for k, v in body.items() if k != "instance"
    }
    refused = AuditEntry.objects.filter(action=AuditEntry.Kind.REFUSED).order_by("sequence")
    assert [e.object_id for e in refused] == [str(elsewhere.pk), "999999"]
    assert {e.actor_id for e in refused} == {world["consulent_user"].pk}
    # A non-numeric id is simply an address that does not exist.
    problem(world["consulent"].get("/api/v1/personen/abc"), 404)


def test_anonymous_clients_get_401(world) -> None:
    problem(APIClient().get("/api/v1/personen"), 401)
    problem(APIClient().get(f"/api/v1/personen/{world['anna'].pk}"), 401)
    assert AuditEntry.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------------------------
def test_create_registers_person_address_and_registration(world) -> None:
    response = world["consulent"].post("/api/v1/personen", new_person(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bsn"] == helpers.BSNS[10]
    assert (body["voornamen"], body["voorvoegsel"], body["achternaam"]) == (
        "Sanne Maria",
        "van",
        "Dijk",
    )
    assert body["verantwoordelijkeGemeente"] == "GM0981"
    assert body["adres"]["woontSinds"] == "2024-06-01"
    assert body["inschrijvingen"][0]["vertrouwelijkheid"] == "zaakvertrouwelijk"
    # It is now in the consulent's list, and its creation is audited.
    shown = world["consulent"].get(f"/api/v1/personen?bsn={helpers.BSNS[10]}").json()
    assert shown["count"] == 1
    created = AuditEntry.objects.get(action=AuditEntry.Kind.CREATE)
    assert created.data_subject_id == helpers.BSNS[10]
    assert created.changes["fields"]["surname"] == [None, "Dijk"]


def test_create_refuses_an_invalid_bsn_naming_the_field(world) -> None:
    fields = invalid(
        world["consulent"].post("/api/v1/personen", new_person(bsn="123456789"), format="json")
    )
    assert list(fields) == ["bsn"]
    assert "elfproef" in fields["bsn"]
    assert not Person.objects.filter(bsn="123456789").exists()


def test_create_refuses_a_birth_date_in_the_future(world) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    fields = invalid(
        world["consulent"].post(
            "/api/v1/personen", new_person(geboortedatum=tomorrow), format="json"
        )
    )
    assert fields == {"geboortedatum": "De geboortedatum ligt in de toekomst."}


def test_create_refuses_an_unknown_municipality_or_domain(world) -> None:
    client = world["consulent"]
    fields = invalid(
        client.post("/api/v1/personen", new_person(adres={"gemeente": "GM9999"}), format="json")
    )
    assert fields == {"adres.gemeente": "Onbekende gemeente: GM9999."}
    fields = invalid(
        client.post(
            "/api/v1/personen", new_person(inschrijving={"domein": "astrologie"}), format="json"
        )
    )
    assert fields == {"inschrijving.domein": "Onbekend domein: astrologie."}
    fields = invalid(
        client.post(
            "/api/v1/personen",
            new_person(inschrijving={"vertrouwelijkheid": "supergeheim"}),
            format="json",
        )
    )
    assert fields == {"inschrijving.vertrouwelijkheid": "Onbekende vertrouwelijkheid: supergeheim."}
    assert Person.objects.count() == 4


# ---------------------------------------------------------------------------------------------
# Create with a BSN that is already known (issue 10: the answer must not tell whether a BSN
# is a client elsewhere)
# ---------------------------------------------------------------------------------------------
ALREADY_VISIBLE = (
    "Er is al een persoon met dit BSN; een persoon komt maar één keer voor. Zoek op dit BSN "
    "bij Personen en open die persoon."
)
NOT_REGISTRABLE = (
    "Met dit BSN kan hier geen persoon worden ingeschreven. Controleer het BSN, de naam, de "
    "geboortedatum en het adres."
)


def as_stored(person: Person, **overrides: Any) -> dict[str, Any]:
    """A registration stating the identity of ``person`` as stored (helpers.person)."""
    fields = {
        "bsn": person.bsn,
        "voornamen": "Test",
        "voorvoegsel": "",
        "achternaam": person.surname,
        "geboortedatum": "1980-05-01",
        **overrides,
    }
    return new_person(**fields)


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Registration.objects.count(), Address.objects.count()


def test_create_refuses_a_bsn_the_actor_can_see_and_points_to_that_person(world) -> None:
    before = counts()
    fields = invalid(
        world["consulent"].post(
            "/api/v1/personen", new_person(bsn=world["bert"].bsn), format="json"
        )
    )
    assert fields == {"bsn": ALREADY_VISIBLE}
    assert counts() == before


def test_a_bsn_known_only_outside_the_scope_gets_one_answer_whatever_the_reason(world) -> None:
    moved = helpers.person(
        helpers.BSNS[4],
        world["vaals"],
        [(helpers.domains("participatiewet")["participatiewet"], helpers.Z)],
        until=helpers.today() - dt.timedelta(days=1),
        surname="Verhuisd",
    )
    pw, wmo = world["consulent"], world["wmo_consulent"]
    in_wmo = {"inschrijving": {"domein": "wmo"}}
    attempts = {
        # lives in Maastricht; the Vaals consulent states the right identity and Vaals
        "municipality": (pw, as_stored(world["elsewhere"])),
        "municipality (wmo)": (wmo, as_stored(world["elsewhere"], **in_wmo)),
        # lives in Vaals, but its only file is above the consulent's level
        "registration above the level": (pw, as_stored(world["secret"])),
        # lives in Vaals, known in Participatiewet only: the Wmo consulent mistyped the identity
        "surname": (wmo, as_stored(world["bert"], achternaam="Bos", **in_wmo)),
        "birth date": (wmo, as_stored(world["bert"], geboortedatum="1980-05-02", **in_wmo)),
        # no address today (moved out of Vaals yesterday)
        "no address": (wmo, as_stored(moved, **in_wmo)),
    }
    before = counts()
    bodies = {}
    for reason, (client, body) in attempts.items():
        response = client.post("/api/v1/personen", body, format="json")
        assert invalid(response) == {"bsn": NOT_REGISTRABLE}, reason
        bodies[reason] = response.content
    # Byte for byte the same answer, so nothing tells the reasons (or the person) apart.
    assert len(set(bodies.values())) == 1, bodies
    shown = next(iter(bodies.values())).decode()
    for hidden in ("Elders", "Geheim", "Bosch", "Verhuisd", "GM0935", "Maastricht"):
        assert hidden not in shown
    assert counts() == before  # nothing saved: no person, registration or address


def test_a_refused_registration_is_audited_for_the_officer(world) -> None:
    elsewhere = world["elsewhere"]
    in_wmo = {"inschrijving": {"domein": "wmo"}}
    world["wmo_consulent"].post("/api/v1/personen", as_stored(elsewhere, **in_wmo), format="json")
    world["consulent"].post("/api/v1/personen", as_stored(world["secret"]), format="json")
    refused = AuditEntry.objects.filter(action=AuditEntry.Kind.REFUSED).order_by("sequence")
    assert [
        (e.actor_id, e.object_type, e.object_id, e.data_subject_id, e.municipality_code)
        for e in refused
    ] == [
        (world["wmo_consulent_user"].pk, "inschrijving", "", elsewhere.bsn, "GM0981"),
        (world["consulent_user"].pk, "inschrijving", "", world["secret"].bsn, "GM0981"),
    ]
    first, second = refused
    assert (first.domain_code, first.purpose, first.roles) == ("wmo", "uitvoering", "Consulent")
    # For the officer: the person's responsible municipality, the person and the reasons.
    assert first.changes["refusal"] == {
        "reasons": ["municipality"],
        "person": elsewhere.pk,
        "responsible_municipality": "GM0935",
    }
    assert second.changes["refusal"]["reasons"] == ["registration"]
    assert second.changes["refusal"]["responsible_municipality"] == "GM0981"

    # The officer finds such attempts as refused registrations, by BSN or by action.
    found = world["fg"].get(f"/api/v1/auditregels?bsn={elsewhere.bsn}").json()["results"]
    (line,) = [r for r in found if r["soortObject"] == "inschrijving"]
    assert (line["handeling"], line["bsn"], line["gebruiker"], line["domein"]) == (
        "geweigerd",
        elsewhere.bsn,
        "w.vaals",
        "wmo",
    )
    refusals = world["fg"].get("/api/v1/auditregels?handeling=geweigerd").json()["results"]
    assert [(r["soortObject"], r["bsn"]) for r in refusals] == [
        ("inschrijving", world["secret"].bsn),
        ("inschrijving", elsewhere.bsn),
    ]
    # The visible columns hold only what the actor stated: no reason, no municipality of
    # the person (the actor reads their own lines on "Mijn toegang").
    assert {tuple(r["gewijzigdeVelden"]) for r in refusals} == {()}


def test_a_known_bsn_is_added_to_that_person_when_it_lives_here_and_the_identity_matches(
    world,
) -> None:
    bert, client = world["bert"], world["wmo_consulent"]
    assert client.get(f"/api/v1/personen/{bert.pk}").status_code == 404  # not in Wmo yet
    before = counts()
    stated = as_stored(
        bert,
        voornamen="Bert Jan",  # not compared; the stored names stay
        achternaam="  BOSCH ",  # surname compared casefolded, whitespace normalised
        adres={"straat": "Nieuwstraat", "huisnummer": "3", "woontSinds": "2025-01-01"},
        inschrijving={"domein": "wmo", "onderwerp": "Huishoudelijke hulp"},
    )
    response = client.post("/api/v1/personen", stated, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    # Exactly one registration more; the person and the address are those that were there.
    persons, registrations, addresses = before
    assert counts() == (persons, registrations + 1, addresses)
    bert.refresh_from_db()
    assert (bert.given_names, bert.surname, bert.version) == ("Test", "Bosch", 1)
    assert [a.street for a in bert.addresses.all()] == ["Kerkstraat"]

    # The answer of a new registration: the same status and shape, the person as the actor
    # may now see it (stored names and address, only the Wmo registration).
    new = world["consulent"].post("/api/v1/personen", new_person(), format="json")
    assert new.status_code == 201
    assert list(body) == list(new.json())
    assert response["ETag"] == '"1"'
    assert (body["id"], body["bsn"], body["voornamen"], body["achternaam"]) == (
        bert.pk,
        bert.bsn,
        "Test",
        "Bosch",
    )
    assert body["adres"]["straat"] == "Kerkstraat"
    assert body["inschrijvingen"] == [
        {
            "domein": "wmo",
            "onderwerp": "Huishoudelijke hulp",
            "vertrouwelijkheid": "zaakvertrouwelijk",
            "ingeschrevenOp": timezone.localdate().isoformat(),
        }
    ]
    # Now the Wmo consulent sees Bert, without the Participatiewet file; and vice versa.
    detail = client.get(f"/api/v1/personen/{bert.pk}")
    assert [i["domein"] for i in detail.json()["inschrijvingen"]] == ["wmo"]
    assert "Dossier participatiewet" not in detail.content.decode()
    other = world["consulent"].get(f"/api/v1/personen/{bert.pk}").json()
    assert [i["domein"] for i in other["inschrijvingen"]] == ["participatiewet"]

    # Audited as the creation of a registration on that person, names of what was kept only.
    (created,) = AuditEntry.objects.filter(action="create", object_type="inschrijving")
    registration = Registration.objects.get(person=bert, domain__code="wmo")
    assert (created.object_id, created.data_subject_id) == (str(registration.pk), bert.bsn)
    assert (created.municipality_code, created.domain_code) == ("GM0981", "wmo")
    assert created.actor_id == world["wmo_consulent_user"].pk
    assert created.changes == {
        "fields": {"registration": [None, "wmo: Huishoudelijke hulp"]},
        "added_to_existing_person": bert.pk,
        "stated_but_kept": [
            "given_names",
            "surname",
            "street",
            "house_number",
            "postal_code",
            "living_since",
        ],
    }
    assert "Nieuwstraat" not in json.dumps(created.changes)

    # A second time it is a person the actor can see.
    again = client.post("/api/v1/personen", stated, format="json")
    assert invalid(again) == {"bsn": ALREADY_VISIBLE}


def test_another_municipality_cannot_attach_to_a_person_living_elsewhere(world) -> None:
    """The Vaals Wmo consulent knows everything about the Maastricht resident: stating Vaals
    is refused like any other reason, stating Maastricht is the 403 an unknown BSN gets."""
    elsewhere, client = world["elsewhere"], world["wmo_consulent"]
    here = as_stored(elsewhere, inschrijving={"domein": "wmo"})
    assert invalid(client.post("/api/v1/personen", here, format="json")) == {"bsn": NOT_REGISTRABLE}
    there = as_stored(elsewhere, adres={"gemeente": "GM0935"}, inschrijving={"domein": "wmo"})
    known = client.post("/api/v1/personen", there, format="json")
    unknown = client.post(
        "/api/v1/personen",
        {**there, "bsn": helpers.BSNS[11]},
        format="json",
    )
    assert problem(known, 403)["detail"] == problem(unknown, 403)["detail"]
    assert known.content == unknown.content
    assert not Registration.objects.filter(person=elsewhere, domain__code="wmo").exists()
    assert client.get(f"/api/v1/personen/{elsewhere.pk}").status_code == 404


def test_create_for_another_municipality_is_forbidden(world) -> None:
    response = world["consulent"].post(
        "/api/v1/personen", new_person(adres={"gemeente": "GM0935"}), format="json"
    )
    body = problem(response, 403)
    assert "Maastricht" in body["detail"]
    assert not Person.objects.filter(bsn=helpers.BSNS[10]).exists()
    problem(world["toetser"].post("/api/v1/personen", new_person(), format="json"), 403)


# ---------------------------------------------------------------------------------------------
# Change
# ---------------------------------------------------------------------------------------------
def test_patch_changes_names_with_the_version_in_the_body_or_if_match(world) -> None:
    client, bert = world["consulent"], world["bert"]
    response = client.patch(
        f"/api/v1/personen/{bert.pk}", {"achternaam": "Bakker", "versie": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["achternaam"], response.json()["versie"]) == ("Bakker", 2)
    assert response["ETag"] == '"2"'
    response = client.patch(
        f"/api/v1/personen/{bert.pk}",
        {"voornamen": "Bart", "geboortedatum": "1981-01-02"},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert response.status_code == 200, response.content
    bert.refresh_from_db()
    assert (bert.given_names, bert.surname, bert.birth_date, bert.version) == (
        "Bart",
        "Bakker",
        D(1981, 1, 2),
        3,
    )
    updates = AuditEntry.objects.filter(action=AuditEntry.Kind.UPDATE).order_by("sequence")
    assert [e.changes["fields"] for e in updates] == [
        {"surname": ["Bosch", "Bakker"]},
        {"given_names": ["Test", "Bart"], "birth_date": ["1980-05-01", "1981-01-02"]},
    ]


def test_patch_with_a_stale_version_is_412_and_changes_nothing(world) -> None:
    client, bert = world["consulent"], world["bert"]
    url = f"/api/v1/personen/{bert.pk}"
    assert (
        client.patch(url, {"achternaam": "Eerste", "versie": 1}, format="json").status_code == 200
    )
    body = problem(client.patch(url, {"achternaam": "Tweede", "versie": 1}, format="json"), 412)
    assert body["title"] == "Gegevens zijn intussen gewijzigd"
    assert "intussen door iemand anders gewijzigd" in body["detail"]
    problem(client.patch(url, {"achternaam": "Tweede"}, format="json", HTTP_IF_MATCH='"1"'), 412)
    bert.refresh_from_db()
    assert (bert.surname, bert.version) == ("Eerste", 2)


def test_patch_needs_a_version_and_only_changes_names_and_birth_date(world) -> None:
    client, bert = world["consulent"], world["bert"]
    url = f"/api/v1/personen/{bert.pk}"
    assert list(invalid(client.patch(url, {"achternaam": "X"}, format="json"))) == ["versie"]
    fields = invalid(client.patch(url, {"bsn": helpers.BSNS[20], "versie": 1}, format="json"))
    assert fields == {"bsn": "Dit gegeven kan hier niet worden gewijzigd."}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    fields = invalid(client.patch(url, {"geboortedatum": tomorrow, "versie": 1}, format="json"))
    assert fields == {"geboortedatum": "De geboortedatum ligt in de toekomst."}
    bert.refresh_from_db()
    assert (bert.bsn, bert.version) == (helpers.BSNS[1], 1)


def test_a_toetser_may_read_but_patch_is_403(world) -> None:
    client, bert = world["toetser"], world["bert"]
    assert client.get(f"/api/v1/personen/{bert.pk}").status_code == 200
    body = problem(
        client.patch(
            f"/api/v1/personen/{bert.pk}", {"achternaam": "Anders", "versie": 1}, format="json"
        ),
        403,
    )
    assert body["detail"] == "U mag deze persoon inzien maar niet wijzigen."
    bert.refresh_from_db()
    assert (bert.surname, bert.version) == ("Bosch", 1)


def test_patch_of_a_person_of_another_municipality_is_404_and_audited(world) -> None:
    elsewhere = world["elsewhere"]
    response = world["consulent"].patch(
        f"/api/v1/personen/{elsewhere.pk}", {"achternaam": "X", "versie": 1}, format="json"
    )
    problem(response, 404)
    elsewhere.refresh_from_db()
    assert elsewhere.surname == "Elders"
    refused = AuditEntry.objects.get(action=AuditEntry.Kind.REFUSED)
    assert refused.object_id == str(elsewhere.pk)


# ---------------------------------------------------------------------------------------------
# The audit trail
# ---------------------------------------------------------------------------------------------
def test_auditregels_are_forbidden_for_a_consulent(world) -> None:
    world["consulent"].get("/api/v1/personen")
    body = problem(world["consulent"].get("/api/v1/auditregels"), 403)
    assert "functionaris gegevensbescherming" in body["detail"]
    problem(world["toetser"].get("/api/v1/auditregels"), 403)


def test_auditregels_for_the_officer_without_case_contents(world) -> None:
    bert = world["bert"]
    world["consulent"].get("/api/v1/personen")
    world["consulent"].patch(
        f"/api/v1/personen/{bert.pk}", {"achternaam": "Verborgen", "versie": 1}, format="json"
    )
    world["consulent"].get(f"/api/v1/personen/{world['elsewhere'].pk}")

    response = world["fg"].get("/api/v1/auditregels")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # two persons listed, one change, one refusal
    assert [r["handeling"] for r in body["results"]] == [
        "geweigerd",
        "wijzigen",
        "lijst-inzien",
        "lijst-inzien",
    ]
    change = body["results"][1]
    assert change["bsn"] == bert.bsn
    assert change["gebruiker"] == "c.vaals"
    assert change["rollen"] == "Consulent"
    assert change["gemeente"] == "GM0981"
    assert change["doel"] == "uitvoering"
    assert change["gewijzigdeVelden"] == ["surname"]
    assert set(change) >= {"tijdstip", "soortObject", "objectId", "verzoekId", "adresClient"}
    text = response.content.decode()
    assert "Verborgen" not in text and "Bosch" not in text  # no old or new values
    assert "changes" not in change

    # The officer's own search is recorded too, for supervision (purpose toezicht).
    own = AuditEntry.objects.get(object_type="audittrail")
    assert (own.action, own.purpose, own.roles) == (
        "list",
        "toezicht",
        "Functionaris gegevensbescherming",
    )


def test_auditregels_filters(world) -> None:
    client = world["consulent"]
    client.get("/api/v1/personen")
    client.patch(
        f"/api/v1/personen/{world['bert'].pk}", {"achternaam": "B2", "versie": 1}, format="json"
    )
    fg = world["fg"]

    def found(query: str) -> list[tuple[str, str]]:
        """Entries about persons (not the officer's own searches of the trail)."""
        response = fg.get(f"/api/v1/auditregels?{query}")
        assert response.status_code == 200, response.content
        results = response.json()["results"]
        return [(r["handeling"], r["bsn"]) for r in results if r["soortObject"] == "persoon"]

    bert, anna = world["bert"].bsn, world["anna"].bsn
    assert found(f"bsn={bert}") == [("wijzigen", bert), ("lijst-inzien", bert)]
    assert found("handeling=wijzigen") == [("wijzigen", bert)]
    assert found("gebruiker=vaals&handeling=wijzigen") == [("wijzigen", bert)]
    assert found("gebruiker=iemand-anders") == []
    assert found(f"gemeente=GM0981&handeling=lijst-inzien&bsn={anna}") == [("lijst-inzien", anna)]
    assert found("gemeente=GM0935&handeling=lijst-inzien") == []
    today = timezone.localdate()
    assert len(found(f"vanaf={today}&tot={today}&handeling=lijst-inzien")) == 2
    assert found(f"tot={today - dt.timedelta(days=1)}") == []
    assert found(f"vanaf={today + dt.timedelta(days=1)}") == []
    assert list(invalid(fg.get("/api/v1/auditregels?handeling=kijken"))) == ["handeling"]
    assert list(invalid(fg.get("/api/v1/auditregels?vanaf=2026-02-30"))) == ["vanaf"]
    assert fg.get("/api/v1/auditregels?pagina=99").status_code == 404
    # A page number that is no whole number is bad input naming the parameter (issue 10).
    assert list(invalid(fg.get("/api/v1/auditregels?pagina=nul"))) == ["pagina"]
