"""The payment run in a real browser: the administratie opens Betalingen, starts March 2026,
sees the run done with its totals per municipality and its lines, the directeur releases it
(four eyes), then the administratie downloads the file; a consulent reads the benefit's
calculation on the person page. axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.cases import services
from samen.cases.services import NewCase, NewDecision
from samen.income.models import Benefit, PayingAccount, PaymentRun
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Municipality
from samen.people.models import Household, HouseholdMember
from tests.browser.conftest import AccessiblePage
from tests.cases.conftest import case_type, resident

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def granted(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> Benefit:  # noqa: ANN001
    """Bijstand for a Vaals resident living alone, from 1 March 2026, and Vaals's paying
    account for the SEPA file."""
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    vaals = Municipality.objects.get(name="Vaals")
    PayingAccount.objects.create(
        municipality=vaals,
        name="Gemeente Vaals",
        iban="NL20INGB0001234567",
        bic="INGBNL2A",
        valid_from=D(2016, 1, 1),
    )
    anna = resident("999990019", "Anna Janssen", vaals, D(1980, 5, 1))
    household = Household.objects.create()
    HouseholdMember.objects.create(
        household=household, person=anna, relation="aanvrager", valid_from=D(2020, 1, 1)
    )
    bijstand = case_type(
        "test-algemene-bijstand",
        "participatiewet",
        "Aanvraag algemene bijstand",
        ["pw-algemene-bijstand"],
    )
    consulent = get_user_model().objects.get(username="consulent.vaals")
    case = services.open_case(consulent, NewCase(anna.pk, bijstand.code, D(2026, 2, 23)))
    services.decide(
        consulent,
        case.pk,
        NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 3, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 3, 1),
            iban="NL91ABNA0417164300",
        ),
    )
    return Benefit.objects.get(case=case)


def test_administratie_starts_march_and_sees_the_run_done(
    ui: AccessiblePage, granted: Benefit
) -> None:
    ui.login("administratie", DEMO_PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    ui.click(menu.get_by_role("link", name="Betalingen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Betalingen")
    expect(page.locator("main")).to_contain_text("Er zijn nog geen betaalruns.")

    page.get_by_label("Maand").fill("2026-03")
    ui.click(page.get_by_role("button", name="Betaalrun starten"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Betaalrun maart 2026")
    expect(page.get_by_role("status")).to_contain_text("De betaalrun van maart 2026 is gestart.")
    main = page.locator("main")
    expect(main).to_contain_text("Gereed")
    expect(main).to_contain_text("1 van 1 uitkeringen berekend en vastgelegd")
    expect(main).to_contain_text("€ 1.331,42")
    totals = page.get_by_role("table", name="Betalingen per gemeente, maart 2026")
    expect(totals).to_contain_text("Vaals (GM0981)")
    expect(totals).to_contain_text("€ 1.331,42")
    # four eyes: no file before a second person releases the run, and not by the starter
    expect(totals).to_contain_text("na vrijgave")
    expect(page.get_by_role("button", name="Betaalrun vrijgeven")).to_have_count(0)
    check = page.get_by_role(
        "table", name="Aansluiting betaalregels en betaalbestanden, maart 2026"
    )
    expect(check).to_contain_text("klopt")

    # what is in the run: Vaals's lines, with the IBAN masked
    ui.click(totals.get_by_role("link", name="Betalingen van Vaals"))
    lines = page.get_by_role("table", name="Betaalregels Vaals, maart 2026")
    expect(lines).to_contain_text("Anna Janssen")
    expect(lines).to_contain_text("**** **** **** ** 4300")
    page.get_by_label("Zoek op BSN of naam").fill("999990019")
    ui.click(page.get_by_role("button", name="Zoeken"))
    expect(page.locator("main")).to_contain_text("1 betaling gevonden")

    page.context.clear_cookies()
    ui.login("directeur", DEMO_PASSWORD)
    ui.goto("/betalingen/2026-03")
    expect(page.locator("main")).to_contain_text("Gestart door: Jos Kurvers.")
    ui.click(page.get_by_role("button", name="Betaalrun vrijgeven"))
    expect(page.get_by_role("status")).to_contain_text(
        "De betaalrun van maart 2026 is vrijgegeven."
    )
    expect(page.locator("main")).to_contain_text("door Mirjam Hendriks")

    page.context.clear_cookies()
    ui.login("administratie", DEMO_PASSWORD)
    ui.goto("/betalingen/2026-03")
    totals = page.get_by_role("table", name="Betalingen per gemeente, maart 2026")
    link = totals.get_by_role("link", name="Betaalbestand (SEPA)")
    href = link.get_attribute("href")
    assert href == "/betalingen/2026-03/GM0981/sepa.xml"
    response = page.request.get(f"{ui.base_url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/xml"
    assert b"NL91ABNA0417164300" in response.body()
    run = PaymentRun.objects.get(month=D(2026, 3, 1))
    assert run.status == PaymentRun.Status.DONE and run.released

    ui.click(page.get_by_role("link", name="Terug naar de betalingen"))
    runs = page.get_by_role("table", name="Betaalruns, de nieuwste maand eerst")
    expect(runs).to_contain_text("Maart 2026")
    expect(runs).to_contain_text("Gereed")
    expect(runs.get_by_role("progressbar")).to_have_attribute("value", "100")


def test_consulent_reads_the_benefit_on_the_person_page(
    ui: AccessiblePage, granted: Benefit
) -> None:
    ui.login("consulent.vaals", DEMO_PASSWORD)
    page = ui.page
    ui.goto(f"/personen/{granted.person_id}")
    ui.settle()
    benefits = page.locator("#uitkeringen")
    expect(benefits).to_contain_text("Uitkering van Vaals, vanaf 1 maart 2026")
    # Today (24 November 2026): the norm of the law text of 1 July 2026
    expect(benefits).to_contain_text("Berekening op 24 november 2026")
    expect(benefits).to_contain_text("€ 1.419,46")
    ui.check_accessibility()

    page.get_by_label("Peildatum", exact=True).fill("2026-03-02")
    ui.click(benefits.get_by_role("button", name="Berekenen"))
    expect(benefits).to_contain_text("Berekening op 2 maart 2026")
    expect(benefits).to_contain_text("€ 1.401,50")

    # a date after the loaded norms: the Dutch error, not a figure
    page.get_by_label("Peildatum", exact=True).fill("2027-02-01")
    ui.click(benefits.get_by_role("button", name="Berekenen"))
    expect(benefits.locator(".utrecht-alert")).to_be_visible()
    ui.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Janssen")  # still in place
