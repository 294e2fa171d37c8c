"""`GET /api/v1/bestuursrapportages/{gemeente}/{periode}`: the report as data, scoped by the
access policy (404 problem for another municipality), audited, small counts hidden."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 6, 15))
    settings.DEMO_MODE = True


def api_for(world, username):
    token, _ = Token.objects.get_or_create(user=world.user(username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_contact_person_reads_her_report_and_not_vaals(world):
    meerssen = world.municipalities["GM0938"]
    for i in range(20):
        data.case(
            meerssen,
            "ioaw-aanvraag",
            deadline=D(2026, 2, 1),
            decided=D(2026, 2, 1) if i < 17 else D(2026, 2, 3),
        )
    for _ in range(2):
        data.objection(meerssen, deadline=D(2026, 2, 1), decided=D(2026, 2, 1))
    client = api_for(world, "contact.meerssen")
    response = client.get("/api/v1/bestuursrapportages/GM0938/2026-1")
    assert response.status_code == 200
    assert response["API-Version"]
    body = response.json()
    assert (body["gemeente"], body["periode"], body["uiterlijkKlaar"]) == (
        "GM0938",
        "2026-1",
        "2026-05-30",
    )
    kpis = {k["code"]: k for k in body["kpis"]}
    assert len(kpis) == 33
    timely = kpis["tijdig-pw-aanvragen"]
    assert (timely["waarde"], timely["teller"], timely["noemer"]) == ("85.00", "17.00", "20.00")
    assert timely["norm"] == {
        "vergelijking": ">",
        "waarde": "85.00",
        "toelichting": "> 85% binnen de wettelijke norm",
    }
    assert timely["oordeel"] == "niet gehaald" and timely["herkomst"] == "berekend"
    bezwaar = kpis["tijdig-bezwaar"]
    assert bezwaar["waarde"] is None and set(bezwaar["verborgen"]) == {"teller", "noemer", "waarde"}

    refused = client.get("/api/v1/bestuursrapportages/GM0981/2026-1")
    assert refused.status_code == 404
    assert refused["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/bestuursrapportages/GM0938/2026-5").status_code == 404
    actions = list(
        AuditEntry.objects.filter(object_type="bestuursrapportage").values_list(
            "action", "municipality_code"
        )
    )
    assert actions == [("read", "GM0938"), ("refused", "GM0981"), ("refused", "GM0938")]


def test_staff_without_a_figures_grant_get_not_found(world):
    client = api_for(world, "consulent.vaals")
    assert client.get("/api/v1/bestuursrapportages/GM0981/2026-1").status_code == 404
