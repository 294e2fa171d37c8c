"""The person screens in a real browser: a Vaals consulent searches a person, opens the detail
and the edit form and saves a change. axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samen.access.models import AuditEntry
from tests.browser.conftest import AccessiblePage
from tests.web import privacy as data
from tests.web.privacy import ANNA_BSN, Privacy

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def privacy(transactional_db) -> Privacy:  # noqa: ANN001
    return data.build()


def test_consulent_searches_opens_and_edits_a_person(ui: AccessiblePage, privacy: Privacy) -> None:
    ui.login("consulent.vaals", data.PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link")).to_have_text(
        ["Start", "Personen", "Werkvoorraad", "Mijn toegang"]
    )

    ui.click(menu.get_by_role("link", name="Personen"))
    expect(page).to_have_title("Personen · samen")
    expect(page.get_by_role("table")).to_contain_text("Bert Hermans")
    expect(page.get_by_role("table")).not_to_contain_text("Carla")

    page.get_by_label("Zoek op BSN of naam").fill(ANNA_BSN)
    ui.click(page.get_by_role("button", name="Zoeken"))
    results = page.get_by_role("table")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Anna Janssen")

    ui.click(results.get_by_role("link", name="Anna Janssen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Janssen")
    expect(page.locator("main")).to_contain_text("Verantwoordelijke gemeente")
    expect(page.locator("main")).to_contain_text("Vaals (GM0981)")
    registrations = page.get_by_role("table", name="Inschrijvingen die u mag zien")
    expect(registrations).to_contain_text("Algemene bijstand")
    expect(registrations).not_to_contain_text("Huishoudelijke hulp")

    ui.click(page.get_by_role("link", name="Naam of geboortedatum wijzigen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Persoon wijzigen")
    expect(page.get_by_label("Achternaam")).to_have_value("Janssen")
    page.get_by_label("Achternaam").fill("Janssen-Bos")
    ui.click(page.get_by_role("button", name="Opslaan"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Janssen-Bos")
    expect(page.get_by_role("status")).to_contain_text("De wijziging is opgeslagen.")
    actions = list(
        AuditEntry.objects.filter(actor_id=privacy.consulent.pk, data_subject_id=ANNA_BSN)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["list", "list", "read", "read", "update", "read"]
