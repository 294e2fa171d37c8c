"""The screens of the client's file: what a consulent sees and does, the Dutch errors of an
upload, the download only through the view, and "not found" for another municipality on
every page (list, detail, download, withdrawal)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samen.access.models import AuditEntry
from samen.dossier.models import Document, Note
from tests.dossier.conftest import PDF, TODAY
from tests.dossier.test_services import document, note


@pytest.fixture
def mt(client, world):  # noqa: ANN001, ANN201
    client.force_login(world["mt"])
    return client


def _upload_form(**extra) -> dict:  # noqa: ANN003
    return {
        "file": SimpleUploadedFile("loonstrook.pdf", PDF),
        "title": "Loonstrook januari",
        "document_type": "bewijs-inkomen",
        "retention_class": "",
        "domain": "participatiewet",
        "case": "",
        "received_on": TODAY.isoformat(),
        "confidentiality": "4",
        **extra,
    }


def test_the_person_page_links_to_the_file(mt, world):
    page = mt.get(f"/personen/{world['anna'].pk}").content.decode()
    assert f'href="/personen/{world["anna"].pk}/dossier"' in page


def test_a_consulent_writes_a_note_and_sees_it_in_the_file(mt, world):
    url = f"/personen/{world['anna'].pk}/dossier/notities/nieuw"
    form = mt.get(url).content.decode()
    assert "PW-2026-0001" in form  # the person's case can be chosen
    response = mt.post(
        url,
        {
            "domain": "participatiewet",
            "case": str(world["case"].pk),
            "on_date": TODAY.isoformat(),
            "confidentiality": "4",
            "text": "Huisbezoek afgesproken.",
        },
    )
    assert response.status_code == 302
    written = Note.objects.get()
    assert written.case == world["case"] and written.author_name == world["mt"].staff.name
    page = mt.get(f"/personen/{world['anna'].pk}/dossier").content.decode()
    assert "Huisbezoek afgesproken." in page
    detail = mt.get(f"/notities/{written.pk}").content.decode()
    assert "Huisbezoek afgesproken." in detail and "Correctie vastleggen" in detail


def test_a_note_with_bad_input_is_refused_in_dutch_and_nothing_is_saved(mt, world):
    url = f"/personen/{world['anna'].pk}/dossier/notities/nieuw"
    response = mt.post(
        url,
        {
            "domain": "participatiewet",
            "case": "999999",
            "on_date": "2099-01-01",
            "confidentiality": "4",
            "text": "x" * 5001,
            "kleur": "rood",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kies een zaak van deze persoon uit de lijst." in text
    assert "Maximaal 5000 tekens." in text
    assert "onbekend veld" in text
    assert Note.objects.count() == 0


def test_an_upload_is_stored_and_downloaded_only_through_the_view(mt, world):
    response = mt.post(f"/personen/{world['anna'].pk}/dossier/documenten/nieuw", _upload_form())
    assert response.status_code == 302
    stored = Document.objects.get()
    assert response["Location"] == f"/documenten/{stored.pk}"
    detail = mt.get(f"/documenten/{stored.pk}").content.decode()
    assert stored.sha256 in detail and "8.3 Voorzieningen verstrekken" in detail
    download = mt.get(f"/documenten/{stored.pk}/inhoud")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(object_type="document", changes__download=True).exists()
    assert mt.get(f"/niet-openbaar/{stored.file.name}").status_code == 404


def test_an_upload_of_another_kind_of_file_is_refused_in_dutch(mt, world):
    form = _upload_form(file=SimpleUploadedFile("brief.pdf", b"<html>not a pdf</html>"))
    response = mt.post(f"/personen/{world['anna'].pk}/dossier/documenten/nieuw", form)
    assert response.status_code == 400
    assert "Dit soort bestand wordt niet aangenomen; alleen PDF, PNG, JPEG." in (
        response.content.decode()
    )
    empty = mt.post(
        f"/personen/{world['anna'].pk}/dossier/documenten/nieuw",
        _upload_form(file=SimpleUploadedFile("leeg.pdf", b"")),
    )
    assert empty.status_code == 400
    assert "Het bestand is leeg." in empty.content.decode()
    assert Document.objects.count() == 0


def test_an_upload_above_the_limit_is_refused_in_dutch(mt, world, settings):
    settings.DOSSIER_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (2 * 1024 * 1024))
    response = mt.post(
        f"/personen/{world['anna'].pk}/dossier/documenten/nieuw", _upload_form(file=big)
    )
    assert response.status_code == 400
    assert "Het bestand is te groot: hoogstens 2 MB is toegestaan." in response.content.decode()
    assert Document.objects.count() == 0


def test_a_document_is_withdrawn_with_a_reason(mt, world):
    stored = document(world)
    response = mt.post(f"/documenten/{stored.pk}/intrekken", {"reason": "", "version": "1"})
    assert response.status_code == 400
    assert "Vul dit veld in." in response.content.decode()
    response = mt.post(
        f"/documenten/{stored.pk}/intrekken", {"reason": "Verkeerde cliënt", "version": "1"}
    )
    assert response.status_code == 302
    page = mt.get(f"/documenten/{stored.pk}").content.decode()
    assert "Ingetrokken op" in page and "Verkeerde cliënt" in page


def test_staff_of_another_municipality_get_not_found_on_every_page(client, world):
    written = note(world)
    stored = document(world)
    client.force_login(world["vaals"])
    anna = world["anna"].pk
    for url in (
        f"/personen/{anna}/dossier",
        f"/personen/{anna}/dossier/notities/nieuw",
        f"/personen/{anna}/dossier/documenten/nieuw",
        f"/notities/{written.pk}",
        f"/documenten/{stored.pk}",
        f"/documenten/{stored.pk}/inhoud",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/documenten/{stored.pk}/intrekken", {"reason": "x", "version": "1"})
    ).status_code == 404
    assert (
        client.post(f"/personen/{anna}/dossier/documenten/nieuw", _upload_form())
    ).status_code == 404
    assert Document.objects.get(pk=stored.pk).withdrawn_at is None
    assert Document.objects.count() == 1 and Note.objects.count() == 1
    # Their own client's file is there for them.
    assert client.get(f"/personen/{world['bert'].pk}/dossier").status_code == 200
