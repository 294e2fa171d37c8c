"""Steering in a real browser: the Meerssen contact person logs in, finds Sturing in her
menu, opens her dashboard, the SZMH dashboard and her report; the teammanager writes the
analysis. axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Municipality
from samen.steering import demo as steering_demo
from tests.browser.conftest import AccessiblePage
from tests.steering import data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date
TODAY = D(2026, 6, 15)


@pytest.fixture
def steering(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    steering_demo.load()
    meerssen = Municipality.objects.get(cbs_code="GM0938")
    for i in range(20):
        data.case(
            meerssen,
            "pw-aanvraag-algemene-bijstand",
            deadline=D(2026, 3, 1),
            decided=D(2026, 3, 1) if i < 17 else D(2026, 3, 4),
        )


def test_the_contact_person_opens_her_dashboards_and_report(
    ui: AccessiblePage, steering: None
) -> None:
    ui.login("contact.meerssen", DEMO_PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    ui.click(menu.get_by_role("link", name="Sturing"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturing: bestuursrapportages")

    ui.click(page.get_by_role("link", name="Dashboard Meerssen"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dashboard Meerssen, januari-april 2026"
    )
    expect(page.locator("main")).to_contain_text("Niet gehaald")

    ui.goto("/sturing/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard SZMH, januari-april 2026")

    ui.goto("/sturing/GM0938/2026-1")
    table = page.get_by_role(
        "table", name="Elke KPI van de DVO met de norm, de waarde en het oordeel"
    )
    expect(table).to_contain_text("Tijdig beslist: aanvragen Pw, IOAW, IOAZ en Bbz")
    expect(table).to_contain_text("85%")
    expect(page.locator("main")).to_contain_text("30 mei 2026")

    ui.goto("/sturing/GM0981/2026-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")


def test_the_teammanager_writes_the_analysis(ui: AccessiblePage, steering: None) -> None:
    ui.login("teammanager", DEMO_PASSWORD)
    page = ui.page
    ui.goto("/sturing/GM0938/2026-1")
    ui.click(page.get_by_role("link", name="Analyse schrijven"))
    page.get_by_label("Analyse").fill("De tijdigheid bleef net onder de norm.")
    ui.click(page.get_by_role("button", name="Analyse opslaan"))
    expect(page.get_by_role("status")).to_contain_text("De analyse is opgeslagen.")
    expect(page.locator("main")).to_contain_text("De tijdigheid bleef net onder de norm.")


def test_the_charts_load_as_images_and_the_director_enters_the_costs(
    ui: AccessiblePage, steering: None
) -> None:
    meerssen = Municipality.objects.get(cbs_code="GM0938")
    for _ in range(12):
        data.benefit(meerssen, D(2025, 1, 1))
    ui.login("directeur", DEMO_PASSWORD)
    page = ui.page
    ui.goto("/sturing/GM0938/2026-1")
    chart = page.get_by_role("img", name="Uitkeringseenheden aan het eind van elke periode.")
    expect(chart).to_be_visible()
    # the SVG is served from its own URL and rendered (not blocked by the page's CSP)
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    ui.goto("/sturing/kosten/2025")
    ui.click(page.get_by_role("link", name="Kosten invoeren"))
    page.get_by_label("Uitvoeringskosten van het jaar (euro)").fill("1.000.000,00")
    page.get_by_label("Omschrijving", exact=True).fill("Uitvoeringskosten SZMH 2025")
    page.get_by_label("Bron", exact=True).fill("Jaarrekening 2025")
    page.get_by_label("Telgrondslag", exact=True).select_option("gemiddelde")
    ui.click(page.get_by_role("button", name="Kosten vastleggen"))
    expect(page.get_by_role("status")).to_contain_text("De uitvoeringskosten zijn vastgelegd.")
    table = page.get_by_role("table", name="Verdeling van de uitvoeringskosten 2025 naar dossiers")
    expect(table).to_contain_text("Meerssen")
    expect(table).to_contain_text("€ 1.000.000,00")
