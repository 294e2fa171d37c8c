"""The cost allocation with the demo organisation: members and their days from the GR
memberships (Eijsden-Margraten left on 9 April 2025), dossiers counted by the income app
through the registry, the table, the entry forms with Dutch errors, permissions and audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from samen.access.models import AuditEntry
from samen.common import kpis
from samen.common.periods import Period
from samen.steering import allocation
from samen.steering.models import AdditionalService, CostYear
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True  # the demo users may log in


def client_for(world, username):
    client = Client()
    client.force_login(world.user(username))
    return client


def benefits(world, code, number, start=D(2024, 1, 1), end=None):
    for _ in range(number):
        data.benefit(world.municipalities[code], start, end)


def cost_year(world, **extra):
    fields = {
        "total": Decimal("100000.00"),
        "description": "Uitvoeringskosten SZMH 2025",
        "source": "Jaarrekening 2025 (test)",
        "count_basis": "peildatum",
        "reference_date": D(2025, 1, 1),
        "expected_version": 1,
    }
    fields.update(extra)
    return allocation.save_costs(world.user("directeur"), "2025", **fields)


def test_the_monthly_average_is_counted_by_income_through_the_registry(world):
    em = world.municipalities["GM1903"]
    benefits(world, "GM1903", 4)
    benefits(world, "GM1903", 1, end=D(2025, 2, 15))  # active in January and February
    benefits(world, "GM1903", 1, start=D(2025, 4, 10))  # after the membership: not counted
    result = kpis.compute("income.gemiddeld-lopend", em, Period(D(2025, 1, 1), D(2025, 4, 9)))
    # January 5, February 5, March 4, April (1-9) 4: 18 / 4 months = 4.50
    assert (result.value, result.numerator, result.denominator) == (Decimal("4.50"), 18, 4)
    assert dict(result.breakdown) == {"01-2025": 5, "02-2025": 5, "03-2025": 4, "04-2025": 4}


def test_eijsden_margraten_pays_for_99_days_and_the_shares_add_up(world):
    benefits(world, "GM0935", 10)
    benefits(world, "GM0981", 6)
    benefits(world, "GM1903", 4)
    found = cost_year(world)
    result, rows = allocation.compute(found)
    by_code = {r.share.member.code: r for r in rows}
    # Members in 2025: the six of the GR, Eijsden-Margraten until 9 April (99 days).
    assert set(by_code) == {"GM0935", "GM0938", "GM0981", "GM0994", "GM1729", "GM1903"}
    em = by_code["GM1903"]
    assert (em.counts[0].valid_from, em.counts[0].valid_until) == (D(2025, 1, 1), D(2025, 4, 9))
    assert em.share.member.member_days == 99 and em.share.member.dossiers == Decimal(4)
    # Weights 10, 6 and 4 x 99/365; exact shares 58,531.1096..., 35,118.6658...,
    # 6,350.2245...; rounded down they leave 2 cents, for the two largest remainders.
    assert by_code["GM0935"].share.shared == Decimal("58531.11")
    assert by_code["GM0981"].share.shared == Decimal("35118.67")
    assert em.share.shared == Decimal("6350.22")
    assert by_code["GM0938"].share.shared == Decimal("0.00")
    assert sum(r.share.total for r in rows) == Decimal("100000.00")


def test_an_additional_service_goes_to_the_municipality_that_asked(world):
    benefits(world, "GM0935", 1)
    benefits(world, "GM0981", 1)
    cost_year(world, total=Decimal("12000.00"), count_basis="gemiddelde", reference_date=None)
    allocation.add_service(
        world.user("directeur"),
        "2025",
        municipality_code="GM0981",
        description="Eigen minimaregeling sport",
        amount=Decimal("2000.00"),
        requested="College van Vaals, brief van 3 maart 2025",
    )
    result, rows = allocation.compute(CostYear.objects.get(year=2025))
    by_code = {r.share.member.code: r.share for r in rows}
    assert by_code["GM0981"].services == Decimal("2000.00")
    assert by_code["GM0981"].total == Decimal("7000.00")
    assert by_code["GM0935"].total == Decimal("5000.00")
    assert result.total == Decimal("12000.00")


def test_a_contact_person_sees_the_whole_table_and_her_view_is_audited(world):
    benefits(world, "GM0938", 3)
    cost_year(world)
    client = client_for(world, "contact.meerssen")
    html = client.get("/sturing/kosten/2025").content.decode()
    assert "Meerssen" in html and "Vaals" in html and "Eijsden-Margraten" in html
    assert "uw gemeente" in html and "100.000,00" in html
    assert "Kosten wijzigen" not in html
    assert AuditEntry.objects.filter(
        actor_id=world.user("contact.meerssen").pk,
        object_type="kostenverdeling",
        object_id="2025",
        action=AuditEntry.Kind.READ,
    ).exists()
    assert client.get("/sturing/kosten/20x5").status_code == 404
    assert client.get("/sturing/kosten/2025/invoeren").status_code == 403
    assert client.post("/sturing/kosten/2025/diensten/nieuw", {}).status_code == 403
    assert client_for(world, "consulent.vaals").get("/sturing/kosten/2025").status_code == 403


def test_the_entry_form_saves_and_refuses_bad_input_in_dutch(world):
    client = client_for(world, "directeur")
    good = {
        "totaal": "1.250.000,00",
        "omschrijving": "Uitvoeringskosten",
        "bron": "Jaarrekening 2025",
        "telgrondslag": "peildatum",
        "peildatum": "2025-01-01",
        "version": "1",
    }
    for change, message in [
        ({"totaal": "veel"}, "Vul een bedrag in, bijvoorbeeld 1.250.000,00."),
        ({"totaal": "-5"}, "Het getal kan niet negatief zijn."),
        ({"peildatum": ""}, "Vul de peildatum in."),
        ({"peildatum": "2024-06-01"}, "De peildatum ligt in het jaar zelf."),
        ({"telgrondslag": "gok"}, "Kies een telgrondslag uit de lijst."),
        ({"extra": "x"}, "onbekend veld"),
    ]:
        response = client.post("/sturing/kosten/2025/invoeren", {**good, **change})
        assert response.status_code == 400, change
        assert message in response.content.decode(), change
    assert not CostYear.objects.exists()
    response = client.post("/sturing/kosten/2025/invoeren", good)
    assert response.status_code == 302
    assert CostYear.objects.get(year=2025).total == Decimal("1250000.00")
    stale = client.post("/sturing/kosten/2025/invoeren", {**good, "totaal": "1"})
    assert stale.status_code == 409
    assert CostYear.objects.get(year=2025).total == Decimal("1250000.00")
    service = {
        "gemeente": "GM1903",
        "wat": "Extra schuldhulp",
        "bedrag": "2.000.000,00",
        "aangevraagd_door": "College Eijsden-Margraten",
    }
    too_much = client.post("/sturing/kosten/2025/diensten/nieuw", service)
    assert too_much.status_code == 400
    assert "meer zijn dan de uitvoeringskosten" in too_much.content.decode()
    not_member = client.post(
        "/sturing/kosten/2025/diensten/nieuw", {**service, "gemeente": "GM9999"}
    )
    assert "Kies een gemeente die dat jaar deelnemer was." in not_member.content.decode()
    ok = client.post("/sturing/kosten/2025/diensten/nieuw", {**service, "bedrag": "2000"})
    assert ok.status_code == 302
    assert AdditionalService.objects.get().municipality.cbs_code == "GM1903"


def test_an_entered_dossier_count_replaces_the_computed_one_and_says_so(world):
    from samen.steering.models import DossierCount

    benefits(world, "GM0935", 10)
    found = cost_year(world)
    DossierCount.objects.create(
        cost_year=found,
        municipality=world.municipalities["GM0981"],
        dossiers=Decimal("30"),
        source="Standcijfer vorig systeem",
    )
    result, rows = allocation.compute(found)
    vaals = next(r for r in rows if r.share.member.code == "GM0981")
    assert vaals.share.member.dossiers == Decimal(30)
    assert vaals.counts[0].query.startswith("Ingevoerd aantal dossiers (niet berekend)")
    # 10 and 30 dossiers, both the whole year: a quarter and three quarters of 100,000
    assert vaals.share.shared == Decimal("75000.00")
