"""The API of the client's file: notes and documents of a person, the upload as multipart,
the download, a withdrawal; strict input with the field named; 404 for another
municipality on every endpoint."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from samen.dossier.models import Document, Note
from tests.dossier.conftest import PDF, TODAY
from tests.dossier.test_services import document, note


def _api(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mt(world) -> APIClient:  # noqa: ANN001
    return _api(world["mt"])


def _note_body(**extra) -> dict:  # noqa: ANN003
    return {
        "domein": "participatiewet",
        "datum": TODAY.isoformat(),
        "vertrouwelijkheid": "zaakvertrouwelijk",
        "tekst": "Telefonisch contact.",
        **extra,
    }


def _upload(**extra) -> dict:  # noqa: ANN003
    return {
        "bestand": SimpleUploadedFile("afschrift.pdf", PDF),
        "titel": "Bankafschrift januari",
        "documenttype": "bankafschrift",
        "domein": "participatiewet",
        "ontvangenOp": TODAY.isoformat(),
        "vertrouwelijkheid": "zaakvertrouwelijk",
        **extra,
    }


def test_a_note_is_written_and_read_through_the_api(mt, world):
    url = f"/api/v1/personen/{world['anna'].pk}/notities"
    created = mt.post(url, _note_body(zaak=world["case"].pk), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["gemeente"], body["zaak"], body["auteur"]) == (
        "GM0935",
        "PW-2026-0001",
        world["mt"].staff.name,
    )
    correction = mt.post(url, _note_body(tekst="Correctie.", corrigeert=body["id"]), format="json")
    assert correction.json()["corrigeert"] == body["id"]
    listed = mt.get(url).json()
    assert [n["tekst"] for n in listed] == ["Correctie.", "Telefonisch contact."]
    assert mt.get(f"/api/v1/notities/{body['id']}").json()["tekst"] == "Telefonisch contact."


def test_a_note_with_bad_input_names_the_field(mt, world):
    url = f"/api/v1/personen/{world['anna'].pk}/notities"
    unknown = mt.post(url, _note_body(kleur="rood"), format="json")
    assert unknown.status_code == 400
    assert "kleur" in str(unknown.json()["invalidParams"])
    too_long = mt.post(url, _note_body(tekst="x" * 5001), format="json")
    assert too_long.json()["invalidParams"][0]["name"] == "tekst"
    future = mt.post(url, _note_body(datum="2099-01-01"), format="json")
    assert future.json()["invalidParams"][0]["name"] == "datum"
    other_case = mt.post(url, _note_body(zaak=999999), format="json")
    assert other_case.json()["invalidParams"][0]["name"] == "zaak"
    assert Note.objects.count() == 0


def test_a_document_is_uploaded_and_downloaded_through_the_api(mt, world):
    url = f"/api/v1/personen/{world['anna'].pk}/documenten"
    created = mt.post(url, _upload(), format="multipart")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (body["soortBestand"], body["selectielijstcategorie"], body["bewaartermijnJaren"]) == (
        "application/pdf",
        "8.3",
        10,
    )
    content = mt.get(f"/api/v1/documenten/{body['id']}/inhoud")
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == PDF
    assert [d["id"] for d in mt.get(url).json()] == [body["id"]]
    withdrawn = mt.post(
        f"/api/v1/documenten/{body['id']}/intrekking",
        {"reden": "Dubbel aangeleverd", "versie": 1},
        format="json",
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["ingetrokken"] is True
    again = mt.post(
        f"/api/v1/documenten/{body['id']}/intrekking",
        {"reden": "Nog eens", "versie": 1},
        format="json",
    )
    assert again.status_code == 400
    assert "al ingetrokken" in str(again.json())


def test_an_upload_of_another_kind_names_the_file_field(mt, world):
    url = f"/api/v1/personen/{world['anna'].pk}/documenten"
    bad = mt.post(url, _upload(bestand=SimpleUploadedFile("x.pdf", b"GIF89a....")), "multipart")
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "bestand"
    unknown = mt.post(url, _upload(kleur="rood"), format="multipart")
    assert unknown.status_code == 400
    assert Document.objects.count() == 0


def test_another_municipality_gets_not_found_on_every_endpoint(world):
    written = note(world)
    stored = document(world)
    vaals = _api(world["vaals"])
    anna = world["anna"].pk
    for url in (
        f"/api/v1/personen/{anna}/notities",
        f"/api/v1/personen/{anna}/documenten",
        f"/api/v1/notities/{written.pk}",
        f"/api/v1/documenten/{stored.pk}",
        f"/api/v1/documenten/{stored.pk}/inhoud",
    ):
        assert vaals.get(url).status_code == 404, url
    assert vaals.post(f"/api/v1/personen/{anna}/notities", _note_body(), "json").status_code == 404
    assert (
        vaals.post(f"/api/v1/personen/{anna}/documenten", _upload(), "multipart").status_code == 404
    )
    assert (
        vaals.post(
            f"/api/v1/documenten/{stored.pk}/intrekking", {"reden": "x", "versie": 1}, "json"
        ).status_code
        == 404
    )
    assert Note.objects.count() == 1 and Document.objects.count() == 1
    assert Document.objects.get().withdrawn_at is None
