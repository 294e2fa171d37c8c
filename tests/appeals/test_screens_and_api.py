"""The appeal screens and `/api/v1/beroepen` as staff and clients use them: registering a
beroep from the objection's page, the worklist of court deadlines, the steps up to the new
decision a ruling orders, hoger beroep; a Vaals appeal is 404 for a Maastricht-only grant on
page and API; every read audited; malformed input refused in Dutch with nothing written.
"Today" is pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.appeals import proceedings, services
from samen.appeals.models import Appeal
from samen.cases.models import Case
from samen.objections.models import Objection
from tests.cases.conftest import World
from tests.web.pages import logged_in, nav, table_rows, text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.default_format = "json"
    client.force_authenticate(world.user(username))
    return client


def beroep(world: World, objection: Objection, **extra: Any) -> Appeal:
    data = {"filed_on": D(2026, 6, 10), "court_reference": "ROE 26/1234 PW", **extra}
    return services.file_appeal(world.user("jurist"), objection.pk, services.NewAppeal(**data))


def invalid(response: Any) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in json.loads(response.content)["invalidParams"]}


# --- Screens ---------------------------------------------------------------------------------
def test_the_objection_page_links_to_registering_a_beroep_and_the_form_files_it(
    world: World, objection: Objection
) -> None:
    client = logged_in(world.user("jurist"))
    page = client.get(f"/bezwaren/{objection.pk}")
    assert f'href="/bezwaren/{objection.pk}/beroepen/nieuw"' in page.content.decode()
    assert "Er is geen beroep geregistreerd." in text(page)
    assert "Beroepen" in nav(page)
    form = client.get(f"/bezwaren/{objection.pk}/beroepen/nieuw")
    assert "Rechtbank Limburg" in text(form) and "4 mei 2026" in text(form)
    response = client.post(
        f"/bezwaren/{objection.pk}/beroepen/nieuw",
        {
            "filed_on": "10-06-2026",
            "court_reference": "ROE 26/1234 PW",
            "notified_on": "17-06-2026",
            "defence_due": "15-12-2026",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/beroepen/{appeal.pk}"
    body = text(client.get(f"/beroepen/{appeal.pk}"))
    assert "Beroep bij de rechtbank ROE 26/1234 PW" in body
    assert "termijn tot en met 15 juni 2026" in body and "uiterlijk 15 december 2026" in body
    page = client.get(f"/bezwaren/{objection.pk}")
    assert f'href="/beroepen/{appeal.pk}"' in page.content.decode()
    assert f'href="/bezwaren/{objection.pk}/beroepen/nieuw"' not in page.content.decode()


def test_malformed_filing_is_refused_in_dutch_and_nothing_written(
    world: World, objection: Objection
) -> None:
    client = logged_in(world.user("jurist"))
    response = client.post(
        f"/bezwaren/{objection.pk}/beroepen/nieuw",
        {"filed_on": "31-02-2026", "court_reference": "x" * 41, "sneaky": "1"},
    )
    assert response.status_code == 400
    body = text(response)
    assert "Vul een geldige datum in" in body and "Maximaal 40 tekens." in body
    assert "onbekend veld: sneaky" in body
    response = client.post(
        f"/bezwaren/{objection.pk}/beroepen/nieuw",
        {"filed_on": "01-12-2026", "court_reference": "ROE <1>"},
    )
    assert response.status_code == 400
    body = text(response)
    assert "ligt in de toekomst" in body and "letters, cijfers" in body
    assert Appeal.objects.count() == 0


def test_the_worklist_and_the_steps_to_the_new_decision(world: World, objection: Objection) -> None:
    appeal = beroep(world, objection, notified_on=D(2026, 6, 17), defence_due=D(2026, 11, 27))
    client = logged_in(world.user("jurist"))
    rows = table_rows(client.get("/beroepen"))
    assert rows == [
        [
            "27 november 2026 Bijna verlopen",
            "Stukken en verweerschrift naar de rechter",
            "ROE 26/1234 PW",
            "Rechtbank Limburg, sector bestuursrecht",
            "Anna Janssen",
            "Vaals",
            "3",
        ]
    ]
    steps = [
        ("verweerschrift", {"version": 1, "defence_sent_on": "20-11-2026"}),
        ("zitting", {"version": 2, "hearing_on": "12-11-2026"}),
        (
            "uitspraak",
            {
                "version": 3,
                "outcome": "gegrond",
                "ruling_on": "18-11-2026",
                "ruling_sent_on": "19-11-2026",
                "consequence": "nieuw_besluit",
            },
        ),
    ]
    for slug, data in steps:
        response = client.post(f"/beroepen/{appeal.pk}/{slug}", data)
        assert response.status_code == 302, (slug, text(response))
    appeal.refresh_from_db()
    new_case = Case.objects.get(pk=appeal.new_case_id)
    assert new_case.deadline == D(2026, 12, 31)
    rows = table_rows(client.get("/beroepen"))
    assert [(row[0], row[1]) for row in rows] == [
        ("31 december 2026", "Einde termijn hoger beroep"),
        ("31 december 2026", "Nieuwe beslissing op bezwaar"),
    ]
    detail = text(client.get(f"/beroepen/{appeal.pk}"))
    assert "Nog te nemen, uiterlijk donderdag 31 december 2026." in detail
    assert "Nieuwe beslissing op bezwaar nemen" in detail and "Hoger beroep registreren" in detail
    case_page = text(client.get(f"/zaken/{new_case.pk}"))
    assert "Deze zaak is de nieuwe beslissing op bezwaar" in case_page
    response = client.post(
        f"/beroepen/{appeal.pk}/nieuwe-beslissing",
        {"version": 4, "outcome": "gegrond", "decided_on": "23-11-2026", "reasoning": "Klopt."},
    )
    assert response.status_code == 302, text(response)
    assert "Het bezwaar is gegrond verklaard." in text(client.get(f"/beroepen/{appeal.pk}"))
    assert [row[1] for row in table_rows(client.get("/beroepen"))] == ["Einde termijn hoger beroep"]
    late = client.post(f"/beroepen/{appeal.pk}/zitting", {"version": 5, "hearing_on": "01-12-2026"})
    assert late.status_code == 400 and "Er is al uitspraak gedaan." in text(late)


def test_a_vaals_appeal_is_404_for_a_maastricht_only_grant(
    world: World, objection: Objection
) -> None:
    appeal = beroep(world, objection, defence_due=D(2026, 12, 10))
    client = logged_in(world.user("consulent.maastricht"))
    for url in (
        f"/beroepen/{appeal.pk}",
        f"/beroepen/{appeal.pk}/zitting",
        f"/bezwaren/{objection.pk}/beroepen/nieuw",
    ):
        assert client.get(url).status_code == 404, url
    posted = client.post(
        f"/beroepen/{appeal.pk}/zitting", {"version": 1, "hearing_on": "1-12-2026"}
    )
    assert posted.status_code == 404
    assert "ROE 26/1234 PW" not in text(client.get("/beroepen"))
    other = api(world, "consulent.maastricht")
    assert other.get(f"/api/v1/beroepen/{appeal.pk}").status_code == 404
    assert other.get("/api/v1/beroepen").json()["count"] == 0
    assert other.get("/api/v1/beroepen/termijnen").json()["count"] == 0
    refused = other.post(
        f"/api/v1/beroepen/{appeal.pk}/zitting", {"datumZitting": "2026-12-01", "versie": 1}
    )
    assert refused.status_code == 404
    assert refused["Content-Type"].startswith("application/problem+json")
    created = other.post(
        "/api/v1/beroepen",
        {"bezwaar": objection.pk, "datumIngesteld": "2026-06-10", "zaaknummer": "ROE 26/9 PW"},
    )
    assert created.status_code == 400 and "niet gevonden" in created.content.decode()
    appeal.refresh_from_db()
    assert appeal.hearing_on is None and Appeal.objects.count() == 1


def test_every_read_is_audited_on_page_and_api(world: World, objection: Objection) -> None:
    appeal = beroep(world, objection, defence_due=D(2026, 12, 10))
    reads = AuditEntry.objects.filter(
        object_type="beroep", object_id=f"{objection.case.reference}/{appeal.pk}"
    )
    client = logged_in(world.user("jurist"))
    client.get(f"/beroepen/{appeal.pk}")
    client.get("/beroepen")
    client.get(f"/bezwaren/{objection.pk}")  # the objection's page lists its appeals
    api(world, "jurist").get(f"/api/v1/beroepen/{appeal.pk}")
    api(world, "jurist").get("/api/v1/beroepen")
    api(world, "jurist").get("/api/v1/beroepen/termijnen")
    assert reads.filter(action="read").count() == 2
    assert reads.filter(action="list").count() == 4


# --- API -------------------------------------------------------------------------------------
def test_api_create_steps_hoger_beroep_and_deadlines(world: World, objection: Objection) -> None:
    client = api(world, "jurist")
    response = client.post(
        "/api/v1/beroepen",
        {
            "bezwaar": objection.pk,
            "datumIngesteld": "2026-06-10",
            "zaaknummer": "ROE 26/1234 PW",
            "datumOntvangen": "2026-06-17",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rechter"] == "Rechtbank Limburg, sector bestuursrecht"
    assert body["eindeBeroepstermijn"] == "2026-06-15" and body["gemeente"] == "GM0981"
    # No date from the court: Awb 8:42 proposes four weeks after 17 June.
    assert (
        body["verweerschriftUiterlijk"] is None and body["verweerschriftVoorstel"] == "2026-07-15"
    )
    url = response["Location"]
    response = client.post(
        f"{url}/uitspraak",
        {
            "uitkomst": "ongegrond",
            "datumUitspraak": "2026-10-22",
            "datumVerzonden": "2026-10-23",
        },
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["eindeTermijnHogerBeroep"] == "2026-12-04"
    assert response.json()["termijnen"] == [
        {
            "soort": "hoger-beroep",
            "omschrijving": "Einde termijn hoger beroep",
            "datum": "2026-12-04",
        }
    ]
    response = client.post(
        f"{url}/hoger-beroep",
        {
            "datumIngesteld": "2026-11-16",
            "zaaknummer": "26/4567 PW",
            "ingesteldDoor": "indiener",
            "datumOntvangen": "2026-11-20",
            "verweerschriftUiterlijk": "2026-12-18",
        },
    )
    assert response.status_code == 201, response.content
    higher = response.json()
    assert higher["rechter"] == "Centrale Raad van Beroep" and higher["instantie"] == "hoger_beroep"
    assert higher["hogerBeroepVan"] == int(url.rsplit("/", 1)[1])
    deadlines = client.get("/api/v1/beroepen/termijnen").json()["results"]
    assert client.get("/api/v1/beroepen/termijnen?soort=zitting").status_code == 400
    assert [(d["soort"], d["datum"], d["beroep"]["zaaknummer"]) for d in deadlines] == [
        ("verweerschrift", "2026-12-18", "26/4567 PW")
    ]
    listed = client.get("/api/v1/beroepen").json()
    assert [r["zaaknummer"] for r in listed["results"]] == ["26/4567 PW"]
    assert client.get("/api/v1/beroepen?afgehandeld=true").json()["count"] == 2
    # The same yes/no in the query string of /bezwaren (the decided objection shows with it).
    assert client.get("/api/v1/bezwaren").json()["count"] == 0
    assert client.get("/api/v1/bezwaren?afgehandeld=true").json()["count"] == 1
    refused = client.get("/api/v1/beroepen?afgehandeld=ja")
    assert refused.status_code == 400 and invalid(refused) == {"afgehandeld": "Geef true of false."}


def test_api_malformed_input_is_refused_in_dutch_and_nothing_written(
    world: World, objection: Objection
) -> None:
    client = api(world, "jurist")
    response = client.post(
        "/api/v1/beroepen",
        {
            "bezwaar": objection.pk,
            "datumIngesteld": "2026-02-30",
            "zaaknummer": "x" * 41,
            "onbekend": 1,
        },
    )
    assert response.status_code == 400
    assert set(invalid(response)) == {"datumIngesteld", "zaaknummer", "onbekend"}
    response = client.post(
        "/api/v1/beroepen",
        {"bezwaar": objection.pk, "datumIngesteld": "2026-06-10", "zaaknummer": "ROE <26>"},
    )
    assert "letters, cijfers" in invalid(response)["zaaknummer"]
    assert Appeal.objects.count() == 0
    appeal = beroep(world, objection)
    url = f"/api/v1/beroepen/{appeal.pk}"
    response = client.post(
        f"{url}/uitspraak",
        {"uitkomst": "vernietigd", "datumUitspraak": "2026-10-22", "versie": 1},
    )
    assert "Onbekende uitkomst: vernietigd." in invalid(response)["uitkomst"]
    response = client.post(
        f"{url}/uitspraak",
        {"uitkomst": "gegrond", "datumUitspraak": "2026-10-22", "versie": 1},
    )
    names = invalid(response)
    assert "8:72 lid 1" in names["gevolg"] and "verzonden" in names["datumVerzonden"]
    stale = client.post(f"{url}/zitting", {"datumZitting": "2026-12-01", "versie": 7})
    assert stale.status_code == 412
    appeal.refresh_from_db()
    assert appeal.version == 1 and appeal.outcome == "" and appeal.hearing_on is None
    ruled = proceedings.record_ruling(
        world.user("jurist"), appeal.pk, proceedings.Ruling("ingetrokken", D(2026, 9, 1))
    )
    response = client.post(
        f"{url}/hoger-beroep",
        {"datumIngesteld": "2026-09-10", "zaaknummer": "26/1 PW", "ingesteldDoor": "college"},
    )
    assert response.status_code == 400 and "hogerBeroepVan" in invalid(response)
    assert Appeal.objects.count() == 1 and ruled.outcome == "ingetrokken"
