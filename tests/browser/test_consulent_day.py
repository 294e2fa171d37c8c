"""A consulent's day in a real browser, from a new application to the letter (issue 12): the
Vaals consulent looks the applicant up, does not find her and records her, opens an
application for algemene bijstand, takes it into handling, sees the calculation on the
decision form, grants it and opens the PDF letter, which states the amount per month and the
start date. axe-core and the CSP check run on every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.access.models import AuditEntry
from samen.cases import letters
from samen.cases.models import Case, Decision, Status
from samen.income.models import Benefit
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import AccessiblePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = dt.date(2026, 11, 24)
BSN = "999990019"  # a test BSN (elfproef) that the demo organisation does not hold
IBAN = "NL91 ABNA 0417 1643 00"


@pytest.fixture
def organisation(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """The demo organisation (municipalities, mandates, teams, the demo users and their
    grants), without demo persons or cases; today is pinned."""
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()


def test_a_consulent_records_an_applicant_grants_bijstand_and_opens_the_letter(
    ui: AccessiblePage, organisation: None
) -> None:
    ui.login("consulent.vaals", DEMO_PASSWORD)
    page = ui.page
    main = page.locator("main")
    menu = page.get_by_role("navigation", name="Hoofdmenu")

    # Find the person: not known yet.
    ui.click(menu.get_by_role("link", name="Personen"))
    page.get_by_label("Zoek op BSN of naam").fill(BSN)
    ui.click(page.get_by_role("button", name="Zoeken"))
    expect(main).to_contain_text("Geen personen gevonden die u mag zien.")

    # Record her, with her address in Vaals and the application's domain.
    ui.click(page.get_by_role("link", name="Nieuwe persoon vastleggen"))
    page.get_by_label("BSN").fill(BSN)
    page.get_by_label("Voornamen").fill("Anna")
    page.get_by_label("Achternaam").fill("Janssen")
    page.get_by_label("Geboortedatum").fill("1980-05-01")
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Huisnummer").fill("7")
    page.get_by_label("Postcode").fill("6291 AB")
    page.get_by_label("Woonplaats").fill("Vaals")
    page.get_by_label("Gemeente", exact=True).select_option("GM0981")
    page.get_by_label("Woont hier sinds").fill("2010-01-01")
    page.get_by_label("Domein").select_option("participatiewet")
    page.get_by_label("Onderwerp").fill("Algemene bijstand")
    ui.click(page.get_by_role("button", name="Vastleggen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Janssen")
    expect(page.get_by_role("status")).to_contain_text("Anna Janssen is vastgelegd.")
    expect(main).to_contain_text("Vaals (GM0981)")

    # Open the application.
    ui.click(page.get_by_role("link", name="Nieuwe zaak"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe zaak")
    page.get_by_label("Zaaktype").select_option("pw-aanvraag-algemene-bijstand")
    page.get_by_label("Datum melding of aanvraag").fill("2026-10-26")
    ui.click(page.get_by_role("button", name="Zaak openen"))
    case = Case.objects.get(person__bsn=BSN)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {case.reference}")
    expect(page.get_by_role("status")).to_contain_text(f"Zaak {case.reference} is geopend.")
    expect(main).to_contain_text("Aanvraag algemene bijstand")
    assert case.assigned_to is not None and case.assigned_to.name == "Bram Vliegen"

    # Her fixed consulent is the one who opened it: she starts handling it.
    expect(page.get_by_role("button", name="Oppakken")).to_have_count(0)
    ui.click(page.get_by_role("button", name="In behandeling nemen"))
    expect(page.get_by_role("status")).to_contain_text("De zaak is in behandeling genomen.")
    assert Case.objects.get(pk=case.pk).status == Status.IN_BEHANDELING

    # The decision form shows the calculation on the start date (the day she applied).
    ui.click(page.get_by_role("link", name="Besluit nemen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Besluit nemen")
    expect(page.get_by_label("Ingangsdatum (optioneel)")).to_have_value("2026-10-26")
    calculation = page.get_by_role("region", name="Berekening bij toekenning, op 26 oktober 2026")
    expect(calculation).to_contain_text("Uitkering per maand")
    shown = calculation.locator("dt", has_text="Per maand uitbetaald").locator("xpath=..//dd")
    paid_on_screen = shown.inner_text().strip()
    assert re.fullmatch(r"€ \d{1,3}(\.\d{3})*,\d{2}", paid_on_screen), paid_on_screen

    page.get_by_label("Besluittype").select_option("pw-algemene-bijstand")
    page.get_by_label("Uitkomst").select_option("toegekend")
    expect(page.get_by_label("Besluitdatum")).to_have_value("2026-11-24")
    page.get_by_label("IBAN voor de uitkering (bij toekenning van bijstand)").fill(IBAN)
    page.get_by_label("Motivering").fill("U heeft geen inkomen en geen vermogen.")
    ui.click(page.get_by_role("button", name="Besluit nemen"))

    expect(page.get_by_role("status")).to_contain_text("Het besluit is vastgelegd")
    decisions = page.get_by_role("table", name="Besluiten op deze zaak")
    expect(decisions).to_contain_text("Toegekend")
    decision = Decision.objects.get(case=case)
    paid = Decimal(decision.calculation["uitbetaald_per_maand"])
    assert letters.format_amount(paid) == paid_on_screen  # the letter grants what was shown
    assert Benefit.objects.get(case=case).start_date == dt.date(2026, 10, 26)

    # The letter: a PDF stating the monthly amount and the start date.
    href = decisions.get_by_role("link", name="(PDF)").get_attribute("href")
    assert href is not None
    response = page.request.get(f"{ui.base_url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert f"Wij betalen u {paid_on_screen} per maand, vanaf 26 oktober 2026." in text
    assert "Gemeente Vaals" in text and "Anna Janssen" in text
    assert AuditEntry.objects.filter(object_type="brief", actor_name="Bram Vliegen").count() == 1

    # axe and the CSP check ran on every screen of the walk.
    visited = {re.sub(r"\?.*$", "", url.removeprefix(ui.base_url)) for url in ui.audited}
    person = case.person
    assert {
        "/personen",
        "/personen/nieuw",
        f"/personen/{person.pk}",
        f"/personen/{person.pk}/zaken/nieuw",
        f"/zaken/{case.pk}",
        f"/zaken/{case.pk}/besluit",
    } <= visited, visited
