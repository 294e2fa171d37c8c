"""The appeal screens in a real browser: the jurist registers a beroep from the page of the
decided objection, records the ruling that orders a new decision, finds that decision's term
on /beroepen and takes the new decision. axe-core and the CSP checks run on every page
visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from samen.cases import services as cases
from samen.cases.models import Decision
from samen.objections import handling, services
from samen.organisation.demo import DEMO_PASSWORD
from tests.browser.conftest import AccessiblePage
from tests.browser.test_objections import contested  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date


@pytest.fixture
def objection_pk(contested: Decision) -> int:  # noqa: F811
    jurist = get_user_model().objects.get(username="jurist")
    objection = services.file_objection(
        jurist,
        services.NewObjection(
            decision_pk=contested.pk,
            filed_on=D(2026, 3, 10),
            received_via="post",
            grounds="Mijn vermogen is lager.",
            objector_name="Anna Janssen",
        ),
    )
    handling.record_hearing(jurist, objection.pk, handling.Hearing(skipped="c"))
    handling.decide(
        jurist, objection.pk, handling.NewOutcome("ongegrond", D(2026, 5, 4), "Het telt.")
    )
    cases.announce(jurist, objection.case_id, on=D(2026, 5, 4))
    return objection.pk


def test_jurist_follows_a_beroep_to_the_new_decision(ui: AccessiblePage, objection_pk: int) -> None:
    ui.login("jurist", DEMO_PASSWORD)
    page = ui.page
    ui.goto(f"/bezwaren/{objection_pk}")
    ui.click(page.get_by_role("link", name="Beroep registreren"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Beroep registreren")
    page.get_by_label("Beroep ingesteld op").fill("2026-06-10")
    page.get_by_label("Zaaknummer van de rechter").fill("ROE 26/1234 PW")
    ui.click(page.get_by_role("button", name="Beroep registreren"))
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Beroep bij de rechtbank ROE 26/1234 PW"
    )
    expect(main).to_contain_text("termijn tot en met 15 juni 2026")

    ui.click(page.get_by_role("link", name="Uitspraak vastleggen"))
    page.get_by_label("Uitkomst").select_option("gegrond")
    page.get_by_label("Datum uitspraak (of van intrekking of schikking)").fill("2026-11-18")
    page.get_by_label("Uitspraak verzonden op").fill("2026-11-19")
    page.get_by_label("Wat verandert de uitspraak?").select_option("nieuw_besluit")
    ui.click(page.get_by_role("button", name="Uitspraak vastleggen"))
    expect(main).to_contain_text("Nog te nemen, uiterlijk donderdag 31 december 2026.")

    ui.goto("/beroepen")
    table = page.get_by_role("table", name="Termijnen bij de rechter")
    expect(table).to_contain_text("Nieuwe beslissing op bezwaar")
    expect(table).to_contain_text("Einde termijn hoger beroep")
    ui.click(table.get_by_role("link").first)

    ui.click(page.get_by_role("link", name="Nieuwe beslissing op bezwaar nemen"))
    page.get_by_label("Uitkomst van de nieuwe beslissing op bezwaar").select_option("gegrond")
    page.get_by_label("Datum nieuwe beslissing op bezwaar").fill("2026-11-23")
    page.get_by_label("Motivering").fill("De auto is van de zoon.")
    ui.click(page.get_by_role("button", name="Nieuwe beslissing op bezwaar nemen"))
    expect(main).to_contain_text("Het bezwaar is gegrond verklaard.")
