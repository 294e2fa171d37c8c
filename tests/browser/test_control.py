"""Internal control in a real browser: the controller draws a sample for Maastricht, opens a
drawn decision, records an error on its checklist and opens the half-year report. axe-core
checks every page visited (see conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samen.access.demo import load_grants
from samen.control.models import Finding
from samen.income.models import PaymentLine, PaymentRun
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
TODAY = D(2026, 7, 15)


@pytest.fixture
def control(transactional_db, settings, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_demo()
    load_grants()
    steering_demo.load()
    maastricht = Municipality.objects.get(cbs_code="GM0935")
    for n in range(3):
        data.decide(
            data.case(maastricht, "pw-aanvraag-algemene-bijstand", decided=D(2026, 2, 2 + n)),
            "toegekend",
        )
    run = PaymentRun.objects.create(month=D(2026, 3, 1), status=PaymentRun.Status.DONE)
    for _ in range(2):
        PaymentLine.objects.create(
            run=run,
            benefit=data.benefit(maastricht, D(2025, 1, 1)),
            month=D(2026, 3, 1),
            amount=Decimal("1000.00"),
            calculation={},
        )
    moment = timezone.make_aware(dt.datetime(2026, 3, 25, 10, 0))
    releaser = get_user_model().objects.order_by("pk").first()
    PaymentRun.objects.filter(pk=run.pk).update(released_at=moment, released_by=releaser)


def test_the_controller_draws_a_sample_and_records_an_error(
    ui: AccessiblePage, control: None
) -> None:
    ui.login("internecontrole", DEMO_PASSWORD)
    page = ui.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    ui.click(menu.get_by_role("link", name="Interne controle"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Interne controle")
    page.get_by_label("Gemeente").select_option("GM0935")
    page.get_by_label("Periode vanaf").fill("2026-01-01")
    page.get_by_label("Periode tot en met").fill("2026-06-30")
    page.get_by_label("Startwaarde (seed)").fill("2026")
    ui.click(page.get_by_role("button", name="Steekproef trekken"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maastricht")
    expect(page.locator("main")).to_contain_text("2026 (opgegeven)")
    decisions = page.get_by_role(
        "table", name="De getrokken besluiten in de volgorde van de trekking"
    )
    expect(decisions.get_by_role("row")).to_have_count(4)  # header and all three

    ui.click(decisions.get_by_role("link", name="1", exact=True))
    expect(page.get_by_role("heading", level=2, name="Controlelijst")).to_be_visible()
    first = page.locator("form.samen-form").first
    first.get_by_label("Bevinding").select_option("fout")
    first.get_by_label("Bedrag (euro)").fill("125.50")
    first.get_by_label("Toelichting").fill("Geen mandaat gevonden voor dit besluit.")
    ui.click(first.get_by_role("button", name="Bevinding vastleggen"))
    expect(page.locator("main")).to_contain_text("Vastgelegd: Fout, € 125,50")
    assert Finding.objects.get().amount == Decimal("125.50")

    ui.goto("/controle/rapportages/GM0935/2026-1")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Interne controle Maastricht, 1e halfjaar 2026"
    )
    expect(page.locator("main")).to_contain_text("Nog open (telt niet mee)")
