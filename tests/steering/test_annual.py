"""The annual figures (jaarcijfers) of one municipality: every KPI of its DVO over the whole
year against its norm (the annual value where the norm is a count per period), the caseload
analysis (1 January, 31 December, inflow and outflow, per month), due on 15 March of the next
year (the DVO's calendar), published and frozen like a four-monthly report; page, PDF, chart
and API scoped to the contact person's own municipality and audited."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.steering import computed, services
from samen.steering.marap import MarapPeriod
from samen.steering.models import Dvo, ManualValue, Report, ReportFigure
from tests.steering import data
from tests.steering.test_pdf import pdf_text

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2027, 2, 1)  # after 2026, before its annual figures are due


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True


def client_for(world, username):
    client = Client()
    client.force_login(world.user(username))
    return client


def api_for(world, username):
    token, _ = Token.objects.get_or_create(user=world.user(username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def year_of_work(municipality):
    """20 Pw applications decided over 2026 in all three periods, 17 in time (85.0 %, norm
    "> 85 %" not met, though January-April alone is 8 of 8); and the caseload:

    - 30 benefits running since June 2025, 6 since June 2025 that end on 31 March 2026,
      7 that start on 1 February 2026, 8 that start on 10 May 2026 and end on 30 November.
    - 1 January: 36; 31 December: 37; inflow 15 (7 + 8), outflow 14 (6 + 8).
    """
    decided = [(D(2026, 3, 1), True)] * 8 + [(D(2026, 6, 1), True)] * 5
    decided += [(D(2026, 6, 3), False)] * 2 + [(D(2026, 10, 1), True)] * 4
    decided += [(D(2026, 10, 9), False)]
    for day, in_time in decided:
        deadline = day if in_time else day - dt.timedelta(days=2)
        data.case(municipality, "pw-aanvraag-algemene-bijstand", deadline=deadline, decided=day)
    for _ in range(30):
        data.benefit(municipality, D(2025, 6, 1))
    for _ in range(6):
        data.benefit(municipality, D(2025, 6, 1), D(2026, 3, 31))
    for _ in range(7):
        data.benefit(municipality, D(2026, 2, 1))
    for _ in range(8):
        data.benefit(municipality, D(2026, 5, 10), D(2026, 11, 30))


def test_the_annual_figures_of_meerssen_computed_by_hand(world):
    meerssen = world.municipalities["GM0938"]
    year_of_work(meerssen)
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026")
    assert page.period.is_year and len(page.figures) == 33
    timely = next(f for f in page.figures if f.kpi_code == "tijdig-pw-aanvragen")
    assert (timely.value, timely.numerator, timely.denominator) == (Decimal("85.0"), 17, 20)
    assert timely.norm_text() == "> 85%" and timely.verdict.value == "niet gehaald"
    first = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    assert next(f for f in first.figures if f.kpi_code == "tijdig-pw-aanvragen").value == 100
    caseload = page.caseload
    assert caseload is not None
    assert (caseload.start.value, caseload.end.value) == (36, 37)
    assert (caseload.inflow.value, caseload.outflow.value) == (15, 14)
    assert caseload.change == 1
    assert [int(m.value) for m in caseload.months] == [
        36,
        43,
        43,
        37,
        45,
        45,
        45,
        45,
        45,
        45,
        45,
        37,
    ]
    assert caseload.inflow.breakdown == [("zonder zaak", 15)]
    # the caseload KPIs over the year: on the last day, and the year's inflow and outflow
    by_code = {f.kpi_code: f for f in page.figures}
    assert by_code["uitkeringseenheden"].value == 37
    assert (by_code["instroom"].value, by_code["uitstroom"].value) == (15, 14)
    # due on 15 March of the next year, from the DVO's calendar
    assert page.due == D(2027, 3, 15) and page.due_met is None
    assert page.trend[0].cells[-1].period.code == "2026"
    assert [c.period.code for c in page.trend[0].cells] == ["2024", "2025", "2026"]


def test_the_annual_norm_of_a_count_per_period_is_its_yearly_value(world):
    teammanager = world.user("teammanager")
    services.enter_value(
        teammanager,
        "GM0938",
        "2026",
        "co-creatie",
        value=Decimal(10),
        numerator=None,
        denominator=None,
        note="Verslagen 2026",
        expected_version=1,
    )
    assert ManualValue.objects.get(kpi__code="co-creatie").number == 0
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026")
    meetings = next(f for f in page.figures if f.kpi_code == "co-creatie")
    assert meetings.is_manual and meetings.value == 10
    assert meetings.norm_text() == "≥ 12" and meetings.verdict.value == "niet gehaald"
    # the four-monthly norm stays four; the year's entry is not a period's
    period = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-3")
    third = next(f for f in period.figures if f.kpi_code == "co-creatie")
    assert third.norm_text() == "≥ 4" and third.value is None


def test_the_due_date_is_the_dvos_not_a_constant(world):
    Dvo.objects.filter(municipality__cbs_code="GM0938").update(
        annual_due_month=4, annual_due_day=1, report_due_days=45
    )
    user = world.user("contact.meerssen")
    assert services.report_page(user, "GM0938", "2026").due == D(2027, 4, 1)
    assert services.report_page(user, "GM0938", "2026-3").due == D(2027, 2, 14)
    # 2025 has no DVO: no due date, no verdict on it
    old = services.report_page(user, "GM0938", "2025")
    assert old.due is None and old.due_met is None and old.figures == []


def test_the_page_shows_the_analysis_the_chart_and_small_counts(world):
    meerssen = world.municipalities["GM0938"]
    year_of_work(meerssen)
    for _ in range(3):
        data.benefit(meerssen, D(2026, 7, 1), D(2026, 7, 31))  # outflow 14 + 3, inflow 15 + 3
    html = client_for(world, "contact.meerssen").get("/sturing/GM0938/2026").content.decode()
    assert "Jaarcijfers Meerssen 2026" in html and "Analyse van het bestand" in html
    assert "Uiterlijk klaar" in html and "15 maart 2027" in html
    assert "Uitkeringseenheden op 1 januari 2026" in html and "Instroom 2026" in html
    assert 'src="/sturing/GM0938/2026/grafieken/bestand-per-maand.svg"' in html
    assert (
        "Uitkeringseenheden aan het eind van elke maand. Uitkeringseenheden: januari 2026 36"
        in html
    )
    assert "zonder zaak: 18" in html and "style=" not in html
    svg = client_for(world, "contact.meerssen").get(
        "/sturing/GM0938/2026/grafieken/bestand-per-maand.svg"
    )
    assert svg.status_code == 200 and "<script" not in svg.content.decode()
    # the four-monthly charts belong to the four-monthly reports
    assert (
        client_for(world, "contact.meerssen")
        .get("/sturing/GM0938/2026/grafieken/bestand.svg")
        .status_code
        == 404
    )
    # a small count: three benefits in Gulpen-Wittem
    gulpen = world.municipalities["GM1729"]
    for _ in range(3):
        data.benefit(gulpen, D(2026, 3, 1))
    small = services.report_page(world.user("directeur"), "GM1729", "2026")
    assert small.caseload is not None and small.caseload.end.shown().value == "< 5"
    assert small.caseload_change.startswith("verborgen")
    body = client_for(world, "directeur").get("/sturing/GM1729/2026").content.decode()
    assert "&lt; 5" in body and ">3<" not in body


def test_a_published_annual_report_does_not_change_after_a_late_correction(world):
    meerssen = world.municipalities["GM0938"]
    year_of_work(meerssen)
    director = world.user("directeur")
    report = services.publish(director, "GM0938", "2026", expected_version=1)
    assert report.is_published and report.number == 0
    assert report.figures.filter(part=ReportFigure.Part.KPI).count() == 33
    assert report.figures.filter(part=ReportFigure.Part.CASELOAD).count() == 16
    # late corrections: three more decisions in time, two more benefits from March
    for _ in range(3):
        data.case(
            meerssen, "pw-aanvraag-algemene-bijstand", deadline=D(2026, 9, 1), decided=D(2026, 8, 1)
        )
    for _ in range(2):
        data.benefit(meerssen, D(2026, 3, 1))
    page = services.report_page(director, "GM0938", "2026")
    timely = next(f for f in page.figures if f.kpi_code == "tijdig-pw-aanvragen")
    assert (timely.value, timely.numerator, timely.denominator) == (Decimal("85.00"), 17, 20)
    assert page.caseload is not None
    assert (page.caseload.end.value, page.caseload.inflow.value) == (37, 15)
    assert [int(m.value) for m in page.caseload.months][2] == 43
    html = client_for(world, "directeur").get("/sturing/GM0938/2026").content.decode()
    assert "de cijfers liggen vast" in html and "Publiceren</button>" not in html
    # once the figures are refreshed, the next year's report shows the correction beside
    # the frozen figure
    computed.refresh_figures([meerssen], [MarapPeriod.whole_year(2026)])
    with_correction = services.report_page(director, "GM0938", "2027")
    row = next(r for r in with_correction.trend if r.kpi_code == "tijdig-pw-aanvragen")
    cell = next(c for c in row.cells if c.period.code == "2026")
    assert cell.figure is not None and cell.figure.value == Decimal("85.00")
    assert cell.corrected_to is not None and cell.corrected_to.value == Decimal("87.0")
    # the API gives the frozen analysis too
    body = api_for(world, "directeur").get("/api/v1/jaarcijfers/GM0938/2026").json()
    assert body["status"] == "gepubliceerd" and body["uiterlijkKlaar"] == "2027-03-15"
    assert body["bestandsanalyse"]["eind"]["aantal"] == "37.00"
    assert len(body["bestandsanalyse"]["perMaand"]) == 12


def test_the_annual_pdf_contains_every_kpi_with_its_annual_norm(world):
    year_of_work(world.municipalities["GM0938"])
    response = client_for(world, "contact.meerssen").get("/sturing/GM0938/2026/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="jaarcijfers-GM0938-2026.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    bare = re.sub(r"\s+", "", text)
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026")
    for figure in page.figures:
        assert re.sub(r"\s+", "", figure.name + figure.norm_text()) in bare, figure.name
    assert "Deelnamebeleidsoverlegco-creatie≥12" in bare
    assert "Jaarcijfers Meerssen 2026" in text and "Analyse van het bestand" in text
    assert "Uitkeringseenheden aan het eind van elke maand" in text
    assert "Uitkeringseenheden op 1 januari 2026 36" in text
    assert AuditEntry.objects.filter(
        object_type="bestuursrapportage", object_id="GM0938/2026", changes__weergave="pdf"
    ).exists()


def test_a_meerssen_contact_person_cannot_open_vaals_annual_figures(world):
    year_of_work(world.municipalities["GM0981"])
    client = client_for(world, "contact.meerssen")
    api = api_for(world, "contact.meerssen")
    before = AuditEntry.objects.count()
    assert client.get("/sturing/GM0938/2026").status_code == 200
    for url in (
        "/sturing/GM0981/2026",
        "/sturing/GM0981/2026/pdf",
        "/sturing/GM0981/2026/grafieken/bestand-per-maand.svg",
        "/sturing/GM0981/2026/analyse",
    ):
        assert client.get(url).status_code == 404, url
    refused = api.get("/api/v1/jaarcijfers/GM0981/2026")
    assert refused.status_code == 404
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "36" not in refused.content.decode()
    assert api.get("/api/v1/jaarcijfers/GM0938/2026").status_code == 200
    # a year is not a four-month period, nor the other way round
    assert api.get("/api/v1/jaarcijfers/GM0938/2026-1").status_code == 404
    assert api.get("/api/v1/bestuursrapportages/GM0938/2026").status_code == 404
    entries = list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))
    assert [(e.action, e.municipality_code, e.object_id) for e in entries[:6]] == [
        ("read", "GM0938", "GM0938/2026"),
        ("refused", "GM0981", "GM0981/2026"),
        ("refused", "GM0981", "GM0981/2026"),
        ("refused", "GM0981", "GM0981/2026"),
        ("refused", "GM0981", "GM0981/2026"),
        ("refused", "GM0981", "GM0981/2026"),
    ]
    assert ("read", "GM0938") in [(e.action, e.municipality_code) for e in entries[6:]]
    assert {e.actor_id for e in entries} == {world.user("contact.meerssen").pk}
    assert all(e.purpose == "sturing" and e.data_subject_id == "" for e in entries)


def test_the_overview_links_the_annual_figures(world):
    html = client_for(world, "contact.meerssen").get("/sturing").content.decode()
    assert "Jaarcijfers 2026" in html and 'href="/sturing/GM0938/2026"' in html
    assert not Report.objects.exists()
