"""The stored KPI results (steering.ComputedValue): the report page reads them instead of
computing four periods live, a period without them is computed once and stored, refreshing
is idempotent and leaves the old rows when it fails, nightly (beat) and on demand ("Cijfers
nu bijwerken", for staff who may publish or write the analysis), and figures entered by hand
show at once. Access and audit as the report page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.common import kpis
from samen.steering import computed, services, tasks
from samen.steering.marap import MarapPeriod
from samen.steering.models import ComputedValue, ReportFigure
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 15)
P1 = MarapPeriod(2026, 1)
TIMELY = "cases.tijdig-pw-aanvragen"


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True


def client_for(world, username):
    client = Client()
    client.force_login(world.user(username))
    return client


def decisions(municipality, in_time, late, decided=D(2026, 3, 1)):
    for i in range(in_time + late):
        data.case(
            municipality,
            "pw-aanvraag-algemene-bijstand",
            deadline=D(2026, 3, 1) if i < in_time else decided - dt.timedelta(days=1),
            decided=decided,
        )


def timely(page):
    return next(f for f in page.figures if f.kpi_code == "tijdig-pw-aanvragen")


class Counting:
    """Counts the registry's computations (wraps :func:`samen.common.kpis.compute_many`,
    through which steering asks them)."""

    def __init__(self, monkeypatch):
        self.calls: list[str] = []
        original = kpis.compute_many

        def counted(code, municipalities, period):
            self.calls.append(code)
            return original(code, municipalities, period)

        monkeypatch.setattr(kpis, "compute_many", counted)


def test_a_period_without_stored_results_is_computed_once_and_stored(world, monkeypatch):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    assert not ComputedValue.objects.exists()
    counting = Counting(monkeypatch)
    html = client_for(world, "contact.meerssen").get("/sturing/GM0938/2026-1").content.decode()
    assert "Berekend op" in html
    first = len(counting.calls)
    assert first > 0
    # the period and the three earlier ones of the trend are stored, no personal data
    stored = ComputedValue.objects.filter(municipality=meerssen)
    assert {(v.year, v.number) for v in stored} == {(2025, 2), (2025, 3), (2026, 1), (2025, 1)}
    row = stored.get(year=2026, number=1, code=TIMELY)
    assert (row.value, row.numerator, row.denominator) == (
        Decimal("85.00"),
        Decimal("17.00"),
        Decimal("20.00"),
    )
    assert "8000" not in str(list(stored.values()))  # no BSN, only aggregates
    # the second visit computes nothing
    client_for(world, "contact.meerssen").get("/sturing/GM0938/2026-1")
    assert len(counting.calls) == first


def test_the_report_page_reads_stored_results_in_a_bounded_number_of_queries(world):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    data.benefit(meerssen, D(2026, 1, 1))
    client = client_for(world, "contact.meerssen")
    client.get("/sturing/GM0938/2026-1")  # computes and stores

    def visit():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/sturing/GM0938/2026-1")
        assert response.status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    few = visit()
    # many more benefits and cases, refreshed: the page asks the same number of queries,
    # and none of them reads a case or a benefit
    decisions(meerssen, 40, 10)
    for _ in range(30):
        data.benefit(meerssen, D(2026, 2, 1))
    computed.refresh_figures([meerssen], [*P1.earlier(3), P1])
    many = visit()
    assert len(many) == len(few) <= 40
    assert not [q for q in many if "cases_case" in q or "income_" in q]
    html = client.get("/sturing/GM0938/2026-1").content.decode()
    assert "Niet gehaald" in html  # 57 of 70 in time


def test_refresh_is_idempotent_and_a_failure_leaves_the_old_rows(world, monkeypatch):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    stored = computed.refresh_figures([meerssen], [P1])
    assert stored == ComputedValue.objects.count() == len(computed.catalogue_codes())
    before = {
        (v.code, v.value, v.numerator, v.denominator, v.query) for v in ComputedValue.objects.all()
    }
    moment = ComputedValue.objects.get(code=TIMELY).computed_at
    assert computed.refresh_figures([meerssen], [P1]) == stored
    assert ComputedValue.objects.count() == stored
    assert {
        (v.code, v.value, v.numerator, v.denominator, v.query) for v in ComputedValue.objects.all()
    } == before
    assert ComputedValue.objects.get(code=TIMELY).computed_at >= moment
    # a computation that fails halfway: nothing is written, the old figures stay
    decisions(meerssen, 0, 10)
    original = kpis.compute_many

    def failing(code, municipalities, period):
        if code == "income.uitkeringseenheden":
            raise RuntimeError("database weg")
        return original(code, municipalities, period)

    monkeypatch.setattr(kpis, "compute_many", failing)
    with pytest.raises(RuntimeError):
        computed.refresh_figures([meerssen], [P1])
    assert ComputedValue.objects.get(code=TIMELY).value == Decimal("85.00")


def test_the_page_shows_the_stored_figure_until_refreshed_on_demand(world):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    director = world.user("directeur")
    assert timely(services.report_page(director, "GM0938", "2026-1")).value == Decimal("85.00")
    # a new decision (late): the stored figure stays until the figures are refreshed
    decisions(meerssen, 0, 5)
    assert timely(services.report_page(director, "GM0938", "2026-1")).value == Decimal("85.00")
    client = client_for(world, "directeur")
    html = client.get("/sturing/GM0938/2026-1").content.decode()
    assert "Cijfers nu bijwerken" in html
    before = AuditEntry.objects.count()
    response = client.post("/sturing/GM0938/2026-1/bijwerken")
    assert response.status_code == 302 and response["Location"] == "/sturing/GM0938/2026-1"
    page = services.report_page(director, "GM0938", "2026-1")
    figure = timely(page)
    assert (figure.value, figure.numerator, figure.denominator) == (
        Decimal("68.00"),
        Decimal("17.00"),
        Decimal("25.00"),
    )
    assert page.computed_at is not None
    entry = AuditEntry.objects.filter(sequence__gt=before).order_by("sequence").first()
    assert entry is not None
    assert (entry.action, entry.object_id, entry.municipality_code, entry.purpose) == (
        "update",
        "GM0938/2026-1",
        "GM0938",
        "sturing",
    )
    assert entry.changes == {
        "event": "cijfers bijwerken",
        "periodes": ["2025-1", "2025-2", "2025-3", "2026-1"],
    }
    follow = client.get("/sturing/GM0938/2026-1").content.decode()
    assert "68%" in follow or "68,0%" in follow


def test_only_staff_who_may_publish_or_analyse_refresh_and_never_another_municipality(world):
    contact = client_for(world, "contact.meerssen")
    html = contact.get("/sturing/GM0938/2026-1").content.decode()
    assert "Cijfers nu bijwerken" not in html
    assert contact.post("/sturing/GM0938/2026-1/bijwerken").status_code == 403
    assert not ComputedValue.objects.filter(computed_at__gt=timezone.now()).exists()
    before = AuditEntry.objects.count()
    assert contact.post("/sturing/GM0981/2026-1/bijwerken").status_code == 404
    assert contact.get("/sturing/GM0981/2026-1").status_code == 404
    refused = AuditEntry.objects.filter(sequence__gt=before)
    assert [(e.action, e.municipality_code) for e in refused] == [
        ("refused", "GM0981"),
        ("refused", "GM0981"),
    ]
    assert not ComputedValue.objects.filter(municipality__cbs_code="GM0981").exists()
    # the teammanager (writes the analysis) may
    manager = client_for(world, "teammanager")
    assert "Cijfers nu bijwerken" in manager.get("/sturing/GM0938/2026-1").content.decode()
    assert manager.post("/sturing/GM0938/2026-1/bijwerken").status_code == 302
    assert manager.get("/sturing/GM0938/2026-1/bijwerken").status_code == 405


def test_a_late_correction_shows_against_the_frozen_report_after_the_refresh(world):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    director = world.user("directeur")
    services.publish(director, "GM0938", "2026-1", expected_version=1)
    decisions(meerssen, 3, 0, decided=D(2026, 2, 1))  # 20 of 23 in time now
    computed.refresh_figures([meerssen], [P1])  # as the night does
    page = services.report_page(director, "GM0938", "2026-1")
    assert timely(page).value == Decimal("85.00")  # frozen
    assert timely(page).origin == ReportFigure.Origin.COMPUTED
    nxt = services.report_page(director, "GM0938", "2026-2")
    row = next(r for r in nxt.trend if r.kpi_code == "tijdig-pw-aanvragen")
    cell = next(c for c in row.cells if c.period == P1)
    assert cell.figure is not None and cell.figure.value == Decimal("85.00")
    assert cell.corrected_to is not None and cell.corrected_to.value == Decimal("87.00")
    html = client_for(world, "directeur").get("/sturing/GM0938/2026-2").content.decode()
    assert "85%<br><small>gecorrigeerd, nu 87%</small>" in html


def test_a_figure_entered_by_hand_shows_at_once(world):
    client = client_for(world, "contact.meerssen")
    client.get("/sturing/GM0938/2026-1")  # the computed figures are stored
    response = client_for(world, "teammanager").post(
        "/sturing/GM0938/2026-1/waarden/klantwaardering",
        {"waarde": "7,4", "teller": "", "noemer": "", "toelichting": "Onderzoek", "version": "1"},
    )
    assert response.status_code == 302
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    rating = next(f for f in page.figures if f.kpi_code == "klantwaardering")
    assert rating.is_manual and rating.value == Decimal("7.40")
    assert not ComputedValue.objects.filter(code__contains="klantwaardering").exists()


def test_the_nightly_task_is_scheduled_and_refreshes_every_partner(world):
    from samen.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["stuurcijfers-bijwerken"]
    app.loader.import_default_modules()  # what a worker imports when it starts
    assert entry["task"] == tasks.refresh_due_figures_task.name == "steering.refresh_due_figures"
    assert entry["task"] in app.tasks and "steering.refresh_figures" in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})  # nightly
    assert computed.due_periods(TODAY) == [
        MarapPeriod(2025, 1),
        MarapPeriod(2025, 2),
        MarapPeriod(2025, 3),
        MarapPeriod(2026, 1),
        MarapPeriod(2026, 2),
        MarapPeriod.whole_year(2024),
        MarapPeriod.whole_year(2025),
        MarapPeriod.whole_year(2026),
    ]
    decisions(world.municipalities["GM0938"], 17, 3)
    codes = tasks.refresh_due_figures_task.delay(TODAY.isoformat()).get()
    partners = [m.cbs_code for m in computed.partners()]
    assert codes == partners and "GM0938" in partners
    found = {(v.municipality.cbs_code, v.year, v.number) for v in ComputedValue.objects.all()}
    for code in partners:
        for period in computed.due_periods(TODAY):
            assert (code, period.year, period.number) in found
    meerssen_p1 = ComputedValue.objects.get(
        municipality__cbs_code="GM0938", year=2026, number=1, code=TIMELY
    )
    assert meerssen_p1.value == Decimal("85.00")
    # the year holds the caseload analysis of the annual figures too
    assert ComputedValue.objects.filter(
        municipality__cbs_code="GM0938", year=2026, number=0, part="bestandsanalyse"
    ).count() == len(computed.caseload_specs(2026))


def test_the_api_reads_the_stored_figure_too(world):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, 17, 3)
    computed.refresh_figures([meerssen], [P1])
    decisions(meerssen, 0, 5)  # not refreshed yet
    token, _ = Token.objects.get_or_create(user=world.user("contact.meerssen"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    query = {"gemeente": "GM0938", "kpi": "tijdig-pw-aanvragen", "vanaf": "2026-1", "tot": "2026-1"}
    (row,) = api.get("/api/v1/kpiwaarden", query).json()["results"]
    assert (row["waarde"], row["teller"], row["noemer"]) == ("85.00", "17.00", "20.00")
    assert row["vastgelegd"] is False
    computed.refresh_figures([meerssen], [P1])
    (row,) = api.get("/api/v1/kpiwaarden", query).json()["results"]
    assert (row["waarde"], row["teller"], row["noemer"]) == ("68.00", "17.00", "25.00")
