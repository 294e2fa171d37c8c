"""The printed report and cost allocation: the PDF contains every KPI with its norm, the
charts are server-side SVG (inline in the PDF, an image of its own URL on the page, with
alt text and a data table), and a contact person of Meerssen gets Vaals' PDF, chart or
cost PDF as 404, her own audited."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.steering import allocation, services
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True


def client_for(world, username):
    client = Client()
    client.force_login(world.user(username))
    return client


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def caseload(world, code="GM0938"):
    municipality = world.municipalities[code]
    for _ in range(30):
        data.benefit(municipality, D(2025, 6, 1))
    for _ in range(7):
        data.benefit(municipality, D(2026, 2, 1))
    for _ in range(6):
        data.benefit(municipality, D(2025, 6, 1), D(2026, 3, 31))


def test_the_pdf_contains_every_kpi_with_its_norm(world):
    caseload(world)
    client = client_for(world, "contact.meerssen")
    response = client.get("/sturing/GM0938/2026-1/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    assert len(page.figures) == 33
    # a table cell may break a line after a hyphen ("co- creatie"): compare without spaces
    bare = re.sub(r"\s+", "", text)
    for figure in page.figures:
        name = re.sub(r"\s+", "", figure.name)
        assert name + re.sub(r"\s+", "", figure.norm_text()) in bare, figure.name
    assert "Bestuursrapportage Meerssen, januari-april 2026" in text
    assert "Instroom en uitstroom per periode" in text  # the chart's title, as text
    assert AuditEntry.objects.filter(
        object_type="bestuursrapportage", object_id="GM0938/2026-1", changes__weergave="pdf"
    ).exists()


def test_the_charts_are_svg_images_with_alt_text_and_a_data_table_on_the_page(world):
    caseload(world)
    client = client_for(world, "contact.meerssen")
    html = client.get("/sturing/GM0938/2026-1").content.decode()
    assert 'src="/sturing/GM0938/2026-1/grafieken/bestand.svg"' in html
    assert 'alt="Uitkeringseenheden aan het eind van elke periode. Uitkeringseenheden:' in html
    assert "januari-april 2026 37." in html  # 30 + 7 on 30 April (6 ended), in the alt text
    assert "De cijfers van de grafiek: Instroom en uitstroom per periode" in html
    assert "style=" not in html and "<style" not in html
    svg = client.get("/sturing/GM0938/2026-1/grafieken/in-en-uitstroom.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<?xml") and "<svg" in body and "<script" not in body
    assert "'unsafe-inline'" in svg["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/sturing/GM0938/2026-1")["Content-Security-Policy"]
    assert client.get("/sturing/GM0938/2026-1/grafieken/iets.svg").status_code == 404


def test_a_small_count_is_left_out_of_the_chart(world):
    meerssen = world.municipalities["GM0938"]
    for _ in range(3):
        data.benefit(meerssen, D(2026, 2, 1))
    page = services.report_page(world.user("contact.meerssen"), "GM0938", "2026-1")
    from samen.steering import charts

    (line,) = charts.series(page.trend, ("uitkeringseenheden",), 5)
    assert line.points[-1] == ("januari-april 2026", None, "< 5")


def test_a_meerssen_contact_person_cannot_print_vaals(world):
    client = client_for(world, "contact.meerssen")
    assert client.get("/sturing/GM0981/2026-1/pdf").status_code == 404
    assert client.get("/sturing/GM0981/2026-1/grafieken/bestand.svg").status_code == 404
    assert AuditEntry.objects.filter(
        object_type="bestuursrapportage", action=AuditEntry.Kind.REFUSED, municipality_code="GM0981"
    ).exists()


def test_the_cost_allocation_pdf_has_the_dossiers_behind_each_share(world):
    for _ in range(10):
        data.benefit(world.municipalities["GM0935"], D(2024, 1, 1))
    for _ in range(4):
        data.benefit(world.municipalities["GM1903"], D(2024, 1, 1))
    allocation.save_costs(
        world.user("directeur"),
        "2025",
        total=Decimal("100000.00"),
        description="Uitvoeringskosten SZMH 2025",
        source="Jaarrekening 2025 (test)",
        count_basis="peildatum",
        reference_date=D(2025, 1, 1),
        expected_version=1,
    )
    response = client_for(world, "contact.meerssen").get("/sturing/kosten/2025/pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Maastricht 10 x 365, Eijsden-Margraten 4 x 99 days: 3,650 / 4,046 of 100,000
    assert "Eijsden-Margraten" in text and "99 / 365" in text
    assert "€ 90.212,56" in text and "€ 9.787,44" in text and "€ 100.000,00" in text
    assert client_for(world, "contact.meerssen").get("/sturing/kosten/2024/pdf").status_code == 404
