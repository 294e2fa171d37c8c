"""The signals on the file in a real browser: a Vaals consulent sees the count on the start
page, follows it to the list, opens Pim van der Maes (AOW age reached on 24 July 2026) and
finds the signal on his page and on his worklist row. axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.cases.models import Assignment
from tests import attention_data
from tests.attention_data import Signals, bijstand_type, open_case
from tests.browser.conftest import AccessiblePage
from tests.web import privacy as data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def world(transactional_db, settings, monkeypatch) -> Signals:  # noqa: ANN001
    settings.AOW_SIGNAL_DAYS = 90
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    built = attention_data.build()
    staff = built.privacy.consulent.staff
    Assignment.objects.create(
        person=built.pim, domain=built.privacy.participatiewet, staff=staff,
        valid_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    kind = bijstand_type(built.privacy.participatiewet)
    case = open_case("Z-2026-000301", built.pim, built.privacy.vaals, kind, dt.date(2027, 1, 20))
    case.assigned_to = staff
    case.save()
    return built


def test_consulent_follows_the_count_to_pims_file(ui: AccessiblePage, world: Signals) -> None:
    ui.login("consulent.vaals", data.PASSWORD)
    page = ui.page
    notices = page.get_by_role("region", name="Aandachtspunten")
    expect(notices).to_contain_text("Er is 1 aandachtspunt bij uw cliënten (AOW-leeftijd: 1).")

    ui.click(notices.get_by_role("link", name="Bekijken"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aandachtspunten bij uw cliënten")
    table = page.get_by_role("table", name="Aandachtspunten")
    expect(table).to_contain_text("Beëindig de uitkering met als laatste dag 23 juli 2026.")

    ui.click(table.get_by_role("link", name="Pim van der Maes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pim van der Maes")
    signals = page.get_by_role("region", name="Aandachtspunten")
    expect(signals).to_contain_text("Pim van der Maes heeft de AOW-leeftijd bereikt")
    expect(signals).to_contain_text("Wat moet u doen?")

    ui.goto("/werkvoorraad")
    row = page.get_by_role("row", name="Z-2026-000301")
    expect(row.get_by_role("link", name="AOW-leeftijd")).to_be_visible()
