"""The report page, its access and its audit, publishing (frozen figures) and the analysis
with optimistic locking. A contact person sees only her own municipality; every view is in
the audit trail; no client data on the page; small counts hidden."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.steering import services
from samen.steering.models import ManualValue, Report, ReportFigure
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 15)  # after the first period of 2026, before its successor ends


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True  # the demo users may log in


def client_for(world, username):
    client = Client()
    client.force_login(world.user(username))
    return client


def seventeen_of_twenty(municipality):
    for i in range(20):
        decided = D(2026, 3, 1) if i < 17 else D(2026, 3, 2)
        c = data.case(
            municipality, "pw-aanvraag-algemene-bijstand", deadline=D(2026, 3, 1), decided=decided
        )
        c.person.surname = f"Vertrouwelijk{i}"
        c.person.save()


def test_a_meerssen_contact_person_sees_her_report_but_not_vaals_and_both_are_audited(world):
    seventeen_of_twenty(world.municipalities["GM0938"])
    client = client_for(world, "contact.meerssen")
    before = AuditEntry.objects.count()

    own = client.get("/sturing/GM0938/2026-1")
    assert own.status_code == 200
    html = own.content.decode()
    assert "Bestuursrapportage Meerssen, januari-april 2026" in html
    assert "Tijdig beslist: aanvragen Pw, IOAW, IOAZ en Bbz" in html
    assert "85%" in html and "Niet gehaald" in html  # norm "> 85%" not met by 85.0
    assert "Vertrouwelijk" not in html and "8000" not in html  # no client name or BSN
    assert "Uiterlijk klaar" in html and "30 mei 2026" in html  # 30 days after 30 April

    assert client.get("/sturing/GM0981/2026-1").status_code == 404
    assert client.get("/sturing/GM0981/2026-1/analyse").status_code == 404
    assert client.get("/sturing/gm0981/2026-1").status_code == 404
    assert client.get("/sturing/GM0938/2026-9").status_code == 404

    entries = list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))
    assert [(e.action, e.municipality_code, e.object_id) for e in entries[:3]] == [
        ("read", "GM0938", "GM0938/2026-1"),
        ("refused", "GM0981", "GM0981/2026-1"),
        ("refused", "GM0981", "GM0981/2026-1"),
    ]
    assert {e.actor_id for e in entries} == {world.user("contact.meerssen").pk}
    assert all(e.purpose == "sturing" and e.data_subject_id == "" for e in entries)


def test_the_contact_persons_menu_shows_steering_and_the_overview_only_her_municipality(world):
    client = client_for(world, "contact.meerssen")
    home = client.get("/").content.decode()
    assert 'href="/sturing"' in home
    overview = client.get("/sturing").content.decode()
    assert "Meerssen" in overview and "Vaals" not in overview
    consulent = client_for(world, "consulent.vaals")
    assert 'href="/sturing"' not in consulent.get("/").content.decode()
    assert consulent.get("/sturing").status_code == 403


def test_small_counts_are_shown_as_less_than_five(world):
    meerssen = world.municipalities["GM0938"]
    for decided in (D(2026, 2, 1), D(2026, 2, 2), D(2026, 2, 3)):
        data.objection(meerssen, deadline=D(2026, 2, 2), decided=decided)
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    bezwaar = next(f for f in page.figures if f.kpi_code == "tijdig-bezwaar")
    assert (bezwaar.numerator, bezwaar.denominator) == (2, 3)
    shown = bezwaar.shown()
    assert (shown.numerator, shown.denominator) == ("< 5", "< 5")
    assert "verborgen" in shown.value and "66" not in shown.value
    html = client_for(world, "contact.meerssen").get("/sturing/GM0938/2026-1").content.decode()
    assert "&lt; 5" in html and "66,7" not in html


def test_a_published_report_keeps_its_figures_after_a_late_correction(world):
    meerssen = world.municipalities["GM0938"]
    seventeen_of_twenty(meerssen)
    director = world.user("directeur")
    published = services.publish(director, "GM0938", "2026-1", expected_version=1)
    assert published.is_published
    frozen = ReportFigure.objects.get(report=published, kpi_code="tijdig-pw-aanvragen")
    assert (frozen.value, frozen.numerator, frozen.denominator) == (
        Decimal("85.00"),
        Decimal("20.00") - 3,
        Decimal("20.00"),
    )
    assert "Case.deadline" in frozen.query
    # a late correction: three more decisions in the period, all in time (now 20 of 23)
    for _ in range(3):
        data.case(
            meerssen,
            "pw-aanvraag-algemene-bijstand",
            deadline=D(2026, 4, 1),
            decided=D(2026, 3, 30),
        )
    page = services.report_page(director, "GM0938", "2026-1")
    figure = next(f for f in page.figures if f.kpi_code == "tijdig-pw-aanvragen")
    assert (figure.value, figure.numerator, figure.denominator) == (Decimal("85.00"), 17, 20)
    # the stored figures are those computed when it was published: no correction yet
    nxt = services.report_page(director, "GM0938", "2026-2")
    row = next(r for r in nxt.trend if r.kpi_code == "tijdig-pw-aanvragen")
    first = next(c for c in row.cells if c.period.code == "2026-1")
    assert first.figure is not None and first.corrected_to is None
    # once the figures are refreshed (nightly, or "Cijfers nu bijwerken"), the next period's
    # trend shows the frozen figure and the correction beside it
    response = client_for(world, "directeur").post("/sturing/GM0938/2026-2/bijwerken")
    assert response.status_code == 302
    nxt = services.report_page(director, "GM0938", "2026-2")
    row = next(r for r in nxt.trend if r.kpi_code == "tijdig-pw-aanvragen")
    first = next(c for c in row.cells if c.period.code == "2026-1")
    assert first.figure is not None and first.figure.value == Decimal("85.00")
    assert first.corrected_to is not None and first.corrected_to.value == Decimal("87.0")
    page = services.report_page(director, "GM0938", "2026-1")  # still frozen
    figure = next(f for f in page.figures if f.kpi_code == "tijdig-pw-aanvragen")
    assert (figure.value, figure.numerator, figure.denominator) == (Decimal("85.00"), 17, 20)
    # publishing again, or a period that has not ended, is refused
    with pytest.raises(Exception, match="al gepubliceerd"):
        services.publish(director, "GM0938", "2026-1", expected_version=2)
    with pytest.raises(Exception, match="nog loopt"):
        services.publish(director, "GM0938", "2026-2", expected_version=1)


def test_only_staff_with_the_permission_publish_and_a_contact_person_cannot(world):
    client = client_for(world, "contact.meerssen")
    response = client.post("/sturing/GM0938/2026-1/publiceren", {"version": "1"})
    assert response.status_code == 403
    assert not Report.objects.filter(status=Report.Status.PUBLISHED).exists()


def test_the_analysis_is_saved_with_optimistic_locking(world):
    client = client_for(world, "teammanager")  # Heuvelland, may read figures, may write
    response = client.post(
        "/sturing/GM0938/2026-1/analyse", {"analyse": "De instroom daalde.", "version": "1"}
    )
    assert response.status_code == 302
    report = Report.objects.get(municipality__cbs_code="GM0938", year=2026, number=1)
    assert (report.analysis, report.version) == ("De instroom daalde.", 2)
    stale = client.post(
        "/sturing/GM0938/2026-1/analyse", {"analyse": "Overschreven?", "version": "1"}
    )
    assert stale.status_code == 409
    assert "Iemand anders" in stale.content.decode()
    report.refresh_from_db()
    assert report.analysis == "De instroom daalde."
    unknown = client.post(
        "/sturing/GM0938/2026-1/analyse", {"analyse": "x", "version": "2", "extra": "1"}
    )
    assert unknown.status_code == 400 and "onbekend veld" in unknown.content.decode()
    assert (
        AuditEntry.objects.filter(
            object_type="bestuursrapportage", action="update", municipality_code="GM0938"
        ).count()
        == 1
    )
    # Maastricht is not in the teammanager's grant: not found
    assert client.get("/sturing/GM0935/2026-1/analyse").status_code == 404


def test_a_kpi_entered_by_hand_is_marked_with_who_and_when(world):
    client = client_for(world, "teammanager")
    response = client.post(
        "/sturing/GM0938/2026-1/waarden/klantwaardering",
        {
            "waarde": "7,4",
            "teller": "",
            "noemer": "",
            "toelichting": "Onderzoek 2026",
            "version": "1",
        },
    )
    assert response.status_code == 302
    entered = ManualValue.objects.get(kpi__code="klantwaardering")
    assert entered.value == Decimal("7.40") and entered.recorded_by.username == "teammanager"
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    rating = next(f for f in page.figures if f.kpi_code == "klantwaardering")
    assert rating.is_manual and rating.verdict.value == "gehaald"
    html = client_for(world, "contact.meerssen").get("/sturing/GM0938/2026-1").content.decode()
    assert "handmatig" in html and "7,4" in html
    # a computed KPI cannot be entered by hand; a bad number names the field
    assert client.get("/sturing/GM0938/2026-1/waarden/tijdig-pw-aanvragen").status_code == 404
    bad = client.post(
        "/sturing/GM0938/2026-1/waarden/preventie-instroom",
        {"waarde": "veel", "toelichting": "x", "version": "1"},
    )
    assert bad.status_code == 400 and "Vul een getal in" in bad.content.decode()


def test_the_director_publishes_on_the_page_and_a_stale_version_is_refused(world):
    client = client_for(world, "directeur")
    page = client.get("/sturing/GM0981/2026-1").content.decode()
    assert "Publiceren" in page
    stale = client.post("/sturing/GM0981/2026-1/publiceren", {"version": "7"}, follow=True)
    assert "Iemand anders" in stale.content.decode()
    assert not Report.objects.filter(status=Report.Status.PUBLISHED).exists()
    done = client.post("/sturing/GM0981/2026-1/publiceren", {"version": "1"}, follow=True)
    assert "de cijfers liggen nu vast" in done.content.decode()
    report = Report.objects.get(municipality__cbs_code="GM0981", year=2026, number=1)
    assert report.is_published and report.published_by.username == "directeur"
    assert report.figures.count() == report.figures.values("kpi_code").distinct().count() == 33


def test_the_trend_shows_earlier_periods_also_before_the_dvo_began(world):
    meerssen = world.municipalities["GM0938"]
    for decided in (D(2025, 10, 1),) * 9 + (D(2025, 10, 9),):  # 9 of 10 in time in 2025-3
        data.case(
            meerssen, "pw-aanvraag-algemene-bijstand", deadline=D(2025, 10, 1), decided=decided
        )
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    row = next(r for r in page.trend if r.kpi_code == "tijdig-pw-aanvragen")
    assert [c.period.code for c in row.cells] == ["2025-1", "2025-2", "2025-3", "2026-1"]
    autumn = row.cells[2].figure
    assert autumn is not None and autumn.value == Decimal("90.0")
    assert row.cells[3].figure is not None and row.cells[3].figure.value is None  # no data yet
