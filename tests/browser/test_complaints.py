"""The complaint screens in a real browser: the jurist registers a complaint from the
resident's page, finds it on /klachten, records the hearing and settles it. axe-core and the
CSP checks run on every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Domain, Municipality
from samen.people.models import Person, Registration
from tests.browser.conftest import AccessiblePage
from tests.cases.conftest import resident

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
        registered_on=D(2020, 1, 1),
    )
    return person


def test_jurist_registers_hears_and_settles_a_complaint(ui: AccessiblePage, anna: Person) -> None:
    ui.login("jurist", DEMO_PASSWORD)
    page = ui.page
    ui.goto(f"/personen/{anna.pk}")
    ui.click(page.get_by_role("link", name="Klacht registreren"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klacht registreren")
    page.get_by_label("Over welk domein gaat de klacht?").select_option("participatiewet")
    page.get_by_label("Klacht ontvangen op").fill("2026-02-10")
    page.get_by_label("Hoe kwam de klacht binnen?").select_option("post")
    page.get_by_label("Datum van de gedraging").fill("2026-02-02")
    page.get_by_label("Over welke gedraging gaat de klacht?").fill("De consulent hing op.")
    # Bram Vliegen, the Vaals consulent; the jurist (the default handler) handles it.
    page.get_by_label("Medewerker over wie geklaagd wordt (optioneel)").select_option(
        label="Bram Vliegen (D0004)"
    )
    ui.click(page.get_by_role("button", name="Klacht registreren"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Klacht GM0981-2026-K")
    expect(page.locator("main")).to_contain_text("Afhandelen uiterlijk op dinsdag 24 maart 2026.")

    ui.click(page.get_by_role("link", name="Klachten", exact=True))
    table = page.get_by_role("table", name="Open klachten")
    expect(table).to_contain_text("Anna Janssen")
    ui.click(table.get_by_role("link"))

    ui.click(page.get_by_role("link", name="Horen vastleggen"))
    page.get_by_label("Datum hoorgesprek").fill("2026-03-02")
    page.get_by_label("Verslag").fill("Mevrouw vertelde wat er gebeurde.")
    ui.click(page.get_by_role("button", name="Horen vastleggen"))
    expect(page.locator("main")).to_contain_text("Gehoord op 2 maart 2026")

    ui.click(page.get_by_role("link", name="Klacht afhandelen"))
    page.get_by_label("Uitkomst").select_option("gegrond")
    page.get_by_label("Afgehandeld op (datum van de brief)").fill("2026-03-20")
    page.get_by_label("Bevindingen, oordeel en conclusies (artikel 9:12 Awb)").fill(
        "De consulent hing op; dat had niet mogen gebeuren."
    )
    ui.click(page.get_by_role("button", name="Klacht afhandelen"))
    expect(page.locator("main")).to_contain_text(
        "De klacht is afgehandeld op 20 maart 2026: gegrond."
    )
