"""`GET /api/v1/kostenverdelingen/{jaar}`: the allocation as data, the shares adding up to the
cent, the whole table for every caller with a figures grant, 404 otherwise, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.steering import allocation
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def api_for(world, username):
    token, _ = Token.objects.get_or_create(user=world.user(username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_allocation_as_data_for_a_contact_person_and_not_for_a_consultant(world):
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
    response = api_for(world, "contact.meerssen").get("/api/v1/kostenverdelingen/2025")
    assert response.status_code == 200
    body = response.json()
    by_code = {g["gemeente"]: g for g in body["gemeenten"]}
    assert len(by_code) == 6  # the whole table, her own municipality among them
    em = by_code["GM1903"]
    assert (em["dagen"], em["dagenInJaar"], em["dossiers"]) == (99, 365, "4.00")
    assert em["deelnames"][0]["totEnMet"] == "2025-04-09"
    assert (by_code["GM0935"]["gedeeldeKosten"], em["gedeeldeKosten"]) == ("90212.56", "9787.44")
    assert by_code["GM0935"]["centNaarBoven"] and not em["centNaarBoven"]
    assert sum(Decimal(g["totaal"]) for g in body["gemeenten"]) == Decimal(
        body["uitvoeringskosten"]
    )
    assert AuditEntry.objects.filter(
        object_type="kostenverdeling", changes__weergave="api"
    ).exists()

    refused = api_for(world, "consulent.vaals").get("/api/v1/kostenverdelingen/2025")
    assert refused.status_code == 404
    client = api_for(world, "contact.meerssen")
    assert client.get("/api/v1/kostenverdelingen/2024").status_code == 404
    assert client.get("/api/v1/kostenverdelingen/twintig").status_code == 404
    assert AuditEntry.objects.filter(
        object_type="kostenverdeling", action=AuditEntry.Kind.REFUSED
    ).exists()
