"""The review screens and `/api/v1/toetsingen`: the worklist and review page, the verdict
on page and API with versie/If-Match, the review status on the case page, the menu entry;
a Vaals decision is 404 for a Maastricht-only reviewer on page and API; reads audited;
malformed input refused in Dutch with nothing written."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.cases.models import Decision
from samen.review.models import Review
from tests.cases.conftest import World
from tests.web.pages import logged_in, nav, text

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
def test_the_reviewer_approves_on_the_review_page(office: World, decision: Decision) -> None:
    client = logged_in(office.user("toetser"))
    worklist = client.get("/toetsing")
    assert "Toetsing" in nav(worklist)
    assert f'href="/toetsing/{decision.pk}"' in worklist.content.decode()
    page = client.get(f"/toetsing/{decision.pk}")
    assert "Uw vermogen is hoger dan de grens." in text(page)
    response = client.post(
        f"/toetsing/{decision.pk}",
        {"verdict": "akkoord", "remarks": "In orde.", "version": 1},
    )
    assert response.status_code == 302
    assert Review.objects.get().verdict == "akkoord"
    case_page = logged_in(office.user("consulent.vaals")).get(f"/zaken/{decision.case_id}")
    assert "Het laatste besluit is getoetst" in text(case_page)


def test_the_case_page_says_the_decision_awaits_review(office: World, decision: Decision) -> None:
    page = logged_in(office.user("consulent.vaals")).get(f"/zaken/{decision.case_id}")
    assert "Het laatste besluit moet eerst getoetst worden" in text(page)
    assert "Toetsing" not in nav(page)


def test_bad_input_on_the_page_is_refused_in_dutch(office: World, decision: Decision) -> None:
    client = logged_in(office.user("toetser"))
    response = client.post(
        f"/toetsing/{decision.pk}", {"verdict": "niet_akkoord", "remarks": "", "version": 1}
    )
    assert response.status_code == 400
    assert "Schrijf op waarom u niet akkoord gaat." in text(response)
    unknown = client.post(
        f"/toetsing/{decision.pk}", {"verdict": "akkoord", "version": 1, "extra": "x"}
    )
    assert unknown.status_code == 400
    assert not Review.objects.exists()


def test_a_vaals_decision_is_404_for_a_maastricht_only_reviewer(
    office: World, decision: Decision
) -> None:
    page = logged_in(office.user("toetser.maastricht"))
    assert page.get(f"/toetsing/{decision.pk}").status_code == 404
    assert (
        page.post(f"/toetsing/{decision.pk}", {"verdict": "akkoord", "version": 1}).status_code
        == 404
    )
    client = api(office, "toetser.maastricht")
    assert client.get(f"/api/v1/toetsingen/{decision.pk}").status_code == 404
    assert client.get("/api/v1/toetsingen").json()["count"] == 0
    response = client.post(
        f"/api/v1/toetsingen/{decision.pk}/oordeel", {"oordeel": "akkoord", "versie": 1}
    )
    assert response.status_code == 404
    assert not Review.objects.exists()


# --- API -------------------------------------------------------------------------------------
def test_the_verdict_through_the_api_with_if_match(office: World, decision: Decision) -> None:
    client = api(office, "toetser")
    listed = client.get("/api/v1/toetsingen").json()
    assert [(t["id"], t["oordeel"], t["versie"]) for t in listed["results"]] == [
        (decision.pk, None, 1)
    ]
    detail = client.get(f"/api/v1/toetsingen/{decision.pk}")
    assert detail["ETag"] == '"1"'
    assert detail.json()["motivering"] == "Uw vermogen is hoger dan de grens."
    response = client.post(
        f"/api/v1/toetsingen/{decision.pk}/oordeel",
        {"oordeel": "niet_akkoord", "opmerkingen": "Vermogen opnieuw bekijken."},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["oordeel"], body["opmerkingen"], body["versie"]) == (
        "niet_akkoord",
        "Vermogen opnieuw bekijken.",
        2,
    )
    assert body["toetser"] == office.users["toetser"].staff.employee_number
    stale = client.post(
        f"/api/v1/toetsingen/{decision.pk}/oordeel", {"oordeel": "akkoord", "versie": 1}
    )
    assert stale.status_code == 412
    assert Review.objects.get().verdict == "niet_akkoord"


def test_her_own_decision_is_refused_through_the_api(office: World, decision: Decision) -> None:
    from django.contrib.auth.models import Group

    office.users["consulent.vaals"].groups.add(Group.objects.get(name="Toetser"))
    response = api(office, "consulent.vaals").post(
        f"/api/v1/toetsingen/{decision.pk}/oordeel", {"oordeel": "akkoord", "versie": 1}
    )
    assert response.status_code == 400
    assert problems(response) == {
        "nonFieldErrors": "U kunt uw eigen besluit niet toetsen; een andere toetser moet dit doen."
    }
    assert not Review.objects.exists()


def test_a_consulent_gets_403(office: World, decision: Decision) -> None:
    assert api(office, "consulent.vaals").get("/api/v1/toetsingen").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"oordeel": "misschien", "versie": 1}, "oordeel"),
        ({"oordeel": "akkoord", "versie": 1, "onbekend": 1}, "onbekend"),
        ({"oordeel": "niet_akkoord", "opmerkingen": "", "versie": 1}, "opmerkingen"),
        ({"oordeel": "akkoord", "opmerkingen": "x" * 2001, "versie": 1}, "opmerkingen"),
        ({"oordeel": "akkoord", "versie": 0}, "versie"),
        ({"oordeel": "akkoord"}, "versie"),
    ],
)
def test_malformed_input_is_refused_in_dutch_with_nothing_written(
    office: World, decision: Decision, body: dict, field: str
) -> None:
    response = api(office, "toetser").post(f"/api/v1/toetsingen/{decision.pk}/oordeel", body)
    assert response.status_code == 400
    assert field in problems(response)
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Review.objects.exists()


def test_every_read_is_audited_on_page_and_api(office: World, decision: Decision) -> None:
    reads = AuditEntry.objects.filter(object_type="besluit", object_id=str(decision.pk))
    logged_in(office.user("toetser")).get("/toetsing")
    logged_in(office.user("toetser")).get(f"/toetsing/{decision.pk}")
    api(office, "toetser").get("/api/v1/toetsingen")
    api(office, "toetser").get(f"/api/v1/toetsingen/{decision.pk}")
    assert (reads.filter(action="list").count(), reads.filter(action="read").count()) == (2, 2)
    assert set(reads.values_list("purpose", flat=True)) == {"controle"}
