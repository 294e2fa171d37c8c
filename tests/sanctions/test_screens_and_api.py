"""The fine and measure screens and `/api/v1/boetes`, `/api/v1/maatregelen` as staff use
them: the demo user handhaving calculates a fine on a benefit, sees it explained line by
line and decides it; a consulent records a measure; another municipality's staff get 404 on
page and API; every read is audited; malformed input is refused in Dutch with nothing
written. "Today" is 15 May 2026 (the benefit fixture)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.income.models import Benefit
from samen.income.payments import run_month
from samen.recovery.models import Claim
from samen.sanctions.models import Fine, FineStatus, Measure
from tests.cases.conftest import World
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


FINE_FORM = {
    "breach_on": "10-03-2026",
    "report_on": "01-05-2026",
    "breach": "Inkomsten uit werk in maart niet gemeld.",
    "detriment": "600,00",
    "blame": "opzet",
    "previous_fine_on": "",
    "previous_warning_or_fine_on": "",
    "urgent_reasons": "",
    "investigation_reference": "",
}


def test_handhaving_calculates_a_fine_sees_it_line_by_line_and_decides_it(
    world: World, benefit: Benefit
) -> None:
    client = logged_in(world.user("handhaving"))
    assert "Boetes" in nav(client.get("/"))
    page = client.get(f"/personen/{benefit.person_id}/uitkeringen")
    assert f"/uitkeringen/{benefit.pk}/boetes/nieuw" in page.content.decode()
    response = client.post(f"/uitkeringen/{benefit.pk}/boetes/nieuw", FINE_FORM)
    assert response.status_code == 302, text(response)
    fine = Fine.objects.get(benefit=benefit)
    assert response["Location"] == f"/boetes/{fine.pk}"
    page = client.get(f"/boetes/{fine.pk}")
    rows = table_rows(page)
    assert rows[0][0] == "1" and rows[0][2] == "€ 600,00"
    assert "ten hoogste het benadelingsbedrag" in rows[0][1]
    assert "opzet" in rows[1][1] and rows[1][2] == "€ 600,00"
    assert rows[-1][2] == "€ 600,00"
    response = client.post(
        f"/boetes/{fine.pk}/besluit", {"decided_on": "14-05-2026", "version": fine.version}
    )
    assert response.status_code == 302, text(response)
    fine.refresh_from_db()
    assert fine.status == FineStatus.OPGELEGD
    claim = Claim.objects.get(pk=fine.claim_id)
    assert (claim.origin, claim.principal) == ("boete", fine.amount)
    page = text(client.get(f"/boetes/{fine.pk}"))
    assert "Boete opgelegd" in page and "Vordering van € 600,00" in page
    assert fine.reference in text(client.get("/boetes"))


def test_the_fine_form_refuses_bad_input_in_dutch_and_writes_nothing(
    world: World, benefit: Benefit
) -> None:
    client = logged_in(world.user("handhaving"))
    response = client.post(
        f"/uitkeringen/{benefit.pk}/boetes/nieuw",
        {**FINE_FORM, "detriment": "veel", "blame": "erg", "breach_on": "31-02-2026"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Vul een bedrag in, bijvoorbeeld 600,00." in page
    assert "Kies de mate van verwijtbaarheid uit de lijst." in page
    response = client.post(
        f"/uitkeringen/{benefit.pk}/boetes/nieuw",
        {**FINE_FORM, "detriment": "500,00", "warning_requested": "on"},
    )
    assert response.status_code == 400
    assert "Een waarschuwing in plaats van een boete kan hier niet" in text(response)
    assert not Fine.objects.exists()


def test_a_consulent_records_a_measure_on_the_benefit(world: World, benefit: Benefit) -> None:
    client = logged_in(world.user("consulent.vaals"))
    page = client.get(f"/uitkeringen/{benefit.pk}/maatregelen")
    assert "voorbeelden, niet de vastgestelde verordening" in text(page)
    response = client.post(
        f"/uitkeringen/{benefit.pk}/maatregelen",
        {
            "rule_code": "categorie-2",
            "breach_on": "20-04-2026",
            "start_month": "01-06-2026",
            "reason": "Niet verschenen op twee afspraken.",
        },
    )
    assert response.status_code == 302, text(response)
    measure = Measure.objects.get(benefit=benefit)
    assert (measure.percentage, measure.months, str(measure.start_month)) == (30, 3, "2026-06-01")
    rows = table_rows(client.get(f"/uitkeringen/{benefit.pk}/maatregelen"))
    assert rows[0][1:4] == ["juni 2026", "3", "30 %"]
    # The payment run lowers June; the client's specification shows it with its reason.
    run_month(dt.date(2026, 6, 1))
    spec = text(client.get(f"/uitkeringen/{benefit.pk}/specificatie/2026-06"))
    assert "Verlaging (maatregel)" in spec
    assert "Verlaging van uw bijstand met 30 % (€ 399,42)" in spec
    response = client.post(
        f"/uitkeringen/{benefit.pk}/maatregelen",
        {
            "rule_code": "categorie-9",
            "breach_on": "20-04-2026",
            "start_month": "15-06-2026",
            "reason": "",
        },
    )
    assert response.status_code == 400
    assert "Kies een gedraging uit de verordening." in text(response)
    assert Measure.objects.count() == 1


def test_another_municipalitys_staff_get_404_on_page_and_api(
    world: World, benefit: Benefit
) -> None:
    fine = api(world, "handhaving").post(
        "/api/v1/boetes",
        {
            "uitkering": benefit.pk,
            "datumGedraging": "2026-03-10",
            "datumBoeterapport": "2026-05-01",
            "gedraging": "Werk niet gemeld.",
            "benadelingsbedrag": "600.00",
            "verwijtbaarheid": "opzet",
        },
    )
    assert fine.status_code == 201, fine.content
    pk = fine.json()["id"]
    client = logged_in(world.user("consulent.maastricht"))
    assert client.get(f"/boetes/{pk}").status_code == 404
    assert (
        client.post(f"/boetes/{pk}/besluit", {"decided_on": "14-05-2026", "version": 1}).status_code
        == 404
    )
    assert client.get(f"/uitkeringen/{benefit.pk}/boetes/nieuw").status_code == 404
    assert client.get(f"/uitkeringen/{benefit.pk}/maatregelen").status_code == 404
    assert f"BOETE-{pk:08d}" not in text(client.get("/boetes"))
    maastricht = api(world, "consulent.maastricht")
    assert maastricht.get(f"/api/v1/boetes/{pk}").status_code == 404
    assert maastricht.get("/api/v1/boetes").json()["count"] == 0
    assert (
        maastricht.post(
            f"/api/v1/boetes/{pk}/besluit", {"besluitdatum": "2026-05-14", "versie": 1}
        ).status_code
        == 404
    )
    assert Fine.objects.get(pk=pk).status == FineStatus.BEREKEND


def test_api_fine_create_detail_decision_and_measures(world: World, benefit: Benefit) -> None:
    client = api(world, "handhaving")
    created = client.post(
        "/api/v1/boetes",
        {
            "uitkering": benefit.pk,
            "datumGedraging": "2026-03-10",
            "datumBoeterapport": "2026-05-01",
            "gedraging": "Werk niet gemeld.",
            "benadelingsbedrag": "1000.00",
            "verwijtbaarheid": "grove_schuld",
            "datumEerdereBoete": "2023-01-05",
            "kenmerkOnderzoek": "OND-2026-7",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["bedrag"], body["uitkomst"], body["status"]) == ("750.00", "boete", "berekend")
    assert [s.get("bedrag") for s in body["berekening"]] == [
        "1000.00",
        "500.00",
        "750.00",
        "750.00",
    ]
    assert created["Location"].endswith(f"/api/v1/boetes/{body['id']}")
    decided = client.post(
        f"/api/v1/boetes/{body['id']}/besluit",
        {"besluitdatum": "2026-05-14", "versie": body["versie"]},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "opgelegd" and decided.json()["vordering"]
    stale = client.post(
        f"/api/v1/boetes/{body['id']}/besluit",
        {"besluitdatum": "2026-05-14", "versie": body["versie"]},
    )
    assert stale.status_code == 400
    consulent = api(world, "consulent.vaals")
    measure = consulent.post(
        "/api/v1/maatregelen",
        {
            "uitkering": benefit.pk,
            "gedraging": "categorie-1",
            "datumGedraging": "2026-04-20",
            "eersteMaand": "2026-06-01",
            "toelichting": "Niet ingeschreven bij UWV.",
        },
    )
    assert measure.status_code == 201, measure.content
    assert (measure.json()["percentage"], measure.json()["maanden"]) == ("20.00", 1)
    listed = consulent.get(f"/api/v1/maatregelen?uitkering={benefit.pk}").json()
    assert listed["count"] == 1
    assert (
        api(world, "consulent.maastricht")
        .get(f"/api/v1/maatregelen/{measure.json()['id']}")
        .status_code
        == 404
    )


def test_api_malformed_input_is_refused_in_dutch_and_nothing_written(
    world: World, benefit: Benefit
) -> None:
    client = api(world, "handhaving")
    good = {
        "uitkering": benefit.pk,
        "datumGedraging": "2026-03-10",
        "datumBoeterapport": "2026-05-01",
        "gedraging": "Werk niet gemeld.",
        "benadelingsbedrag": "600.00",
        "verwijtbaarheid": "opzet",
    }
    response = client.post(
        "/api/v1/boetes", {**good, "verwijtbaarheid": "erg", "onbekend": 1, "gedraging": "x" * 2001}
    )
    assert response.status_code == 400
    names = problems(response)
    assert set(names) >= {"verwijtbaarheid", "onbekend", "gedraging"}
    assert "Onbekende mate van verwijtbaarheid: erg." in names["verwijtbaarheid"]
    response = client.post("/api/v1/boetes", {**good, "datumBoeterapport": "2026-03-01"})
    assert problems(response) == {"datumBoeterapport": "Het boeterapport ligt vóór de gedraging."}
    response = client.post("/api/v1/boetes", {**good, "waarschuwing": True})
    assert "waarschuwing" in problems(response)
    other = api(world, "consulent.maastricht").post("/api/v1/boetes", good)
    assert other.status_code == 400 and "niet gevonden" in problems(other)["uitkering"]
    response = api(world, "consulent.vaals").post(
        "/api/v1/maatregelen",
        {
            "uitkering": benefit.pk,
            "gedraging": "categorie-1",
            "datumGedraging": "2026-04-20",
            "eersteMaand": "2026-06-02",
            "toelichting": "Niet ingeschreven.",
        },
    )
    assert problems(response) == {
        "eersteMaand": "De eerste maand begint op de eerste dag van een maand."
    }
    assert not Fine.objects.exists() and not Measure.objects.exists()


def test_every_read_is_audited_on_page_and_api(world: World, benefit: Benefit) -> None:
    client = api(world, "handhaving")
    pk = client.post(
        "/api/v1/boetes",
        {
            "uitkering": benefit.pk,
            "datumGedraging": "2026-03-10",
            "datumBoeterapport": "2026-05-01",
            "gedraging": "Werk niet gemeld.",
            "benadelingsbedrag": "600.00",
            "verwijtbaarheid": "opzet",
        },
    ).json()["id"]
    reads = AuditEntry.objects.filter(object_type="boete", object_id=str(pk))
    logged_in(world.user("handhaving")).get(f"/boetes/{pk}")
    logged_in(world.user("handhaving")).get("/boetes")
    assert (reads.filter(action="read").count(), reads.filter(action="list").count()) == (1, 1)
    client.get(f"/api/v1/boetes/{pk}")
    client.get("/api/v1/boetes")
    assert (reads.filter(action="read").count(), reads.filter(action="list").count()) == (2, 2)
