"""The staff shell in a real browser: log in, use the mandate register, ask who may decide.
axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from samen.organisation import reference, services
from samen.organisation.models import CbsMunicipalityCode, DecisionType
from tests.browser.conftest import AccessiblePage
from tests.web.data import PASSWORD, Org, build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def org(transactional_db) -> Org:
    return build()


def main_menu(ui: AccessiblePage):  # type: ignore[no-untyped-def]
    return ui.page.get_by_role("navigation", name="Hoofdmenu")


def test_consulent_finds_who_may_decide_and_sees_the_chain(ui: AccessiblePage, org: Org) -> None:
    ui.login("consulent", PASSWORD)
    page = ui.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Bram Vliegen")
    expect(page.locator("main")).to_contain_text("U werkt als Consulent in Team Inkomen Oost.")
    expect(main_menu(ui).get_by_role("link")).to_have_text(
        ["Start", "Organisatie", "Mandaatregister", "Mijn toegang"]
    )

    ui.click(main_menu(ui).get_by_role("link", name="Mandaatregister"))
    expect(page).to_have_title("Mandaatregister · samen")
    register = page.get_by_role("table")
    expect(register).to_contain_text("Mandaatbesluit Vaals 2026")
    expect(register).to_contain_text("Ondermandaat Consulent 2026")

    ui.click(page.get_by_role("link", name="Wie mag besluiten?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie mag besluiten?")
    page.get_by_label("Namens het college van").select_option(label="Vaals")
    page.get_by_label("Besluittype").select_option(label="Besluit op aanvraag algemene bijstand")
    page.get_by_label("Besluitdatum").fill("2026-02-10")
    page.evaluate("() => { window.samenNoReload = true; }")
    ui.click(page.get_by_role("button", name="Opzoeken"))

    result = page.locator(".samen-result")
    expect(result).to_contain_text(
        "Op 10 februari 2026 mogen 2 medewerkers 'Besluit op aanvraag algemene bijstand' "
        "nemen namens het college van Vaals."
    )
    bram = result.locator(".samen-holder", has=page.get_by_role("heading", name="Bram Vliegen"))
    expect(bram.get_by_role("listitem")).to_have_count(3)
    expect(bram.get_by_role("listitem").nth(0)).to_contain_text(
        "college van B&W van Vaals → college van B&W van Maastricht"
    )
    expect(bram.get_by_role("listitem").nth(2)).to_contain_text(
        "Manager Sociale Zekerheid → Consulent"
    )
    # htmx replaced the result in place and pushed the query into the address bar
    assert page.evaluate("() => window.samenNoReload === true")
    expect(page).to_have_url(re.compile(r"gemeente=GM0981.*datum=2026-02-10"))

    # One employee, a decision type outside the sub-mandate: refused with the reason.
    page.get_by_label("Besluittype").select_option(label="Bestuurlijke boete")
    page.get_by_label("Besluitdatum").fill("2026-03-02")
    page.get_by_label("Medewerker (optioneel)").select_option(label="Bram Vliegen")
    ui.click(page.get_by_role("button", name="Opzoeken"))
    reason = services.may_decide(
        org.consulent, DecisionType.objects.get(code="pw-boete"), org.vaals, dt.date(2026, 3, 2)
    ).reason
    expect(result).to_contain_text(f"Geweigerd. {reason}")

    # The chain links to the mandate itself.
    page.get_by_label("Besluittype").select_option(label="Besluit op aanvraag algemene bijstand")
    page.get_by_label("Besluitdatum").fill("2026-02-10")
    ui.click(page.get_by_role("button", name="Opzoeken"))
    expect(result).to_contain_text("Toegestaan.")
    ui.click(result.get_by_role("link", name="Ondermandaat Consulent 2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ondermandaat Consulent 2026")
    assert len(ui.audited) >= 7


def test_organisation_pages_and_mandate_check_are_accessible(ui: AccessiblePage, org: Org) -> None:
    ui.login("manager", PASSWORD)
    page = ui.page
    ui.click(main_menu(ui).get_by_role("link", name="Organisatie"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisatie")

    # "Voert samen dit uit?" answered in place, with the reason when the answer is no
    page.get_by_label("Gemeente", exact=True).select_option(label="Vaals")
    page.get_by_label("Domein").select_option(label="Wmo 2015")
    page.get_by_label("Datum").fill("2026-02-10")
    ui.click(page.get_by_role("button", name="Controleren"))
    expect(page.locator("#voert-uit [role=status]")).to_contain_text(
        "Nee. Vaals heeft Wmo 2015 op 10 februari 2026 niet bij ons belegd"
    )

    ui.click(page.get_by_role("link", name="Vaals", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Vaals")

    ui.click(main_menu(ui).get_by_role("link", name="Mandaatcontrole"))
    expect(page.get_by_role("table")).to_contain_text("Z-TEST-0117")

    ui.goto("/bestaat-niet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")

    # Keyboard: the skip link is the first stop and moves focus to the main content.
    ui.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_language_switch_to_english(ui: AccessiblePage, org: Org) -> None:
    ui.login("consulent", PASSWORD)
    ui.click(ui.page.get_by_role("button", name="English"))
    expect(ui.page.locator("html")).to_have_attribute("lang", "en")
    menu = ui.page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link")).to_have_text(
        ["Home", "Organisation", "Mandate register", "My access"]
    )
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Welcome, Bram Vliegen")
    expect(ui.page.locator("main")).to_contain_text("You work as Consulent in Team Inkomen Oost.")
    ui.click(menu.get_by_role("link", name="Mandate register"))
    expect(ui.page).to_have_title("Mandate register · samen")
    ui.click(ui.page.get_by_role("button", name="Nederlands"))
    expect(ui.page.locator("html")).to_have_attribute("lang", "nl")
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Mandaatregister")


def test_pages_with_the_demo_organisation_are_accessible(
    ui: AccessiblePage, transactional_db, settings
) -> None:
    """The full demo organisation (six municipalities, two generations of mandates): every
    screen renders and passes axe. Only structure is asserted, not the demo's wording."""
    from samen.organisation.demo import DEMO_PASSWORD, MUNICIPALITIES, load_demo

    reference.load()
    for code, name, *_ in MUNICIPALITIES:  # in case the CBS list is not loaded
        CbsMunicipalityCode.objects.get_or_create(
            code=code, defaults={"name": name, "valid_from": dt.date(1900, 1, 1)}
        )
    settings.DEMO_MODE = True  # demo users may only log in in demo mode
    load_demo()
    ui.login("directeur", DEMO_PASSWORD)
    page = ui.page
    ui.click(main_menu(ui).get_by_role("link", name="Organisatie"))
    expect(page.locator(".samen-matrix tbody tr")).to_have_count(6)
    ui.click(page.get_by_role("link", name="Vaals", exact=True))
    ui.click(main_menu(ui).get_by_role("link", name="Mandaatregister"))
    ui.goto("/mandaten?datum=2026-02-10")
    ui.goto(
        "/mandaten/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-algemene-bijstand"
        "&datum=2026-02-10"
    )
    expect(page.locator(".samen-holder").first).to_be_visible()
    ui.click(page.locator(".samen-chain a").first)
    ui.click(main_menu(ui).get_by_role("link", name="Mandaatcontrole"))
    expect(page.get_by_role("table").locator("tbody tr").first).to_be_visible()
