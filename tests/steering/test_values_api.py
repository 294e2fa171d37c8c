"""`GET /api/v1/kpiwaarden`: one municipality's KPI values across periods, with the norm in
force, the verdict, computed or entered by hand, frozen or live; scoped by the access policy
(404 for another municipality, audited), bad query keys refused in Dutch naming the key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.steering import services
from samen.steering.models import ComputedValue
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 12, 15)


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True


def api_for(world, username):
    token, _ = Token.objects.get_or_create(user=world.user(username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def decisions(municipality, day, in_time, late):
    for i in range(in_time + late):
        deadline = day if i < in_time else day - dt.timedelta(days=1)
        data.case(municipality, "pw-aanvraag-algemene-bijstand", deadline=deadline, decided=day)


def test_one_kpi_over_periods_frozen_and_live_with_the_norm_in_force(world):
    meerssen = world.municipalities["GM0938"]
    decisions(meerssen, D(2025, 10, 1), 9, 1)  # 2025-3: 90.0 %, no DVO yet
    decisions(meerssen, D(2026, 3, 1), 17, 3)  # 2026-1: 85.0 %, not met
    decisions(meerssen, D(2026, 6, 1), 19, 1)  # 2026-2: 95.0 %, met
    director = world.user("directeur")
    services.publish(director, "GM0938", "2026-1", expected_version=1)
    decisions(meerssen, D(2026, 3, 2), 5, 0)  # a late correction to 2026-1: now 22 of 25

    client = api_for(world, "contact.meerssen")
    response = client.get(
        "/api/v1/kpiwaarden",
        {"gemeente": "GM0938", "kpi": "tijdig-pw-aanvragen", "vanaf": "2025-3", "tot": "2026-3"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 4 and body["next"] is None and body["drempelKleinAantal"] == 5
    rows = {r["periode"]: r for r in body["results"]}
    assert list(rows) == ["2025-3", "2026-1", "2026-2", "2026-3"]
    old = rows["2025-3"]
    assert (old["waarde"], old["teller"], old["noemer"]) == ("90.00", "9.00", "10.00")
    assert old["norm"]["waarde"] is None and old["oordeel"] == "ter informatie"
    frozen = rows["2026-1"]
    assert (frozen["waarde"], frozen["teller"], frozen["noemer"]) == ("85.00", "17.00", "20.00")
    assert frozen["vastgelegd"] is True and frozen["rapportageStatus"] == "gepubliceerd"
    assert frozen["oordeel"] == "niet gehaald" and frozen["herkomst"] == "berekend"
    assert frozen["berekendOp"] is None  # frozen: the report's moment, not a computation
    live = rows["2026-2"]
    assert (live["waarde"], live["oordeel"], live["vastgelegd"]) == ("95.00", "gehaald", False)
    stored = ComputedValue.objects.filter(
        municipality=meerssen, year=2026, number=2, code="cases.tijdig-pw-aanvragen"
    ).get()
    assert live["berekendOp"] == timezone.localtime(stored.computed_at).isoformat()
    assert live["norm"] == {
        "vergelijking": ">",
        "waarde": "85.00",
        "toelichting": "> 85% binnen de wettelijke norm",
    }
    assert rows["2026-3"]["oordeel"] == "geen gegevens" and rows["2026-3"]["soort"] == "tertiaal"
    entry = AuditEntry.objects.filter(object_type="kpi-waarden").get()
    assert (entry.action, entry.municipality_code, entry.purpose) == ("list", "GM0938", "sturing")
    assert entry.object_id == "GM0938/tijdig-pw-aanvragen/2025-3..2026-3"


def test_hand_entered_values_by_year_and_every_kpi_paged(world):
    services.enter_value(
        world.user("teammanager"),
        "GM0938",
        "2025",
        "klantwaardering",
        value=Decimal("7.4"),
        numerator=None,
        denominator=None,
        note="Onderzoek 2025",
        expected_version=1,
    )
    client = api_for(world, "contact.meerssen")
    rating = client.get(
        "/api/v1/kpiwaarden",
        {"gemeente": "gm0938", "kpi": "klantwaardering", "vanaf": "2024", "tot": "2026"},
    ).json()
    assert {r["berekendOp"] for r in rating["results"]} == {None}  # entered or without data
    assert [(r["periode"], r["soort"], r["waarde"], r["herkomst"]) for r in rating["results"]] == [
        ("2024", "jaar", None, "geen"),
        ("2025", "jaar", "7.40", "handmatig"),
        ("2026", "jaar", None, "geen"),
    ]
    every = client.get(
        "/api/v1/kpiwaarden",
        {"gemeente": "GM0938", "vanaf": "2026-1", "tot": "2026-2", "paginaGrootte": "40"},
    ).json()
    assert every["count"] == 2 * 33 and len(every["results"]) == 40
    assert "pagina=2" in every["next"]
    assert [r["periode"] for r in every["results"]].count("2026-1") == 33
    # without vanaf and tot: the last four ended four-month periods
    default = client.get("/api/v1/kpiwaarden", {"gemeente": "GM0938", "kpi": "instroom"}).json()
    assert [r["periode"] for r in default["results"]] == ["2025-2", "2025-3", "2026-1", "2026-2"]


def test_a_meerssen_contact_person_cannot_read_vaals_values(world):
    decisions(world.municipalities["GM0981"], D(2026, 3, 1), 17, 3)
    client = api_for(world, "contact.meerssen")
    for code in ("GM0981", "GM0999"):
        refused = client.get("/api/v1/kpiwaarden", {"gemeente": code, "kpi": "tijdig-pw-aanvragen"})
        assert refused.status_code == 404, code
        assert refused["Content-Type"].startswith("application/problem+json")
        assert "85" not in refused.content.decode()
    assert list(
        AuditEntry.objects.filter(object_type="kpi-waarden").values_list(
            "action", "municipality_code"
        )
    ) == [("refused", "GM0981"), ("refused", "GM0999")]
    consulent = api_for(world, "consulent.vaals")
    assert consulent.get("/api/v1/kpiwaarden", {"gemeente": "GM0981"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "key", "message"),
    [
        ({"gemeente": "GM0938", "periode": "2026-1"}, "periode", "Onbekend veld."),
        ({}, "gemeente", "Dit veld is vereist."),
        ({"gemeente": "Meerssen"}, "gemeente", "CBS"),
        ({"gemeente": "GM0938", "kpi": "bestaat-niet"}, "kpi", "Onbekende KPI: bestaat-niet."),
        ({"gemeente": "GM0938", "vanaf": "2026-4"}, "vanaf", "Een periode schrijft u als"),
        ({"gemeente": "GM0938", "tot": "januari"}, "tot", "Een periode schrijft u als"),
        ({"gemeente": "GM0938", "vanaf": "2026", "tot": "2026-2"}, "tot", "hetzelfde soort"),
        ({"gemeente": "GM0938", "vanaf": "2026-2", "tot": "2026-1"}, "tot", "vóór vanaf"),
        ({"gemeente": "GM0938", "vanaf": "2020-1", "tot": "2026-1"}, "vanaf", "hoogstens 12"),
        ({"gemeente": "GM0938", "pagina": "0"}, "pagina", ""),
    ],
)
def test_bad_query_parameters_are_refused_in_dutch_naming_the_key(world, query, key, message):
    response = api_for(world, "contact.meerssen").get("/api/v1/kpiwaarden", query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.content.decode()
    assert key in body and message in body
    assert not AuditEntry.objects.filter(object_type="kpi-waarden", action="list").exists()


def test_the_endpoints_are_in_the_openapi_document(world):
    document = APIClient().get("/api/v1/openapi.json").json()
    values = document["paths"]["/kpiwaarden"]["get"]
    names = {p["name"]: p for p in values["parameters"]}
    assert set(names) >= {"gemeente", "kpi", "vanaf", "tot", "pagina", "paginaGrootte"}
    assert names["vanaf"]["schema"]["pattern"] == "^[0-9]{4}(-[123])?$"
    assert names["gemeente"]["required"] is True
    assert "/jaarcijfers/{gemeente}/{jaar}" in document["paths"]
