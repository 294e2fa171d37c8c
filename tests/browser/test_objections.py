"""The objection screens in a real browser: the jurist registers an objection from the
decided case's page, finds it on /bezwaren, records that no hearing is needed and decides.
axe-core and the CSP checks run on every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.cases import services
from samen.cases.models import Decision
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Municipality
from tests.browser.conftest import AccessiblePage
from tests.cases.conftest import case_type, resident

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def contested(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> Decision:  # noqa: ANN001
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    vaals = Municipality.objects.get(name="Vaals")
    anna = resident("999990019", "Anna Janssen", vaals, D(1980, 5, 1))
    bijstand = case_type(
        "test-algemene-bijstand",
        "participatiewet",
        "Aanvraag algemene bijstand",
        ["pw-algemene-bijstand"],
    )
    consulent = get_user_model().objects.get(username="consulent.vaals")
    case = services.open_case(consulent, services.NewCase(anna.pk, bijstand.code, D(2026, 2, 2)))
    decision = services.decide(
        consulent,
        case.pk,
        services.NewDecision("pw-algemene-bijstand", "afgewezen", D(2026, 2, 20), "Vermogen."),
    )
    services.announce(consulent, case.pk, on=D(2026, 2, 20))
    return decision


def test_jurist_registers_and_decides_an_objection(ui: AccessiblePage, contested: Decision) -> None:
    ui.login("jurist", DEMO_PASSWORD)
    page = ui.page
    ui.goto(f"/zaken/{contested.case_id}")
    ui.click(page.get_by_role("link", name="Bezwaar registreren"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezwaar registreren")
    page.get_by_label("Bezwaar ontvangen op").fill("2026-03-10")
    page.get_by_label("Hoe kwam het bezwaar binnen?").select_option("post")
    page.get_by_label("Gronden van het bezwaar").fill("Mijn vermogen is lager.")
    ui.click(page.get_by_role("button", name="Bezwaar registreren"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bezwaar GM0981-2026-")
    main = page.locator("main")
    expect(main).to_contain_text("Tot en met 7 april 2026: Op tijd")

    ui.goto("/bezwaren")
    table = page.get_by_role("table", name="Open bezwaren")
    expect(table).to_contain_text("Anna Janssen")
    ui.click(table.get_by_role("link"))

    ui.click(page.get_by_role("link", name="Hoorzitting vastleggen"))
    page.get_by_label("Of: niet horen, omdat (artikel 7:3 Awb)").select_option("c")
    ui.click(page.get_by_role("button", name="Hoorzitting vastleggen"))
    expect(page.locator("main")).to_contain_text("Niet gehoord")

    ui.click(page.get_by_role("link", name="Beslissen op bezwaar"))
    page.get_by_label("Uitkomst").select_option("ongegrond")
    page.get_by_label("Datum beslissing op bezwaar").fill("2026-06-15")
    page.get_by_label("Motivering").fill("Het vermogen is hoger dan de grens.")
    ui.click(page.get_by_role("button", name="Beslissen op bezwaar"))
    expect(page.locator("main")).to_contain_text(
        "Het bezwaar is ongegrond verklaard op 15 juni 2026."
    )
