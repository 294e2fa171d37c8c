"""The complaint screens and `/api/v1/klachten` as staff and clients use them: registering
from the person page and with a BSN, the worklist by deadline, the complaint page with its
steps; Awb 9:7 refused; a Vaals complaint is 404 for a Maastricht-only grant on page and
API; every read audited; malformed input refused in Dutch with nothing written. "Today" is
pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.complaints.models import Complaint
from tests.cases.conftest import World
from tests.complaints.conftest import number, register
from tests.web.pages import logged_in, nav, table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.default_format = "json"
    client.force_authenticate(world.user(username))
    return client


def problems(response) -> dict[str, str]:  # noqa: ANN001
    return {p["name"]: p["reason"] for p in json.loads(response.content)["invalidParams"]}


# --- Screens ---------------------------------------------------------------------------------
def test_the_person_page_links_to_the_form_that_registers_the_complaint(office: World) -> None:
    anna = office.persons["vaals"]
    client = logged_in(office.user("jurist"))
    page = client.get(f"/personen/{anna.pk}")
    assert f'href="/personen/{anna.pk}/klachten/nieuw"' in page.content.decode()
    assert "Klachten" in nav(page)
    response = client.post(
        f"/personen/{anna.pk}/klachten/nieuw",
        {
            "domain": "participatiewet",
            "received_on": "10-02-2026",
            "received_via": "post",
            "behaviour_on": "02-02-2026",
            "behaviour": "De consulent hing op.",
            "official": number(office, "consulent.vaals"),
            "handler": number(office, "jurist"),
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/klachten/{complaint.pk}"
    body = text(client.get(f"/klachten/{complaint.pk}"))
    assert "Afhandelen uiterlijk op dinsdag 24 maart 2026." in body
    assert "die behandelt haar niet (artikel 9:7 Awb)" in body
    assert "Horen vastleggen" in body and "Klacht afhandelen" in body
    # The person page's block lists it (htmx), audited as a list.
    block = client.get(f"/personen/{anna.pk}/klachten", HTTP_HX_REQUEST="true")
    assert complaint.reference in text(block)


def test_registering_with_a_bsn_and_awb_9_7_refused_on_the_form(office: World) -> None:
    client = logged_in(office.user("jurist"))
    form = {
        "bsn": "999990019",
        "domain": "participatiewet",
        "received_on": "10-02-2026",
        "received_via": "digitaal",
        "behaviour_on": "02-02-2026",
        "behaviour": "Onvriendelijk.",
        "official": number(office, "consulent.vaals"),
        "handler": number(office, "consulent.vaals"),
    }
    refused = client.post("/klachten/nieuw", form)
    assert refused.status_code == 400
    assert "De behandelaar mag niet de medewerker zijn over wie geklaagd wordt" in text(refused)
    assert Complaint.objects.count() == 0
    good = {**form, "handler": number(office, "jurist")}
    response = client.post("/klachten/nieuw", good)
    assert response.status_code == 302
    assert Complaint.objects.get().person == office.persons["vaals"]
    # The Vaals consulent cannot find Carla Smeets of Maastricht by her BSN.
    other = logged_in(office.user("consulent.vaals"))
    hidden = other.post("/klachten/nieuw", {**good, "bsn": "999990032", "official": ""})
    assert hidden.status_code == 400 and "Geen inwoner met dit BSN gevonden" in text(hidden)


def test_malformed_registration_is_refused_in_dutch_and_nothing_written(office: World) -> None:
    client = logged_in(office.user("jurist"))
    anna = office.persons["vaals"]
    response = client.post(
        f"/personen/{anna.pk}/klachten/nieuw",
        {
            "domain": "bestaat-niet",
            "received_on": "31-02-2026",
            "received_via": "duif",
            "behaviour_on": "02-02-2026",
            "behaviour": "",
            "handler": "D\x00001",
            "representative": "x" * 201,
            "sneaky": "1",
        },
    )
    assert response.status_code == 400
    body = text(response)
    assert "Dit domein is onbekend." in body
    assert "Vul een geldige datum in" in body
    assert "Kies hoe de klacht binnenkwam." in body
    assert "Deze medewerker is onbekend." in body
    assert "Maximaal 200 tekens." in body
    assert "onbekend veld: sneaky" in body
    assert Complaint.objects.count() == 0


def test_the_worklist_by_deadline_and_the_steps(office: World) -> None:
    later = register(office)  # deadline 24 March
    earlier = register(office, received_on=dt.date(2026, 2, 2))  # deadline 16 March
    client = logged_in(office.user("jurist"))
    rows = table_rows(client.get("/klachten"))
    assert [row[0] for row in rows] == [earlier.reference, later.reference]
    assert "Termijn verstreken" in rows[0][6]
    response = client.post(
        f"/klachten/{later.pk}/horen",
        {"version": 1, "hearing_on": "02-03-2026", "minutes": "Gehoord.", "official_heard": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/klachten/{later.pk}/verdagen",
        {"version": 2, "weeks": "4", "notified_on": "20-03-2026", "reason": "Getuige"},
    )
    assert response.status_code == 302
    assert Complaint.objects.get(pk=later.pk).deadline.isoformat() == "2026-04-21"
    stale = client.post(
        f"/klachten/{later.pk}/afhandelen",
        {"version": 2, "outcome": "ongegrond", "concluded_on": "10-04-2026", "conclusion": "X"},
    )
    assert stale.status_code == 409
    late = client.post(
        f"/klachten/{later.pk}/verdagen",
        {"version": 3, "weeks": "5", "notified_on": "01-04-2026", "reason": "Nog eens"},
    )
    assert late.status_code == 400 and "maar één keer" in text(late)
    response = client.post(
        f"/klachten/{later.pk}/afhandelen",
        {
            "version": 3,
            "outcome": "ongegrond",
            "concluded_on": "10-04-2026",
            "conclusion": "De consulent heeft correct gehandeld.",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/klachten/{later.pk}"))
    assert "De klacht is afgehandeld op 10 april 2026: ongegrond." in page
    assert "Nationale ombudsman" in page
    assert [row[0] for row in table_rows(client.get("/klachten"))] == [earlier.reference]


def test_the_official_complained_about_sees_no_steps(office: World) -> None:
    complaint = register(office)
    client = logged_in(office.user("consulent.vaals"))
    page = text(client.get(f"/klachten/{complaint.pk}"))
    assert "Deze klacht gaat over u" in page and "Klacht afhandelen" not in page
    response = client.post(f"/klachten/{complaint.pk}/horen", {"version": 1, "skipped": "b"})
    assert response.status_code == 400 and "gaat over u" in text(response)
    assert Complaint.objects.get().version == 1


def test_a_vaals_complaint_is_404_for_a_maastricht_only_grant(office: World) -> None:
    complaint = register(office)
    client = logged_in(office.user("consulent.maastricht"))
    for url in (f"/klachten/{complaint.pk}", f"/klachten/{complaint.pk}/horen"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/klachten/{complaint.pk}/horen", {"version": 1}).status_code == 404
    assert complaint.reference not in text(client.get("/klachten"))
    assert client.get(f"/personen/{complaint.person_id}/klachten/nieuw").status_code == 404
    maastricht = api(office, "consulent.maastricht")
    assert maastricht.get(f"/api/v1/klachten/{complaint.pk}").status_code == 404
    assert maastricht.get("/api/v1/klachten").json()["count"] == 0
    response = maastricht.post(
        f"/api/v1/klachten/{complaint.pk}/horen", {"nietHorenGrond": "b", "versie": 1}
    )
    assert response.status_code == 404
    assert Complaint.objects.get().version == 1


def test_every_read_is_audited_on_page_and_api(office: World) -> None:
    complaint = register(office)
    reads = AuditEntry.objects.filter(object_type="klacht", object_id=complaint.reference)
    logged_in(office.user("jurist")).get(f"/klachten/{complaint.pk}")
    logged_in(office.user("jurist")).get("/klachten")
    assert (reads.filter(action="read").count(), reads.filter(action="list").count()) == (1, 1)
    api(office, "jurist").get(f"/api/v1/klachten/{complaint.pk}")
    api(office, "jurist").get("/api/v1/klachten")
    assert (reads.filter(action="read").count(), reads.filter(action="list").count()) == (2, 2)
    logged_in(office.user("jurist")).get(
        f"/personen/{complaint.person_id}/klachten", HTTP_HX_REQUEST="true"
    )
    assert reads.filter(action="list").count() == 3


# --- API -------------------------------------------------------------------------------------
def test_api_create_steps_and_detail(office: World) -> None:
    client = api(office, "jurist")
    response = client.post(
        "/api/v1/klachten",
        {
            "persoon": office.persons["vaals"].pk,
            "domein": "participatiewet",
            "datumOntvangst": "2026-02-10",
            "ontvangenVia": "post",
            "gedraging": "De consulent hing op.",
            "datumGedraging": "2026-02-02",
            "beklaagde": number(office, "consulent.vaals"),
            "adviescommissie": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uitersteAfhandeldatum"] == "2026-04-21" and body["zaaktype"] == (
        "klacht-adviescommissie"
    )
    assert body["behandelaar"] == number(office, "jurist")  # default: the actor
    url = response["Location"]
    response = client.post(
        f"{url}/behandelaar", {"behandelaar": number(office, "consulent.vaals"), "versie": 1}
    )
    assert response.status_code == 400
    assert "artikel 9:7 Awb" in problems(response)["behandelaar"]
    response = client.post(
        f"{url}/horen",
        {"datumHoren": "2026-03-02", "verslag": "Gehoord.", "beklaagdeGehoord": True, "versie": 1},
    )
    assert response.status_code == 200, response.content
    response = client.post(
        f"{url}/verdaging",
        {"weken": 4, "datumBericht": "2026-04-10", "reden": "Advies commissie", "versie": 2},
    )
    assert response.json()["uitersteAfhandeldatum"] == "2026-05-19"
    response = client.post(
        f"{url}/afhandeling",
        {
            "uitkomst": "gegrond",
            "datumAfhandeling": "2026-05-01",
            "conclusie": "De klacht is terecht.",
            "maatregelenGenomen": True,
            "maatregelen": "Werkinstructie aangepast.",
            "versie": 3,
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["uitkomst"] == "gegrond" and response["ETag"] == '"4"'
    assert client.get("/api/v1/klachten").json()["count"] == 0  # open ones only
    assert client.get("/api/v1/klachten?afgehandeld=true").json()["count"] == 1
    wrong = client.get("/api/v1/klachten?afgehandeld=ja")
    assert wrong.status_code == 400 and "afgehandeld" in problems(wrong)


def test_api_malformed_input_is_refused_in_dutch_and_nothing_written(office: World) -> None:
    client = api(office, "jurist")
    good = {
        "persoon": office.persons["vaals"].pk,
        "domein": "participatiewet",
        "datumOntvangst": "2026-02-10",
        "ontvangenVia": "post",
        "gedraging": "Onvriendelijk.",
        "datumGedraging": "2026-02-02",
    }
    response = client.post(
        "/api/v1/klachten",
        {**good, "datumOntvangst": "2026-02-30", "ontvangenVia": "duif", "onbekend": 1},
    )
    assert response.status_code == 400
    names = problems(response)
    assert set(names) >= {"datumOntvangst", "ontvangenVia", "onbekend"}
    assert "Onbekende manier van ontvangst: duif." in names["ontvangenVia"]
    response = client.post("/api/v1/klachten", {**good, "gedraging": " ", "gemachtigde": "y" * 201})
    assert response.status_code == 400 and set(problems(response)) == {"gemachtigde"}
    response = client.post("/api/v1/klachten", {**good, "gedraging": " "})
    assert problems(response) == {
        "gedraging": "Beschrijf de gedraging waarover geklaagd wordt (artikel 9:4 lid 2 onder "
        "c Awb)."
    }
    response = client.post(
        "/api/v1/klachten", {**good, "datumGedraging": "2025-01-05", "behandelaar": "X999"}
    )
    assert problems(response) == {"behandelaar": "Deze behandelaar is onbekend."}
    assert Complaint.objects.count() == 0
    # A person the actor may not see: a 400 on the field, worded as "not found".
    other = api(office, "consulent.maastricht").post("/api/v1/klachten", good)
    assert other.status_code == 400 and "niet gevonden" in problems(other)["persoon"]
    assert Complaint.objects.count() == 0


def test_the_worklist_speaks_english_when_chosen(office: World, settings) -> None:  # noqa: ANN001
    register(office)
    client = logged_in(office.user("jurist"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.get("/klachten"))
    assert "Open complaints" in page and "Complaint number" in page and "Klachtnummer" not in page
