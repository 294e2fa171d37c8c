"""The client's file in a real browser: a Vaals consulent opens a resident's file from the
person page, writes a note, uploads a PDF, opens and downloads it, and opens the move form.
axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.access.models import AuditEntry
from samen.dossier.models import Document, Note
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Domain, Municipality
from samen.people.models import Person, Registration
from tests.browser.conftest import AccessiblePage
from tests.cases.conftest import resident
from tests.dossier.conftest import PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def anna(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> Person:  # noqa: ANN001
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    person = resident(
        "999990019", "Anna Janssen", Municipality.objects.get(name="Vaals"), D(1980, 5, 1)
    )
    Registration.objects.create(
        person=person,
        domain=Domain.objects.get(code="participatiewet"),
        subject="Algemene bijstand",
        registered_on=D(2026, 1, 1),
    )
    return person


def test_consulent_writes_a_note_and_uploads_a_document(
    ui: AccessiblePage, anna: Person, tmp_path
) -> None:  # noqa: ANN001
    ui.login("consulent.vaals", DEMO_PASSWORD)
    page = ui.page
    ui.goto(f"/personen/{anna.pk}")
    ui.click(page.get_by_role("link", name="Dossier: notities en documenten"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier van Anna Janssen")

    ui.click(page.get_by_role("link", name="Notitie toevoegen"))
    page.get_by_label("Domein").select_option("participatiewet")
    page.get_by_label("Notitie").fill("Kennismakingsgesprek gevoerd.")
    ui.click(page.get_by_role("button", name="Vastleggen"))
    expect(page.get_by_role("status")).to_contain_text("De notitie is vastgelegd")
    expect(
        page.get_by_role("table", name="Notities die u mag zien, nieuwste eerst")
    ).to_contain_text("Kennismakingsgesprek gevoerd.")

    ui.click(page.get_by_role("link", name="Document toevoegen"))
    upload = tmp_path / "loonstrook.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Bestand").set_input_files(str(upload))
    page.get_by_label("Titel").fill("Loonstrook oktober")
    page.get_by_label("Documenttype").select_option("bewijs-inkomen")
    page.get_by_label("Domein").select_option("participatiewet")
    ui.click(page.get_by_role("button", name="Opslaan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Loonstrook oktober")
    stored = Document.objects.get()
    expect(page.locator("main")).to_contain_text(stored.sha256)
    response = page.request.get(f"{ui.base_url}/documenten/{stored.pk}/inhoud")
    assert response.status == 200 and response.body() == PDF

    ui.goto(f"/personen/{anna.pk}/verhuizing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhuizing vastleggen")

    assert Note.objects.get().author_name == "Bram Vliegen"
    assert AuditEntry.objects.filter(object_type="document", changes__download=True).count() == 1
