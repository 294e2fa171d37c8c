"""The decision and collection screens of a claim and their API sub-resources: a recovery
decision, a summons, a dwangbevel and a write-off through page and API; a Vaals claim is a
404 for a Maastricht-only grant; malformed input is refused in Dutch, naming the field, with
nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from samen.cases.models import Decision
from samen.recovery.models import Claim, CollectionStep, Movement, RecoveryDecision
from tests.cases.conftest import World
from tests.web.pages import logged_in, text

D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


RECOVERY = {
    "grondslag": "pw-58-1",
    "soortVerstrekking": "pw-algemene-bijstand",
    "periodeVanaf": "2026-03-01",
    "periodeTotEnMet": "2026-03-31",
    "besluitdatum": "2026-05-15",
    "motivering": "U meldde de alimentatie niet.",
    "versie": 1,
}


def test_the_recovery_decision_and_a_summons_through_the_api(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = api(world.user("handhaving"))
    claim = claims[0]
    made = client.post(
        f"/api/v1/vorderingen/{claim.pk}/terugvorderingsbesluit", RECOVERY, format="json"
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["besluiten"][0]["besluittype"] == "pw-terugvordering"
    assert body["besluiten"][0]["bruto"] is False
    assert body["soortVerstrekking"] == "pw-algemene-bijstand"
    assert body["betalenUiterlijkOp"] == "2026-06-26"
    assert body["verjaring"]["verjaartOp"] == "2031-06-27"
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 7, 1))
    step = client.post(
        f"/api/v1/vorderingen/{claim.pk}/invorderingsstappen",
        {"soort": "aanmaning", "verzondenOp": "2026-07-01", "versie": body["versie"]},
        format="json",
    )
    assert step.status_code == 201, step.json()
    assert step.json()["invorderingsstappen"][0]["verzondenDoor"] == "Linda Moonen"
    assert step.json()["verjaring"]["verjaartOp"] == "2031-07-02"
    early = client.post(
        f"/api/v1/vorderingen/{claim.pk}/dwangbevel",
        {"besluitdatum": "2026-07-01", "motivering": "x", "versie": step.json()["versie"]},
        format="json",
    )
    assert early.status_code == 400
    assert "besluitdatum" in [p["name"] for p in early.json()["invalidParams"]]
    forgo = client.post(
        f"/api/v1/vorderingen/{claim.pk}/afzien",
        {
            "grondslag": "pw-58-8",
            "bedrag": "40.00",
            "besluitdatum": "2026-07-01",
            "motivering": "Dringende reden.",
            "versie": step.json()["versie"],
        },
        format="json",
    )
    assert forgo.status_code == 201, forgo.json()
    assert forgo.json()["saldo"] == "150.00"


def test_a_maastricht_grant_gets_404_on_the_new_pages_and_api(
    world: World, claims: list[Claim]
) -> None:
    user = world.user("consulent.maastricht")
    claim = claims[0]
    for page in ("terugvorderingsbesluit", "dwangbevel", "afzien", "invorderingsstap"):
        assert logged_in(user).get(f"/vorderingen/{claim.pk}/{page}").status_code == 404
    for resource, body in (
        ("terugvorderingsbesluit", RECOVERY),
        ("invorderingsstappen", {"soort": "aanmaning", "verzondenOp": "2026-05-15", "versie": 1}),
        (
            "afzien",
            {"grondslag": "pw-58-7", "besluitdatum": "2026-05-15", "motivering": "x", "versie": 1},
        ),
        ("dwangbevel", {"besluitdatum": "2026-05-15", "motivering": "x", "versie": 1}),
    ):
        response = api(user).post(f"/api/v1/vorderingen/{claim.pk}/{resource}", body, format="json")
        assert response.status_code == 404, resource
        assert response["Content-Type"].startswith("application/problem+json")
    listed = api(user).get("/api/v1/vorderingen-verjaring")
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert not RecoveryDecision.objects.exists() and not CollectionStep.objects.exists()


def test_malformed_input_is_refused_in_dutch_with_nothing_written(
    world: World, claims: list[Claim]
) -> None:
    client = api(world.user("handhaving"))
    claim = claims[0]
    url = f"/api/v1/vorderingen/{claim.pk}/terugvorderingsbesluit"
    for change, field in [
        ({"grondslag": "pw-58-3"}, "grondslag"),
        ({"soortVerstrekking": "wmo-maatwerkvoorziening"}, "soortVerstrekking"),
        ({"periodeTotEnMet": "2026-02-01"}, "periodeTotEnMet"),
        ({"besluitdatum": "gisteren"}, "besluitdatum"),
        ({"motivering": "x" * 4001}, "motivering"),
        ({"brutoBedrag": "-5.00"}, "brutoBedrag"),
        ({"brutoBedrag": "250.00"}, "brutoBedrag"),  # the whole period in the decision's year
        ({"onbekend": 1}, "onbekend"),
    ]:
        response = client.post(
            url, json.dumps({**RECOVERY, **change}), content_type="application/json"
        )
        assert response.status_code == 400, (change, response.content)
        names = [p["name"] for p in response.json()["invalidParams"]]
        assert field in names, (change, names)
        assert response["Content-Type"].startswith("application/problem+json")
    stale = client.post(url, {**RECOVERY, "versie": 7}, format="json")
    assert stale.status_code == 412
    step = client.post(
        f"/api/v1/vorderingen/{claim.pk}/invorderingsstappen",
        {"soort": "brief", "verzondenOp": "2026-05-15", "versie": 1},
        format="json",
    )
    assert step.status_code == 400
    assert not Decision.objects.filter(decision_type__code="pw-terugvordering").exists()
    assert not CollectionStep.objects.exists()
    claim.refresh_from_db()
    assert claim.version == 1 and claim.decision_id is None
    assert Movement.objects.filter(claim=claim).count() == 1


def test_the_claim_page_shows_the_actions_decisions_steps_and_limitation(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = logged_in(world.user("handhaving"))
    claim = claims[0]
    page = client.get(f"/vorderingen/{claim.pk}")
    assert "Terugvorderingsbesluit nemen" in text(page)
    assert "Verjaart op" in text(page) and "nog geen terugvorderingsbesluit" in text(page)
    form = client.get(f"/vorderingen/{claim.pk}/terugvorderingsbesluit")
    assert form.status_code == 200
    bad = client.post(
        f"/vorderingen/{claim.pk}/terugvorderingsbesluit",
        {
            "grondslag": "pw-58-1",
            "soort_verstrekking": "pw-algemene-bijstand",
            "periode_vanaf": "2026-03-01",
            "periode_tot_en_met": "2026-03-31",
            "besluitdatum": "2026-05-15",
            "motivering": "",
            "version": 1,
        },
    )
    assert bad.status_code == 400 and "Motiveer het besluit" in text(bad)
    done = client.post(
        f"/vorderingen/{claim.pk}/terugvorderingsbesluit",
        {
            "grondslag": "pw-58-1",
            "soort_verstrekking": "pw-algemene-bijstand",
            "periode_vanaf": "2026-03-01",
            "periode_tot_en_met": "2026-03-31",
            "besluitdatum": "2026-05-15",
            "motivering": "U meldde de alimentatie niet.",
            "version": 1,
        },
    )
    assert done.status_code == 302
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 7, 1))
    claim.refresh_from_db()
    stepped = client.post(
        f"/vorderingen/{claim.pk}/invorderingsstap",
        {"soort": "aanmaning", "verzonden_op": "2026-07-01", "version": claim.version},
    )
    assert stepped.status_code == 302
    page = text(client.get(f"/vorderingen/{claim.pk}"))
    assert "Terugvordering (Participatiewet art. 58 lid 1" in page
    assert "Aanmaning verzonden op 1 juli 2026 door Linda Moonen" in page
    assert "Verjaart op 2 juli 2031 (gestuit op 1 juli 2026)" in page
    assert "Dwangbevel uitvaardigen" in page and "brief" in page
    decision = claim.decisions.get().decision
    letter = client.get(f"/zaken/{decision.case_id}/besluiten/{decision.pk}/brief")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    # bezwaar is open against it as against any decision: the jurist registers it
    assert (
        f"/besluiten/{decision.pk}/bezwaar"
        in client.get(f"/vorderingen/{claim.pk}").content.decode()
    )
    objection = logged_in(world.user("jurist")).get(f"/besluiten/{decision.pk}/bezwaar")
    assert objection.status_code == 200 and "Bezwaar registreren" in text(objection)


def test_the_limitation_worklist_page(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2031, 1, 10))
    page = logged_in(world.user("consulent.vaals")).get("/vorderingen/verjaring")
    assert page.status_code == 200
    assert claims[0].reference in text(page) and claims[1].reference in text(page)
    assert "binnen 6 maanden" in text(page)
    other = logged_in(world.user("consulent.maastricht")).get("/vorderingen/verjaring")
    assert claims[0].reference not in text(other)
    listed = api(world.user("consulent.vaals")).get("/api/v1/vorderingen-verjaring")
    assert listed.status_code == 200
    assert claims[0].reference in json.dumps(listed.json())
