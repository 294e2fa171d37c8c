"""The caseload forecast: the rule on the 2017 DVO table, the growth rate as data with its
source, and the forecast beside the actual caseload on both dashboards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from samen.steering import forecast
from samen.steering.models import GrowthRate
from tests.steering import data

D = dt.date


@pytest.mark.parametrize(("now", "expected"), [(223, 225), (227, 229), (306, 309), (314, 317)])
def test_one_year_at_1_15_percent_rounded_down_as_the_2017_dvo_table(now, expected):
    assert forecast.grow(now, Decimal("1.15")) == expected


def test_growth_and_shrinkage_round_down():
    assert forecast.grow(100, Decimal("1.15")) == 101  # 101.15
    assert forecast.grow(100, Decimal("-2.5")) == 97  # 97.5
    assert forecast.grow(0, Decimal("1.15")) == 0


@pytest.mark.django_db
def test_the_growth_rate_of_the_2017_dvo_is_loaded_with_its_source():
    rate = GrowthRate.objects.valid_on(D(2026, 4, 30)).get()
    assert rate.rate == Decimal("1.15") and "macrobudget" in rate.source


@pytest.mark.django_db
def test_the_forecast_is_beside_the_actuals_on_the_dashboards(world, monkeypatch, settings):
    settings.DEMO_MODE = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 6, 15))
    meerssen = world.municipalities["GM0938"]
    for _ in range(200):
        data.benefit(meerssen, D(2025, 1, 1))
    client = Client()
    client.force_login(world.user("contact.meerssen"))
    html = client.get("/sturing/GM0938?periode=2026-1").content.decode()
    assert "Prognose uitkeringseenheden" in html
    assert "op 30 april 2026" in html and ">200<" in html
    assert ">202<" in html and "eind 2027" in html  # 200 x 1.0115 = 202.3
    szmh = client.get("/sturing/dashboard?periode=2026-1").content.decode()
    assert ">202<" in szmh and "Vaals" not in szmh


@pytest.mark.django_db
def test_a_small_caseload_is_hidden_with_its_forecast(world):
    vaals = world.municipalities["GM0981"]
    for _ in range(3):
        data.benefit(vaals, D(2025, 1, 1))
    found = forecast.forecast(vaals, D(2026, 4, 30), threshold=5)
    assert (found.caseload, found.value) == (3, 3)
    assert found.caseload_shown == found.value_shown == "< 5"
