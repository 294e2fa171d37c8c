"""The debtor's screens and /api/v1/vorderingen: a Vaals claim is invisible to a
Maastricht-only grant (404, page and API), every read is audited, malformed input is refused
in Dutch with nothing written, and what is booked shows in the ledger and the balance."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.recovery.models import Arrangement, Claim, Movement
from tests.cases.conftest import World
from tests.web.pages import logged_in, text


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    """The world's users are demo staff, who may log in only in demo mode."""
    settings.DEMO_MODE = True


def reads(claim: Claim) -> int:
    return AuditEntry.objects.filter(
        object_type="vordering", object_id=str(claim.pk), action="read"
    ).count()


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_person_page_and_the_claim_page_show_the_ledger(
    world: World, claims: list[Claim]
) -> None:
    client = logged_in(world.user("consulent.vaals"))
    claim = claims[0]
    page = client.get(f"/personen/{claim.person_id}/vorderingen")
    assert page.status_code == 200
    assert claim.reference in text(page) and "Totaal openstaand: € 380,00" in text(page)
    assert reads(claim) == 1
    page = client.get(f"/vorderingen/{claim.pk}")
    assert page.status_code == 200
    assert "Saldo € 190,00" in text(page) and "Hoofdsom" in text(page)
    assert reads(claim) == 2


def test_a_maastricht_grant_gets_404_on_page_and_api(world: World, claims: list[Claim]) -> None:
    user = world.user("consulent.maastricht")
    claim = claims[0]
    assert logged_in(user).get(f"/vorderingen/{claim.pk}").status_code == 404
    assert logged_in(user).get(f"/vorderingen/{claim.pk}/boeking").status_code == 404
    assert logged_in(user).get(f"/personen/{claim.person_id}/vorderingen").status_code == 404
    response = api(user).get(f"/api/v1/vorderingen/{claim.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    listed = api(user).get("/api/v1/vorderingen").json()
    assert listed["count"] == 0
    posted = api(user).post(
        f"/api/v1/vorderingen/{claim.pk}/boekingen",
        {
            "soort": "ontvangst",
            "bedrag": "10.00",
            "boekdatum": "2026-05-15",
            "reden": "x",
            "versie": 1,
        },
        format="json",
    )
    assert posted.status_code == 404
    assert reads(claim) == 0
    assert Movement.objects.filter(claim=claim).count() == 1
    assert AuditEntry.objects.filter(object_type="vordering", action="refused").count() >= 3


def test_booking_through_the_screen(world: World, claims: list[Claim]) -> None:
    client = logged_in(world.user("consulent.vaals"))
    claim = claims[0]
    response = client.post(
        f"/vorderingen/{claim.pk}/boeking",
        {
            "soort": "ontvangst",
            "bedrag": "40,00",
            "boekdatum": "15-05-2026",
            "reden": "Overgemaakt",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert claim.balance() == Decimal("150.00")
    page = client.get(f"/vorderingen/{claim.pk}")
    assert "Ontvangst € -40,00 Overgemaakt" in text(page)


def test_a_bad_amount_on_the_screen_is_refused_in_dutch(world: World, claims: list[Claim]) -> None:
    client = logged_in(world.user("consulent.vaals"))
    claim = claims[0]
    response = client.post(
        f"/vorderingen/{claim.pk}/boeking",
        {
            "soort": "ontvangst",
            "bedrag": "veel",
            "boekdatum": "15-05-2026",
            "reden": "x",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "Vul een bedrag in, bijvoorbeeld 25,00." in text(response)
    response = client.post(
        f"/vorderingen/{claim.pk}/betalingsregeling",
        {"termijnbedrag": "-10", "eerste_maand": "2026-06", "reden": "x", "version": "1"},
    )
    assert response.status_code == 400
    assert "Vul een bedrag in van meer dan € 0,00." in text(response)
    assert Movement.objects.filter(claim=claim).count() == 1
    assert not Arrangement.objects.exists()


def test_the_api_lists_reads_and_books(world: World, claims: list[Claim]) -> None:
    client = api(world.user("consulent.vaals"))
    claim = claims[0]
    listed = client.get("/api/v1/vorderingen", {"persoon": claim.person_id}).json()
    assert listed["count"] == 2
    assert {r["saldo"] for r in listed["results"]} == {"190.00"}
    assert reads(claim) == 1
    detail = client.get(f"/api/v1/vorderingen/{claim.pk}")
    assert detail.status_code == 200 and detail["ETag"] == '"1"'
    assert [b["soort"] for b in detail.json()["boekingen"]] == ["hoofdsom"]
    assert reads(claim) == 2
    booked = client.post(
        f"/api/v1/vorderingen/{claim.pk}/boekingen",
        {
            "soort": "afboeking",
            "bedrag": "90.00",
            "boekdatum": "2026-05-15",
            "reden": "Kwijtschelding",
        },
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert booked.status_code == 201, booked.json()
    body = booked.json()
    assert body["saldo"] == "100.00"
    assert sum(Decimal(b["bedrag"]) for b in body["boekingen"]) == Decimal(body["saldo"])
    arranged = client.post(
        f"/api/v1/vorderingen/{claim.pk}/betalingsregeling",
        {"termijnbedrag": "25.00", "eersteMaand": "2026-06-01", "reden": "Afspraak", "versie": 2},
        format="json",
    )
    assert arranged.status_code == 201, arranged.json()
    assert arranged.json()["betalingsregelingen"][0]["termijnbedrag"] == "25.00"


def test_malformed_api_input_is_refused_in_dutch_with_nothing_written(
    world: World, claims: list[Claim]
) -> None:
    client = api(world.user("consulent.vaals"))
    claim = claims[0]
    url = f"/api/v1/vorderingen/{claim.pk}/boekingen"
    good = {
        "soort": "ontvangst",
        "bedrag": "10.00",
        "boekdatum": "2026-05-15",
        "reden": "x",
        "versie": 1,
    }
    for change, field in [
        ({"bedrag": "-1.00"}, "bedrag"),
        ({"bedrag": "1000.00"}, "bedrag"),  # more than the balance
        ({"soort": "hoofdsom"}, "soort"),
        ({"boekdatum": "morgen"}, "boekdatum"),
        ({"reden": "x" * 301}, "reden"),
        ({"onbekend": 1}, "onbekend"),
    ]:
        response = client.post(url, json.dumps({**good, **change}), content_type="application/json")
        assert response.status_code == 400, (change, response.content)
        names = [p["name"] for p in response.json()["invalidParams"]]
        assert field in names, (change, names)
    stale = client.post(url, {**good, "versie": 9}, format="json")
    assert stale.status_code == 412
    arrangement = client.post(
        f"/api/v1/vorderingen/{claim.pk}/betalingsregeling",
        {"termijnbedrag": "-5", "eersteMaand": "2026-06-01", "reden": "x", "versie": 1},
        format="json",
    )
    assert arrangement.status_code == 400
    assert Movement.objects.filter(claim=claim).count() == 1
    assert not Arrangement.objects.exists()
    claim.refresh_from_db()
    assert claim.version == 1
