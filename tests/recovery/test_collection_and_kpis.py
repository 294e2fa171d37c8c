"""The collection worklist, the month-end stock per municipality and origin and the
debtor-receipts KPIs, against figures computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.common import kpis
from samen.common.periods import Period
from samen.organisation.models import Domain
from samen.recovery import collection
from samen.recovery.models import Arrangement, Claim, Movement
from samen.steering.models import Kpi
from tests.cases.conftest import World
from tests.recovery.test_bank_import import fresh, maastricht_claim
from tests.web.pages import logged_in, text

D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def book(claim: Claim, kind: str, amount: str, on: dt.date) -> None:
    Movement.objects.create(
        claim=claim, kind=kind, amount=Decimal(amount), booked_on=on, reason="test"
    )


def claim_of(world: World, town: str, domain: str, origin: str, amount: str, on: dt.date) -> Claim:
    person = world.persons["vaals" if town == "Vaals" else "maastricht"]
    claim = Claim.objects.create(
        person=person,
        municipality=world.municipalities[town],
        domain=Domain.objects.get(code=domain),
        origin=origin,
        principal=Decimal(amount),
        description="test",
        established_on=on,
    )
    book(claim, "hoofdsom", amount, on)
    return claim


@pytest.fixture
def ledger(world: World, claims: list[Claim]) -> dict[str, Claim]:
    """By hand, per month end:
    - 31 Jan 2026: Maastricht boete 1 claim, € 300,00.
    - 28 Feb 2026: Maastricht boete 1, € 200,00 (100 received 10 Feb); Vaals
      inlichtingenplicht 1, € 30,00 (50 less 20 received 20 Feb).
    - 31 Mar 2026: Maastricht boete 1, € 200,00; the Vaals claim paid off on 5 March.
    - 31 May 2026: Maastricht boete 1, € 200,00; Vaals overige 2, € 380,00 (the two claims
      of the recalculation, 15 May); Vaals minima geldlening 1, € 93,00.
    """
    boete = maastricht_claim(world)
    book(boete, "ontvangst", "-100.00", D(2026, 2, 10))
    paid = claim_of(world, "Vaals", "participatiewet", "inlichtingenplicht", "50.00", D(2026, 2, 1))
    book(paid, "ontvangst", "-20.00", D(2026, 2, 20))
    book(paid, "verrekening", "-30.00", D(2026, 3, 5))
    loan = claim_of(world, "Vaals", "minima", "geldlening", "100.00", D(2026, 4, 1))
    book(loan, "ontvangst", "-7.00", D(2026, 4, 30))
    return {"boete": boete, "paid": paid, "loan": loan}


def stock(user: object, month: str) -> dict[str, dict[str, tuple[int, str]]]:
    end, rows = collection.month_end_stock(user, collection.parse_month(month))
    return {
        s.municipality.name: {o.origin: (o.number, str(o.balance)) for o in s.origins if o.number}
        for s in rows
    }


def test_the_month_end_stock_by_hand(world: World, ledger: dict[str, Claim]) -> None:
    user = fresh("administratie")
    assert stock(user, "2026-01")["Maastricht"] == {"boete": (1, "300.00")}
    assert stock(user, "2026-01")["Vaals"] == {}
    feb = stock(user, "2026-02")
    assert feb["Maastricht"] == {"boete": (1, "200.00")}
    assert feb["Vaals"] == {"inlichtingenplicht": (1, "30.00")}
    assert stock(user, "2026-03")["Vaals"] == {}
    may = stock(user, "2026-05")
    assert may["Vaals"] == {"overige": (2, "380.00"), "geldlening": (1, "93.00")}
    assert may["Maastricht"] == {"boete": (1, "200.00")}
    assert set(may) == {
        "Maastricht", "Meerssen", "Vaals", "Valkenburg aan de Geul", "Gulpen-Wittem",
        "Eijsden-Margraten",
    }  # fmt: skip
    entries = AuditEntry.objects.filter(object_type="vorderingenstand", purpose="sturing")
    assert entries.filter(object_id="GM0981/2026-05").count() == 1


def test_the_stock_of_a_maastricht_grant_shows_maastricht_only(
    world: World, ledger: dict[str, Claim]
) -> None:
    user = fresh("consulent.maastricht")
    assert stock(user, "2026-05") == {"Maastricht": {"boete": (1, "200.00")}}
    page = logged_in(user).get("/vorderingen/stand/2026-05")
    assert page.status_code == 200
    assert "Maastricht (GM0935)" in text(page) and "Vaals" not in text(page)
    client = APIClient()
    client.force_authenticate(user)
    body = client.get("/api/v1/vorderingen-stand", {"maand": "2026-05"}).json()
    assert body["maandeinde"] == "2026-05-31"
    assert [g["gemeente"] for g in body["gemeenten"]] == ["GM0935"]
    assert body["gemeenten"][0]["saldo"] == "200.00" and body["gemeenten"][0]["aantal"] == 1
    for bad in ["2026-13", "november", "2026-1", ""]:
        refused = client.get("/api/v1/vorderingen-stand", {"maand": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["invalidParams"][0]["name"] == "maand"
    assert client.get("/api/v1/vorderingen-stand").status_code == 400
    assert logged_in(user).get("/vorderingen/stand/2026-13").status_code == 404


def test_the_collection_worklist(
    world: World, ledger: dict[str, Claim], claims: list[Claim]
) -> None:
    Arrangement.objects.create(
        claim=claims[1], instalment=Decimal("20.00"), start_month=D(2026, 5, 1), reason="x"
    )
    user = fresh("administratie")
    total, rows = collection.worklist(user, on=D(2026, 5, 30))
    # open: boete (10 Jan), loan (1 Apr), the two claims of 15 May; the paid one is not
    assert total == 4
    assert [r.claim.pk for r in rows] == [
        ledger["boete"].pk,
        ledger["loan"].pk,
        claims[0].pk,
        claims[1].pk,
    ]
    assert rows[0].balance == Decimal("200.00")
    total, rows = collection.worklist(user, order="gemist", on=D(2026, 5, 30))
    assert rows[0].claim.pk == claims[1].pk and rows[0].missed == [D(2026, 5, 1)]  # due 28 May
    assert [r.claim.pk for r in rows[1:]] == [ledger["boete"].pk, ledger["loan"].pk, claims[0].pk]
    maastricht = logged_in(fresh("consulent.maastricht")).get("/vorderingen")
    assert ledger["boete"].reference in text(maastricht)
    assert claims[0].reference not in text(maastricht)
    assert "1 openstaande vordering die u mag inzien" in text(maastricht)
    reads = AuditEntry.objects.filter(object_type="vordering", action="read")
    assert reads.filter(object_id=str(ledger["boete"].pk)).count() == 3
    assert not reads.filter(object_id=str(claims[0].pk), actor_id=fresh("consulent.maastricht").pk)
    assert logged_in(user).get("/vorderingen", {"volgorde": "willekeurig"}).status_code == 400


def test_the_debtor_receipts_kpi_by_hand(
    world: World, ledger: dict[str, Claim], claims: list[Claim]
) -> None:
    vaals = world.municipalities["Vaals"]
    book(claims[0], "ontvangst", "-40.00", D(2026, 5, 15))
    book(claims[1], "ontvangst", "-15.00", D(2026, 5, 15))
    book(claims[1], "verrekening", "-25.00", D(2026, 5, 20))
    book(claims[0], "afboeking", "-10.00", D(2026, 6, 1))  # no receipt
    book(claims[0], "correctie", "-5.00", D(2026, 6, 1))  # left out
    book(ledger["loan"], "ontvangst", "-30.00", D(2026, 6, 1))
    period = Period(D(2026, 5, 1), D(2026, 8, 31))
    ideel = kpis.compute("recovery.debiteuren-ideel", vaals, period)
    assert ideel is not None and ideel.value == Decimal("80.00")  # 40 + 15 + 25
    assert dict(ideel.breakdown) == {"ontvangsten (boekingen)": 2, "verrekeningen (boekingen)": 1}
    special = kpis.compute("recovery.debiteuren-bijzondere-bijstand", vaals, period)
    assert special is not None and special.value == Decimal("30.00")  # not the 7 of 30 April
    # the 100 received on the Maastricht boete in February: Maastricht, January-April only
    maastricht = world.municipalities["Maastricht"]
    assert kpis.compute("recovery.debiteuren-ideel", maastricht, period).value == Decimal("0.00")  # type: ignore[union-attr]
    early = Period(D(2026, 1, 1), D(2026, 4, 30))
    assert kpis.compute("recovery.debiteuren-ideel", maastricht, early).value == Decimal("100.00")  # type: ignore[union-attr]
    # the steering catalogue computes both instead of asking for them by hand
    assert Kpi.objects.get(code="debiteuren-ideel").computation == "recovery.debiteuren-ideel"
    assert not Kpi.objects.get(code="debiteuren-bijzondere-bijstand").is_manual


def test_the_receipts_kpi_follows_the_recovered_provision_once_decided(
    world: World, ledger: dict[str, Claim], claims: list[Claim]
) -> None:
    """The minima loan counts as bijzondere bijstand by its domain until a recovery decision
    says it recovers an individuele inkomenstoeslag: then it counts in neither KPI."""
    from samen.recovery import decisions

    vaals = world.municipalities["Vaals"]
    loan = ledger["loan"]
    book(loan, "ontvangst", "-30.00", D(2026, 6, 1))
    book(claims[0], "ontvangst", "-40.00", D(2026, 6, 1))
    period = Period(D(2026, 5, 1), D(2026, 8, 31))

    def values() -> tuple[Decimal, Decimal]:
        ideel = kpis.compute("recovery.debiteuren-ideel", vaals, period)
        special = kpis.compute("recovery.debiteuren-bijzondere-bijstand", vaals, period)
        assert ideel is not None and special is not None
        return ideel.value, special.value  # type: ignore[return-value]

    assert values() == (Decimal("40.00"), Decimal("30.00"))
    decisions.decide_recovery(
        world.user("teammanager"),
        loan.pk,
        decisions.NewRecovery(
            ground="pw-58-2",
            benefit_type="individuele-inkomenstoeslag",
            period_from=D(2026, 4, 1),
            period_until=D(2026, 4, 30),
            decided_on=D(2026, 5, 15),
            reasoning="Toeslag ten onrechte verstrekt.",
        ),
        expected_version=loan.version,
    )
    decisions.decide_recovery(
        world.user("handhaving"),
        claims[0].pk,
        decisions.NewRecovery(
            ground="pw-58-1",
            benefit_type="bbz-bijstand",
            period_from=D(2026, 3, 1),
            period_until=D(2026, 3, 31),
            decided_on=D(2026, 5, 15),
            reasoning="Inkomsten niet gemeld.",
        ),
        expected_version=1,
    )
    assert values() == (Decimal("40.00"), Decimal("0.00"))
    assert decisions.Claim.objects.get(pk=loan.pk).decision.case.case_type.code == (
        "terugvordering-minima"
    )
