"""Garnishments and direct payments on the screens and in /api/v1: a Vaals garnishment is
invisible to a Maastricht-only grant (404, page and API) and nothing is written for it;
reads and writes are audited; bad input (a negative amount, a bad IBAN, an unknown field)
is refused in Dutch naming the field, with nothing written; ending one uses its version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.income.models import Benefit
from samen.recovery.models import DirectPayment, Garnishment
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401
from tests.web.pages import logged_in, text

D = dt.date
GOOD = {
    "beslaglegger": "Deurwaarder Zuid",
    "iban": "NL91ABNA0417164300",
    "kenmerk": "DW-1",
    "bedragPerMaand": "50.00",
    "datumBetekening": "2026-04-01",
    "preferent": False,
}


@pytest.fixture(autouse=True)
def demo_mode(settings: Any) -> None:
    """The world's users are demo staff, who may log in only in demo mode."""
    settings.DEMO_MODE = True


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_register_through_the_api_and_read_it_back(world: World, benefit: Benefit) -> None:  # noqa: F811
    client = api(world.user("consulent.vaals"))
    created = client.post(f"/api/v1/uitkeringen/{benefit.pk}/beslagen", GOOD, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["bedragPerMaand"] == "50.00" and created.json()["versie"] == 1
    garnishment = Garnishment.objects.get()
    assert garnishment.iban == "NL91ABNA0417164300" and not garnishment.preferent
    listed = client.get(f"/api/v1/uitkeringen/{benefit.pk}/beslagen").json()
    assert [g["kenmerk"] for g in listed] == ["DW-1"]
    assert AuditEntry.objects.filter(object_type="beslag", action="create").count() == 1
    assert AuditEntry.objects.filter(object_type="beslag", action="read").count() == 1
    ended = client.post(
        f"/api/v1/beslagen/{garnishment.pk}/beeindiging",
        {"einddatum": "2026-06-30", "reden": "Opgeheven", "versie": 1},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["einddatum"] == "2026-06-30"
    stale = client.post(
        f"/api/v1/beslagen/{garnishment.pk}/beeindiging",
        {"einddatum": "2026-05-31", "reden": "Eerder", "versie": 1},
        format="json",
    )
    assert stale.status_code == 412
    garnishment.refresh_from_db()
    assert garnishment.ends_on == D(2026, 6, 30) and garnishment.version == 2


def test_a_vaals_garnishment_is_invisible_to_a_maastricht_grant(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = api(world.user("consulent.vaals"))
    client.post(f"/api/v1/uitkeringen/{benefit.pk}/beslagen", GOOD, format="json")
    garnishment = Garnishment.objects.get()
    other = world.user("consulent.maastricht")
    response = api(other).get(f"/api/v1/uitkeringen/{benefit.pk}/beslagen")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    posted = api(other).post(
        f"/api/v1/uitkeringen/{benefit.pk}/beslagen", GOOD | {"kenmerk": "X"}, format="json"
    )
    assert posted.status_code == 404
    ended = api(other).post(
        f"/api/v1/beslagen/{garnishment.pk}/beeindiging",
        {"einddatum": "2026-06-30", "reden": "x", "versie": 1},
        format="json",
    )
    assert ended.status_code == 404
    page = logged_in(other).get(f"/uitkeringen/{benefit.pk}/beslagen")
    assert page.status_code == 404
    assert logged_in(other).get(f"/beslagen/{garnishment.pk}/beeindigen").status_code == 404
    assert Garnishment.objects.count() == 1
    garnishment.refresh_from_db()
    assert garnishment.ends_on is None
    assert not AuditEntry.objects.filter(
        object_type="beslag", action="read", actor_id=other.pk
    ).exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"bedragPerMaand": "-5.00"}, "bedragPerMaand", "groter is dan"),
        ({"iban": "NL00ABNA0417164300"}, "iban", "geen geldig IBAN"),
        ({"onbekend": "x"}, "onbekend", "onbekend"),
        ({"kenmerk": "K" * 36}, "kenmerk", "35"),
        ({"preferent": "ja"}, "preferent", "true of false"),
    ],
)
def test_bad_input_is_refused_in_dutch_with_nothing_written(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    response = api(world.user("consulent.vaals")).post(
        f"/api/v1/uitkeringen/{benefit.pk}/beslagen", GOOD | change, format="json"
    )
    assert response.status_code == 400
    problem = response.json()
    params = {p["name"]: p["reason"] for p in problem["invalidParams"]}
    assert field in params, problem
    assert words.lower() in params[field].lower(), params
    assert Garnishment.objects.count() == 0


def test_a_direct_payment_with_a_bad_iban_or_negative_amount_is_refused(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = api(world.user("consulent.vaals"))
    good = {
        "ontvanger": "Woningstichting",
        "iban": "NL91ABNA0417164300",
        "kenmerk": "HUUR-1",
        "bedrag": "600.00",
        "eersteMaand": "2026-06-01",
    }
    for change in ({"iban": "NL91ABNA041716430"}, {"bedrag": "-1.00"}):
        response = client.post(
            f"/api/v1/uitkeringen/{benefit.pk}/directe-betalingen", good | change, format="json"
        )
        assert response.status_code == 400
    assert DirectPayment.objects.count() == 0
    created = client.post(
        f"/api/v1/uitkeringen/{benefit.pk}/directe-betalingen", good, format="json"
    )
    assert created.status_code == 201
    assert DirectPayment.objects.get().start_month == D(2026, 6, 1)


def test_the_screen_registers_a_garnishment_and_shows_it(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = logged_in(world.user("consulent.vaals"))
    page = client.get(f"/uitkeringen/{benefit.pk}/beslagen")
    assert page.status_code == 200 and "Er ligt geen beslag op deze uitkering." in text(page)
    form = {
        "soort": "beslag",
        "beslag-beslaglegger": "Belastingdienst",
        "beslag-iban": "NL86 INGB 0002 4455 88",
        "beslag-kenmerk": "BD-9",
        "beslag-bedrag_per_maand": "",
        "beslag-datum_betekening": "2026-04-01",
        "beslag-rang": "preferent",
    }
    bad = client.post(f"/uitkeringen/{benefit.pk}/beslagen", form | {"beslag-iban": "NL12"})
    assert bad.status_code == 400 and "geen geldig IBAN" in text(bad)
    assert Garnishment.objects.count() == 0
    done = client.post(f"/uitkeringen/{benefit.pk}/beslagen", form, follow=True)
    assert done.status_code == 200
    body = text(done)
    assert "Belastingdienst" in body and "preferent" in body and "alles boven de voet" in body
    garnishment = Garnishment.objects.get()
    assert garnishment.monthly_amount is None and garnishment.preferent
    unknown = client.post(f"/uitkeringen/{benefit.pk}/beslagen", form | {"extra": "1"})
    assert unknown.status_code == 400 and "onbekend veld" in text(unknown)
    assert Garnishment.objects.count() == 1


def test_verrekenen_on_a_claim_through_the_api(world: World, benefit: Benefit) -> None:  # noqa: F811
    from samen.recovery.models import Claim, Movement, OffsetInstruction

    claim = Claim.objects.create(
        person=benefit.person,
        municipality=benefit.municipality,
        domain=benefit.domain,
        origin=Claim.Origin.OVERIGE,
        principal=Decimal("100.00"),
        description="x",
        established_on=D(2026, 4, 1),
    )
    Movement.objects.create(
        claim=claim, kind="hoofdsom", amount=Decimal("100.00"), booked_on=D(2026, 4, 1), reason="x"
    )
    client = api(world.user("consulent.vaals"))
    bad = client.post(
        f"/api/v1/vorderingen/{claim.pk}/verrekening",
        {"bedrag": "-3", "eersteMaand": "2026-06-01", "reden": "x", "versie": 1},
        format="json",
    )
    assert bad.status_code == 400 and not OffsetInstruction.objects.exists()
    ok = client.post(
        f"/api/v1/vorderingen/{claim.pk}/verrekening",
        {"bedrag": "25.00", "eersteMaand": "2026-06-01", "reden": "Afgesproken", "versie": 1},
        format="json",
    )
    assert ok.status_code == 201
    assert OffsetInstruction.objects.get().amount == Decimal("25.00")
    hidden = api(world.user("consulent.maastricht")).post(
        f"/api/v1/vorderingen/{claim.pk}/verrekening",
        {"bedrag": "25.00", "eersteMaand": "2026-06-01", "reden": "x", "versie": 2},
        format="json",
    )
    assert hidden.status_code == 404 and OffsetInstruction.objects.count() == 1
