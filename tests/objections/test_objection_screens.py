"""The objection screens and `/api/v1/bezwaren` as staff and clients use them: filing from
the case page, the worklist by deadline, the procedure page with its actions, the penalty;
a Vaals objection is 404 for a Maastricht-only grant; every read audited; malformed input
refused in Dutch with nothing written. "Today" is pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.cases.models import Case, Decision
from samen.objections import handling, penalties, services
from samen.objections.models import Objection
from tests.cases.conftest import World
from tests.web.pages import logged_in, table_rows, text

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


def filed(world: World, decision: Decision, **extra: Any) -> Objection:
    data = {
        "decision_pk": decision.pk,
        "filed_on": D(2026, 3, 10),
        "received_via": "post",
        "grounds": "Mijn vermogen is lager.",
        "objector_name": "Anna Janssen",
        **extra,
    }
    return services.file_objection(world.user("jurist"), services.NewObjection(**data))


# --- Screens ---------------------------------------------------------------------------------
def test_the_case_page_links_to_filing_and_the_form_files_the_objection(
    world: World, contested: Decision
) -> None:
    client = logged_in(world.user("jurist"))
    page = client.get(f"/zaken/{contested.case_id}")
    assert page.status_code == 200
    assert f'href="/besluiten/{contested.pk}/bezwaar"' in page.content.decode()
    assert "Bezwaar registreren" in text(page)
    reads = AuditEntry.objects.filter(
        action="read", object_type="zaak", object_id=contested.case.reference
    )
    before = reads.count()
    form = client.get(f"/besluiten/{contested.pk}/bezwaar")
    assert "bekendgemaakt op 20 februari 2026" in text(form)
    assert reads.count() == before + 1  # the filing form shows the case: audited
    response = client.post(
        f"/besluiten/{contested.pk}/bezwaar",
        {
            "filed_on": "10-03-2026",
            "received_via": "post",
            "objector_name": "Anna Janssen",
            "grounds": "Mijn vermogen is lager.",
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bezwaren/{objection.pk}"
    detail = client.get(f"/bezwaren/{objection.pk}")
    body = text(detail)
    assert "Tot en met 7 april 2026: Op tijd" in body
    assert "dinsdag 19 mei 2026" in body
    assert "Hoorzitting vastleggen" in body and "Beslissen op bezwaar" in body
    # The contested case's page now lists the objection.
    assert (
        f'href="/bezwaren/{objection.pk}"'
        in client.get(f"/zaken/{contested.case_id}").content.decode()
    )


def test_malformed_filing_is_refused_in_dutch_and_nothing_written(
    world: World, contested: Decision
) -> None:
    client = logged_in(world.user("jurist"))
    cases_before = Case.objects.count()
    response = client.post(
        f"/besluiten/{contested.pk}/bezwaar",
        {
            "filed_on": "31-02-2026",
            "received_via": "duif",
            "objector_name": "x" * 201,
            "grounds": "",
            "sneaky": "1",
        },
    )
    assert response.status_code == 400
    body = text(response)
    assert "Vul een geldige datum in" in body
    assert "Kies hoe het bezwaar binnenkwam." in body
    assert "Maximaal 200 tekens." in body
    assert "onbekend veld: sneaky" in body
    assert Objection.objects.count() == 0 and Case.objects.count() == cases_before


def test_the_worklist_and_the_actions(world: World, contested: Decision) -> None:
    objection = filed(world, contested)
    late = filed(world, contested, filed_on=D(2026, 4, 10), received_via="digitaal")
    client = logged_in(world.user("jurist"))
    rows = table_rows(client.get("/bezwaren"))
    assert [row[0] for row in rows] == [objection.case.reference, late.case.reference]
    assert "Te laat" in rows[1][5] and "Termijn verstreken" in rows[0][6]
    response = client.post(
        f"/bezwaren/{objection.pk}/hoorzitting",
        {
            "version": 1,
            "hearing_on": "28-04-2026",
            "invited_on": "14-04-2026",
            "minutes": "Gehoord.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/bezwaren/{objection.pk}/verdagen",
        {"version": 2, "weeks": "6", "notified_on": "01-05-2026", "reason": "Advies nodig"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=objection.case_id).deadline == D(2026, 6, 30)
    stale = client.post(
        f"/bezwaren/{objection.pk}/verdagen",
        {
            "version": 2,
            "weeks": "2",
            "notified_on": "01-06-2026",
            "consented_on": "01-06-2026",
            "reason": "Nog eens",
        },
    )
    assert stale.status_code == 409
    assert Case.objects.get(pk=objection.case_id).deadline == D(2026, 6, 30)
    again = client.post(
        f"/bezwaren/{objection.pk}/verdagen",
        {"version": 3, "weeks": "6", "notified_on": "01-06-2026", "reason": "Nog eens"},
    )
    assert again.status_code == 400 and "maar één keer" in text(again)
    response = client.post(
        f"/bezwaren/{objection.pk}/beslissen",
        {"version": 3, "outcome": "ongegrond", "decided_on": "15-06-2026", "reasoning": "Telt."},
    )
    assert response.status_code == 302
    page = text(client.get(f"/bezwaren/{objection.pk}"))
    assert "Het bezwaar is ongegrond verklaard op 15 juni 2026." in page


def test_a_vaals_objection_is_404_for_a_maastricht_only_grant(
    world: World, contested: Decision
) -> None:
    objection = filed(world, contested)
    client = logged_in(world.user("consulent.maastricht"))
    for url in (
        f"/bezwaren/{objection.pk}",
        f"/bezwaren/{objection.pk}/hoorzitting",
        f"/besluiten/{contested.pk}/bezwaar",
        f"/ingebrekestellingen/zaak/{objection.case_id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/bezwaren/{objection.pk}/hoorzitting", {"version": 1}).status_code == 404
    assert objection.case.reference not in text(client.get("/bezwaren"))
    assert (
        api(world, "consulent.maastricht").get(f"/api/v1/bezwaren/{objection.pk}").status_code
        == 404
    )
    listed = api(world, "consulent.maastricht").get("/api/v1/bezwaren").json()
    assert listed["count"] == 0


def test_every_read_is_audited_on_page_and_api(world: World, contested: Decision) -> None:
    objection = filed(world, contested)
    reference = objection.case.reference
    reads = AuditEntry.objects.filter(object_type="bezwaar", object_id=reference)
    logged_in(world.user("jurist")).get(f"/bezwaren/{objection.pk}")
    assert reads.filter(action="read").count() == 1
    logged_in(world.user("jurist")).get("/bezwaren")
    assert reads.filter(action="list").count() == 1
    api(world, "jurist").get(f"/api/v1/bezwaren/{objection.pk}")
    api(world, "jurist").get("/api/v1/bezwaren")
    assert reads.filter(action="read").count() == 2
    assert reads.filter(action="list").count() == 2
    # The contested case's page lists the objection: audited too.
    logged_in(world.user("jurist")).get(f"/zaken/{contested.case_id}")
    assert reads.filter(action="list").count() == 3


def test_the_penalty_shows_on_the_case_page(world: World, contested: Decision) -> None:
    objection = filed(world, contested)
    handling.record_hearing(world.user("jurist"), objection.pk, handling.Hearing(skipped="c"))
    penalties.record_notice(world.user("jurist"), objection.case_id, received_on=D(2026, 5, 20))
    page = text(logged_in(world.user("jurist")).get(f"/zaken/{objection.case_id}"))
    # Deadline 19 May; notice 20 May; from 3 June; 24 November is far past 42 days.
    assert "Verbeurd: € 1.442,00 over 42 dagen." in page
    assert "3 juni 2026" in page


# --- API -------------------------------------------------------------------------------------
def test_api_create_actions_and_detail(world: World, contested: Decision) -> None:
    client = api(world, "jurist")
    response = client.post(
        "/api/v1/bezwaren",
        {
            "besluit": contested.pk,
            "datumOntvangst": "2026-03-10",
            "ontvangenVia": "post",
            "gronden": "Mijn vermogen is lager.",
            "indiener": "Anna Janssen",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["eindeBezwaartermijn"] == "2026-04-07" and body["termijn"] == "tijdig"
    assert body["uitersteBeslisdatum"] == "2026-05-19"
    url = response["Location"]
    response = client.post(f"{url}/hoorzitting", {"nietHorenGrond": "c", "versie": 1})
    assert response.status_code == 200, response.content
    response = client.post(
        f"{url}/verdaging",
        {"weken": 6, "datumBericht": "2026-05-01", "reden": "Advies", "versie": 2},
    )
    assert response.json()["uitersteBeslisdatum"] == "2026-06-30"
    response = client.post(
        f"{url}/beslissing",
        {"uitkomst": "gegrond", "besluitdatum": "2026-06-15", "motivering": "Klopt.", "versie": 3},
    )
    assert response.status_code == 200, response.content
    assert response.json()["herroeping"] is True and response.json()["beslissing"]


def test_api_malformed_input_is_refused_in_dutch_and_nothing_written(
    world: World, contested: Decision
) -> None:
    client = api(world, "jurist")
    response = client.post(
        "/api/v1/bezwaren",
        {
            "besluit": contested.pk,
            "datumOntvangst": "2026-02-30",
            "ontvangenVia": "duif",
            "gronden": "x",
            "indiener": "y" * 201,
            "onbekend": 1,
        },
    )
    assert response.status_code == 400
    names = {p["name"]: p["reason"] for p in json.loads(response.content)["invalidParams"]}
    assert set(names) >= {"datumOntvangst", "ontvangenVia", "indiener", "onbekend"}
    assert "Onbekende manier van ontvangst: duif." in names["ontvangenVia"]
    response = client.post(
        "/api/v1/bezwaren",
        {
            "besluit": contested.pk,
            "datumOntvangst": "2026-03-10",
            "ontvangenVia": "post",
            "gronden": " ",
            "indiener": "Anna",
        },
    )
    names = {p["name"]: p["reason"] for p in json.loads(response.content)["invalidParams"]}
    assert names == {"gronden": "Vul de gronden van het bezwaar in (artikel 6:5 Awb)."}
    assert Objection.objects.count() == 0
    # A decision the actor may not see: a 400 on the field, worded as "not found".
    other = api(world, "consulent.maastricht").post(
        "/api/v1/bezwaren",
        {
            "besluit": contested.pk,
            "datumOntvangst": "2026-03-10",
            "ontvangenVia": "post",
            "gronden": "x",
            "indiener": "Anna",
        },
    )
    assert other.status_code == 400 and "niet gevonden" in other.content.decode()


def test_herstel_verzuim_on_the_page_and_in_the_api(world: World, contested: Decision) -> None:
    objection = filed(world, contested)
    client = logged_in(world.user("jurist"))
    response = client.post(
        f"/bezwaren/{objection.pk}/herstel-vragen",
        {"version": 1, "requested_on": "14-04-2026", "until": "28-04-2026", "what": "Kopie"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=objection.case_id).deadline is None
    early = client.post(
        f"/bezwaren/{objection.pk}/herstel-einde", {"version": 2, "repaired_on": "01-04-2026"}
    )
    assert early.status_code == 400 and "vóór het verzoek" in text(early)
    response = api(world, "jurist").post(
        f"/api/v1/bezwaren/{objection.pk}/herstel-einde",
        {"datumHerstel": "2026-04-21", "versie": 2},
    )
    assert response.status_code == 200, response.content
    # 6 days suspended: 25 May is tweede Pinksterdag, so Tuesday 26 May.
    assert response.json()["uitersteBeslisdatum"] == "2026-05-26"
