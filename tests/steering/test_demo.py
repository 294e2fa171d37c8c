"""The steering demo: reports of the first two Marap periods of 2026 and the draft annual
figures 2026 for every partner, one published with frozen figures, the cost allocation of
2025; loading twice changes nothing and removing the demo removes them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from samen.steering import allocation
from samen.steering.models import CostYear, Report, ReportFigure

pytestmark = pytest.mark.django_db
PARTNERS = {"GM0935", "GM0938", "GM0981", "GM0994", "GM1729"}


def test_the_demo_has_reports_one_published_and_the_2025_cost_allocation(settings):
    settings.DEMO_MODE = True
    call_command("demo", "laden", stdout=io.StringIO())
    reports = Report.objects.filter(year=2026)
    assert {(r.municipality.cbs_code, r.number) for r in reports} == {
        (code, n) for code in PARTNERS for n in (1, 2, 0)
    }
    assert all(r.analysis for r in reports)
    annual = reports.filter(number=0)
    assert {r.status for r in annual} == {Report.Status.DRAFT}
    assert "Concept van de jaarcijfers 2026" in annual.first().analysis
    (published,) = reports.filter(status=Report.Status.PUBLISHED)
    assert (published.municipality.cbs_code, published.number) == ("GM0981", 1)
    assert published.published_by.username == "directeur"
    assert published.figures.count() == 33
    cost_year = CostYear.objects.get(year=2025)
    assert cost_year.services.count() == 2
    result, rows = allocation.compute(cost_year)
    assert sum(r.share.total for r in rows) == cost_year.total == Decimal("18450000.00")
    em = next(r for r in rows if r.share.member.code == "GM1903")
    assert em.share.member.member_days == 99
    vaals = next(r for r in rows if r.share.member.code == "GM0981")
    assert vaals.share.services == Decimal("28750.00")

    before = (Report.objects.count(), ReportFigure.objects.count(), CostYear.objects.count())
    call_command("demo", "laden", stdout=io.StringIO())
    assert (
        Report.objects.count(),
        ReportFigure.objects.count(),
        CostYear.objects.count(),
    ) == before

    director = Client()
    director.force_login(get_user_model().objects.get(username="directeur"))
    page = director.get("/sturing/GM0981/2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jaarcijfers Vaals 2026" in html and "Concept van de jaarcijfers 2026" in html
    assert "Analyse van het bestand" in html

    call_command("demo", "verwijderen", stdout=io.StringIO())
    assert not Report.objects.exists() and not CostYear.objects.exists()
