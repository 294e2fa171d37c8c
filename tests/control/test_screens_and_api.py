"""The screens and the API of internal control: scoped to the municipalities of a control
grant (a Vaals sample is a 404 for a Maastricht-only controller, on the page and in the API),
every read audited with purpose controle, malformed input refused in Dutch with nothing
written, and the report with optimistic locking."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.control import services
from samen.control.models import ControlReport, Finding, Sample
from tests.control.conftest import MAASTRICHT, TODAY, VAALS, D


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True  # the demo users may log in


def _client(user, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


def _vaals_sample(controller):
    return services.draw_sample(
        controller, services.NewSample(VAALS, D(2026, 1, 1), D(2026, 6, 30), 11), TODAY
    )


def test_a_vaals_sample_is_invisible_to_a_maastricht_only_controller(
    world, controller, maastricht_controller
):
    sample = _vaals_sample(controller)
    item = sample.items.first()
    page, api = _client(maastricht_controller), _client(maastricht_controller, api=True)
    for url in (
        f"/controle/steekproeven/{sample.pk}",
        f"/controle/steekproeven/{sample.pk}/posten/{item.pk}",
        f"/controle/rapportages/{VAALS}/2026-1",
        f"/controle/rapportages/{VAALS}/2026-1/pdf",
    ):
        assert page.get(url).status_code == 404, url
    for url in (
        f"/api/v1/steekproeven/{sample.pk}",
        f"/api/v1/steekproeven/{sample.pk}/bevindingen",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/problem+json")
    assert api.get("/api/v1/steekproeven").json() == []
    # drawing one for Vaals is the same 404, and nothing is written
    drawn = api.post(
        "/api/v1/steekproeven",
        {"gemeente": VAALS, "periodeVanaf": "2026-01-01", "periodeTotEnMet": "2026-06-30"},
        format="json",
    )
    assert drawn.status_code == 404
    assert Sample.objects.count() == 1
    refused = AuditEntry.objects.filter(actor_id=maastricht_controller.pk, action="refused")
    assert set(refused.values_list("purpose", flat=True)) == {"controle"}
    # the Vaals controller sees it, on the page and in the API
    assert _client(controller).get(f"/controle/steekproeven/{sample.pk}").status_code == 200
    body = _client(controller, api=True).get(f"/api/v1/steekproeven/{sample.pk}").json()
    assert body["steekproef"]["gemeente"] == VAALS
    assert body["steekproef"]["startwaarde"] == "11"
    assert len(body["posten"]) == sample.items.count()


def test_staff_without_a_control_grant_get_403(world):
    consulent = world.user("consulent.maastricht")
    assert _client(consulent).get("/controle").status_code == 403
    assert _client(consulent, api=True).get("/api/v1/steekproeven").status_code == 403


def test_every_read_is_audited_with_purpose_controle(world, controller):
    sample = _vaals_sample(controller)
    item = sample.items.filter(population="besluiten").first()
    before = AuditEntry.objects.order_by("-sequence").first().sequence
    page = _client(controller)
    assert page.get(f"/controle/steekproeven/{sample.pk}").status_code == 200
    response = page.get(f"/controle/steekproeven/{sample.pk}/posten/{item.pk}")
    assert response.status_code == 200
    assert item.case_type_code and "controlelijst" in response.content.decode().lower()
    _client(controller, api=True).get(f"/api/v1/steekproeven/{sample.pk}")
    entries = AuditEntry.objects.filter(sequence__gt=before)
    assert set(entries.values_list("purpose", flat=True)) == {"controle"}
    # the sample page and the API list each drawn decision; the item page reads one
    listed = entries.filter(object_type="besluit", action="list")
    assert listed.count() == 2 * sample.items.filter(population="besluiten").count()
    read = entries.get(object_type="besluit", action="read")
    assert read.object_id == str(item.object_id) and read.data_subject_id
    assert entries.filter(object_type="betaalregel", action="list").exists()


def test_malformed_input_is_refused_in_dutch_and_nothing_is_written(world, controller):
    api = _client(controller, api=True)
    bad_bodies = [
        (
            {
                "gemeente": VAALS,
                "periodeVanaf": "2026-01-01",
                "periodeTotEnMet": "2026-06-30",
                "x": 1,
            },
            "x",
        ),
        (
            {"gemeente": "GM09", "periodeVanaf": "2026-01-01", "periodeTotEnMet": "2026-06-30"},
            "gemeente",
        ),
        (
            {"gemeente": VAALS, "periodeVanaf": "1-1-2026", "periodeTotEnMet": "2026-06-30"},
            "periodeVanaf",
        ),
        (
            {"gemeente": VAALS, "periodeVanaf": "2026-06-30", "periodeTotEnMet": "2026-01-01"},
            "periodeTotEnMet",
        ),
        (
            {
                "gemeente": VAALS,
                "periodeVanaf": "2026-01-01",
                "periodeTotEnMet": "2026-06-30",
                "startwaarde": 10**20,
            },
            "startwaarde",
        ),
    ]
    for body, field in bad_bodies:
        response = api.post("/api/v1/steekproeven", body, format="json")
        assert response.status_code == 400, body
        names = {p["name"] for p in response.json()["invalidParams"]}
        assert field in names, (field, response.json())
    assert not Sample.objects.exists()
    # the page: a reversed period is a Dutch message next to the field, nothing drawn
    page = _client(controller).post(
        "/controle",
        {"municipality": VAALS, "period_from": "2026-06-30", "period_until": "2026-01-01"},
    )
    assert page.status_code == 400
    assert "Het einde van de periode ligt vóór het begin." in page.content.decode()
    assert not Sample.objects.exists()

    sample = _vaals_sample(controller)
    line = sample.items.filter(population="betaalregels").first()
    findings = f"/api/v1/steekproeven/{sample.pk}/bevindingen"
    for body, field in [
        ({"post": line.pk, "vraag": 1, "bevinding": "goed"}, "bevinding"),
        ({"post": line.pk, "vraag": 1, "bevinding": "fout", "bedrag": "veel"}, "bedrag"),
        ({"post": line.pk, "vraag": 1, "bevinding": "fout", "bedrag": "12.345"}, "bedrag"),
        (
            {"post": line.pk, "vraag": 1, "bevinding": "fout", "toelichting": "x" * 1001},
            "toelichting",
        ),
        ({"post": line.pk, "vraag": 1, "bevinding": "in_orde", "onbekend": True}, "onbekend"),
    ]:
        response = api.post(findings, body, format="json")
        assert response.status_code == 400, body
        assert field in {p["name"] for p in response.json()["invalidParams"]}
    # a question of another checklist: refused naming vraag; another sample's item: 404
    decision_question = services.get_item(
        controller, sample.pk, sample.items.filter(population="besluiten").first().pk
    ).questions[0]
    response = api.post(
        findings,
        {"post": line.pk, "vraag": decision_question.pk, "bevinding": "in_orde"},
        format="json",
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"vraag"}
    assert "controlelijst" in response.json()["detail"]
    assert (
        api.post(
            findings, {"post": 10**9, "vraag": 1, "bevinding": "in_orde"}, format="json"
        ).status_code
        == 404
    )
    assert not Finding.objects.exists()


def test_a_finding_through_the_api_then_the_screen(world, controller):
    sample = _vaals_sample(controller)
    line = sample.items.filter(population="betaalregels").first()
    question = services.get_item(controller, sample.pk, line.pk).questions[0]
    api = _client(controller, api=True)
    created = api.post(
        f"/api/v1/steekproeven/{sample.pk}/bevindingen",
        {
            "post": line.pk,
            "vraag": question.pk,
            "bevinding": "fout",
            "bedrag": "120.00",
            "toelichting": "Te veel betaald",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["bedrag"] == "120.00"
    # changing it on the screen without the version seen: 409, unchanged
    page = _client(controller)
    url = f"/controle/steekproeven/{sample.pk}/posten/{line.pk}"
    prefix = f"q{question.pk}"
    stale = page.post(
        url, {"vraag": question.pk, f"{prefix}-verdict": "in_orde", f"{prefix}-amount": "0"}
    )
    assert stale.status_code == 409
    assert Finding.objects.get().verdict == "fout"
    saved = page.post(
        url,
        {
            "vraag": question.pk,
            f"{prefix}-verdict": "in_orde",
            f"{prefix}-amount": "0",
            f"{prefix}-version": "1",
        },
    )
    assert saved.status_code == 302
    assert (Finding.objects.get().verdict, Finding.objects.get().version) == ("in_orde", 2)
    listed = api.get(f"/api/v1/steekproeven/{sample.pk}/bevindingen").json()
    assert [f["bevinding"] for f in listed] == ["in_orde"]


def test_the_report_counts_closed_samples_and_keeps_the_staffs_text_with_locking(world, controller):
    page = _client(controller)
    url = f"/controle/rapportages/{MAASTRICHT}/2026-1"
    shown = page.get(url)
    assert shown.status_code == 200
    assert "Foutscore" in shown.content.decode()
    saved = page.post(
        url,
        {
            "conclusions": "De uitvoering is rechtmatig.",
            "recommendations": "Blijf zo.",
            "version": "1",
        },
    )
    assert saved.status_code == 302
    stale = page.post(url, {"conclusions": "Anders", "recommendations": "", "version": "1"})
    assert stale.status_code == 409
    report = ControlReport.objects.get()
    assert (report.conclusions, report.version) == ("De uitvoering is rechtmatig.", 2)
    assert page.get(f"/controle/rapportages/{MAASTRICHT}/2026-3").status_code == 404
    assert page.get("/controle/rapportages/GM99/2026-1").status_code == 404
    refused = AuditEntry.objects.filter(action="refused", object_type="rapportage-interne-controle")
    assert set(refused.values_list("object_id", flat=True)) == {
        f"{MAASTRICHT}/2026-3",
        "GM99/2026-1",
    }
    pdf = page.get(f"{url}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_drawing_through_the_api_records_the_seed_and_repeats_the_draw(world, controller):
    api = _client(controller, api=True)
    body = {"gemeente": MAASTRICHT, "periodeVanaf": "2026-01-01", "periodeTotEnMet": "2026-06-30"}
    first = api.post("/api/v1/steekproeven", body, format="json")
    assert first.status_code == 201, first.json()
    seed = first.json()["startwaarde"]
    assert first.json()["startwaardeOpgegeven"] is False
    again = api.post("/api/v1/steekproeven", {**body, "startwaarde": int(seed)}, format="json")
    assert again.status_code == 201

    def drawn(response):
        detail = api.get(f"/api/v1/steekproeven/{response.json()['id']}").json()
        return [(p["populatie"], p["objectId"]) for p in detail["posten"]]

    assert drawn(first) == drawn(again)
    assert [s["id"] for s in api.get("/api/v1/steekproeven").json()] == [
        again.json()["id"],
        first.json()["id"],
    ]
