"""The case screens in a real browser: a Vaals consulent takes a case from the team's worklist,
opens it, records a decision and opens its letter. axe-core checks every page visited (see
conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.access.models import AuditEntry
from samen.cases import services
from samen.cases.models import Case, Decision, Status
from samen.cases.services import NewCase
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
def team_case(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> Case:  # noqa: ANN001
    """A bijstand case of a Vaals resident that the team manager took over: it is on the team's
    worklist, not on the consulent's own."""
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
    users = get_user_model().objects
    case = services.open_case(
        users.get(username="consulent.vaals"), NewCase(anna.pk, bijstand.code, D(2026, 10, 26))
    )
    return services.take_case(users.get(username="teammanager"), case.pk)


def test_consulent_takes_a_case_decides_and_opens_the_letter(
    ui: AccessiblePage, team_case: Case
) -> None:
    ui.login("consulent.vaals", DEMO_PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    ui.click(menu.get_by_role("link", name="Werkvoorraad"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkvoorraad")
    expect(page.locator("main")).to_contain_text("U heeft geen open zaken.")

    ui.click(page.get_by_role("link", name="Zaken van Team Inkomen Heuvelland"))
    team_list = page.get_by_role("table")
    expect(team_list).to_contain_text(team_case.reference)
    expect(team_list).to_contain_text("Anna Janssen")
    ui.click(team_list.get_by_role("button", name="Oppakken"))

    expect(page.get_by_role("status")).to_contain_text(f"U heeft zaak {team_case.reference}")
    own = page.get_by_role("table", name="Mijn open zaken")
    expect(own).to_contain_text("Bram Vliegen")
    ui.click(own.get_by_role("link", name=team_case.reference))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {team_case.reference}")
    main = page.locator("main")
    expect(main).to_contain_text("999990019")
    expect(main).to_contain_text("Vaals (GM0981)")
    expect(main).to_contain_text("artikel 43 Participatiewet")
    ui.click(page.get_by_role("link", name="Besluit nemen"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Besluit nemen")
    page.get_by_label("Besluittype").select_option("pw-algemene-bijstand")
    page.get_by_label("Uitkomst").select_option("toegekend")
    page.get_by_label("Besluitdatum").fill("2026-11-16")
    page.get_by_label("Ingangsdatum (optioneel)").fill("2026-10-26")
    page.get_by_label("IBAN voor de uitkering (bij toekenning van bijstand)").fill(
        "NL91 ABNA 0417 1643 00"
    )
    page.get_by_label("Motivering").fill("U heeft geen inkomen en geen vermogen.")
    ui.click(page.get_by_role("button", name="Besluit nemen"))

    expect(page.get_by_role("status")).to_contain_text("Het besluit is vastgelegd")
    decisions = page.get_by_role("table", name="Besluiten op deze zaak")
    expect(decisions).to_contain_text("Toegekend")
    letter = decisions.get_by_role("link", name="(PDF)")
    href = letter.get_attribute("href")
    assert href is not None
    response = page.request.get(f"{ui.base_url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    case = Case.objects.get(pk=team_case.pk)
    assert case.status == Status.BESLUIT_GENOMEN
    assert Decision.objects.get(case=case).outcome == "toegekend"
    brief = AuditEntry.objects.filter(object_type="brief", actor_name="Bram Vliegen")
    assert brief.count() == 1
