"""The team manager's screens in a real browser: from "Mijn werkvoorraad" to the team's
worklist, filtering it, and assigning a case to another consulent of the team with a reason.
axe-core checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.cases import services
from samen.cases.models import Case
from samen.cases.services import NewCase
from samen.organisation.demo import DEMO_PASSWORD, load_demo
from samen.organisation.models import Municipality, Staff
from tests.browser.conftest import AccessiblePage
from tests.cases.conftest import case_type, resident
from tests.cases.teams import staff_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date
TODAY = D(2026, 3, 10)


@pytest.fixture
def team_cases(
    transactional_db, settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[Case, Case, Staff]:  # noqa: ANN001
    """Two bijstand cases of Vaals residents on Team Inkomen Heuvelland's worklist, one past
    its deadline, and a second consulent in the team."""
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    sanne = staff_in("Team Inkomen Heuvelland", "consulent", ["GM0981"], "Sanne Kleijnen")
    vaals = Municipality.objects.get(name="Vaals")
    anna = resident("999990019", "Anna Janssen", vaals, D(1980, 5, 1))
    carla = resident("999990032", "Carla Smeets", vaals, D(1975, 1, 2))
    bijstand = case_type(
        "test-algemene-bijstand",
        "participatiewet",
        "Aanvraag algemene bijstand",
        ["pw-algemene-bijstand"],
    )
    consulent = get_user_model().objects.get(username="consulent.vaals")
    late = services.open_case(consulent, NewCase(anna.pk, bijstand.code, D(2026, 1, 5)))
    recent = services.open_case(consulent, NewCase(carla.pk, bijstand.code, D(2026, 3, 2)))
    return late, recent, sanne


def test_team_manager_filters_the_team_worklist_and_assigns_a_case(
    ui: AccessiblePage, team_cases: tuple[Case, Case, Staff]
) -> None:
    late, recent, sanne = team_cases
    ui.login("teammanager", DEMO_PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    ui.click(menu.get_by_role("link", name="Werkvoorraad"))
    ui.click(page.get_by_role("link", name="Werkvoorraad Team Inkomen Heuvelland (teammanager)"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Werkvoorraad Team Inkomen Heuvelland"
    )
    table = page.get_by_role("table", name="Open zaken van Team Inkomen Heuvelland")
    expect(table).to_contain_text(late.reference)
    expect(table).to_contain_text(recent.reference)

    page.get_by_label("Termijn").select_option("verstreken")
    ui.click(page.get_by_role("button", name="Filteren"))
    table = page.get_by_role("table", name="Open zaken van Team Inkomen Heuvelland")
    expect(table).to_contain_text(late.reference)
    expect(table).not_to_contain_text(recent.reference)

    ui.click(table.get_by_role("link", name=f"Zaak {late.reference} toewijzen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaak toewijzen")
    ui.click(page.get_by_role("button", name="Toewijzen"))  # nothing chosen: Dutch errors
    expect(page.locator("main")).to_contain_text("Kies een consulent.")
    page.get_by_label("Consulent").select_option(str(sanne.pk))
    page.get_by_label("Reden van de toewijzing").fill("Bram is met verlof")
    ui.click(page.get_by_role("button", name="Toewijzen"))

    expect(page.get_by_role("status")).to_contain_text(
        f"Zaak {late.reference} is toegewezen aan Sanne Kleijnen."
    )
    history = page.get_by_role("table", name="Wie wanneer welke stap zette")
    expect(history).to_contain_text("Toegewezen aan Sanne Kleijnen: Bram is met verlof")
    assert Case.objects.get(pk=late.pk).assigned_to == sanne
