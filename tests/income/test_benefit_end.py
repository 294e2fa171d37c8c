"""Ending a benefit: paid days after the end date become recovery claims (never a rewritten
payment line), the next run pays nothing more and settles the reserved vakantietoeslag, a
later end date gives supplements; refused for another municipality, a stale version, a date
before the start or no reason, and then nothing changes. The `benefit` fixture pins "today"
at 15 May 2026, with March and April paid (€ 1.331,42 each)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.income import services
from samen.income.calculation import euro
from samen.income.models import Benefit, PaymentLine, RecoveryClaim, Supplement
from samen.income.payments import run_month
from samen.people.services import NotVisible, VersionConflict
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401
from tests.web.pages import logged_in, text

D = dt.date
CENT = Decimal("0.01")


def share(amount: Decimal, days: int, of: int) -> Decimal:
    return (amount * days / of).quantize(CENT, rounding=ROUND_HALF_UP)


def regular(benefit: Benefit, month: dt.date) -> PaymentLine:  # noqa: F811
    return PaymentLine.objects.get(benefit=benefit, month=month, kind=PaymentLine.Kind.REGULAR)


def test_ending_mid_march_claims_back_the_days_after_it(world: World, benefit: Benefit) -> None:  # noqa: F811
    march, april = regular(benefit, D(2026, 3, 1)), regular(benefit, D(2026, 4, 1))
    result = services.end_benefit(
        world.user("consulent.vaals"),
        benefit.pk,
        end_date=D(2026, 3, 15),
        end_reason="overig",
        reason="Verhuisd naar het buitenland",
        expected_version=benefit.version,
    )
    claims = {c.month: c for c in result.claims}
    assert claims[D(2026, 4, 1)].amount == april.amount  # not a day of April is due
    assert claims[D(2026, 3, 1)].amount == march.amount - share(march.amount, 15, 31)
    assert claims[D(2026, 4, 1)].holiday_allowance == -april.holiday_allowance
    benefit.refresh_from_db()
    assert benefit.end_date == D(2026, 3, 15)
    # the payment lines themselves are untouched
    assert regular(benefit, D(2026, 3, 1)).amount == march.amount
    entry = AuditEntry.objects.filter(object_type="uitkering", action="update").latest("pk")
    assert entry.changes["fields"]["einddatum"] == [None, "2026-03-15"]

    may = run_month(D(2026, 5, 1))
    assert not PaymentLine.objects.filter(
        benefit=benefit, month=D(2026, 5, 1), kind=PaymentLine.Kind.REGULAR
    ).exists()
    [holiday] = PaymentLine.objects.filter(benefit=benefit, kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE)
    # what stays reserved is the vakantietoeslag over the 15 days of March that were due
    assert holiday.amount == share(march.holiday_allowance, 15, 31)
    assert holiday.month == D(2026, 5, 1)
    assert may.holiday_allowances == 1
    spec = services.payment_specification(world.user("consulent.vaals"), benefit.pk, D(2026, 5, 1))
    assert spec.explanation[0] == (
        "Opgebouwde vakantietoeslag tot en met april 2026: "
        f"{euro(Decimal(holiday.calculation['gereserveerd']))}."
    )
    assert spec.explanation[-2] == f"Nu uitbetaald: {euro(holiday.amount)}."


def test_a_later_end_date_gives_back_what_was_claimed(world: World, benefit: Benefit) -> None:  # noqa: F811
    user = world.user("consulent.vaals")
    services.end_benefit(
        user,
        benefit.pk,
        end_date=D(2026, 3, 15),
        end_reason="overig",
        reason="Einde",
        expected_version=benefit.version,
    )
    benefit.refresh_from_db()
    result = services.end_benefit(
        user,
        benefit.pk,
        end_date=D(2026, 4, 30),
        end_reason="overig",
        reason="Einddatum gecorrigeerd",
        expected_version=benefit.version,
    )
    claimed = sum((c.amount for c in RecoveryClaim.objects.filter(benefit=benefit)), Decimal(0))
    supplemented = sum((s.amount for s in result.supplements), Decimal(0))
    assert supplemented == claimed  # March and April are fully due again


@pytest.mark.parametrize(
    ("end", "code", "reason", "field"),
    [
        (D(2026, 2, 28), "overig", "Einde", "end_date"),
        (D(2026, 4, 30), "overig", "  ", "reason"),
        (D(2026, 4, 30), "loterij", "Einde", "end_reason"),
        (D(2026, 4, 30), "", "Einde", "end_reason"),
    ],
)
def test_bad_input_changes_nothing(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    end: dt.date,
    code: str,
    reason: str,
    field: str,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.end_benefit(
            world.user("consulent.vaals"),
            benefit.pk,
            end_date=end,
            end_reason=code,
            reason=reason,
            expected_version=benefit.version,
        )
    assert field in error.value.message_dict
    benefit.refresh_from_db()
    assert benefit.end_date is None
    assert not RecoveryClaim.objects.exists()


def test_another_municipality_and_a_stale_version_are_refused(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    with pytest.raises(NotVisible):
        services.end_benefit(
            world.user("consulent.maastricht"),
            benefit.pk,
            end_date=D(2026, 3, 31),
            end_reason="overig",
            reason="Einde",
            expected_version=benefit.version,
        )
    with pytest.raises(VersionConflict):
        services.end_benefit(
            world.user("consulent.vaals"),
            benefit.pk,
            end_date=D(2026, 3, 31),
            end_reason="overig",
            reason="Einde",
            expected_version=benefit.version - 1,
        )
    benefit.refresh_from_db()
    assert benefit.end_date is None
    assert not RecoveryClaim.objects.exists() and not Supplement.objects.exists()
    assert AuditEntry.objects.filter(object_type="uitkering", action="refused").exists()


@pytest.fixture
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True  # demo users may only log in in demo mode


@pytest.mark.usefixtures("demo_mode")
def test_the_screen_ends_the_benefit_and_says_what_is_claimed(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = logged_in(world.user("consulent.vaals"))
    page = client.get(f"/personen/{benefit.person_id}/uitkeringen")
    assert f'href="/uitkeringen/{benefit.pk}/beeindiging"' in page.content.decode()
    form = client.get(f"/uitkeringen/{benefit.pk}/beeindiging")
    assert form.status_code == 200
    assert "Einddatum" in text(form)
    empty = client.post(
        f"/uitkeringen/{benefit.pk}/beeindiging",
        {"einddatum": "2026-04-30", "reden": "", "version": str(benefit.version)},
    )
    assert empty.status_code == 400
    assert "Kies de reden van de beëindiging." in text(empty)
    assert "Licht de beëindiging toe." in text(empty)
    unknown = client.post(
        f"/uitkeringen/{benefit.pk}/beeindiging",
        {
            "einddatum": "2026-04-30",
            "reden_code": "<script>",
            "reden": "x",
            "version": str(benefit.version),
        },
    )
    assert unknown.status_code == 400
    assert "Deze reden van beëindiging is onbekend." in text(unknown)
    done = client.post(
        f"/uitkeringen/{benefit.pk}/beeindiging",
        {
            "einddatum": "31-03-2026",
            "reden_code": "werk-loondienst",
            "reden": "Werk gevonden",
            "version": str(benefit.version),
        },
        follow=True,
    )
    assert done.status_code == 200
    assert "1 maand te veel betaald" in text(done)
    benefit.refresh_from_db()
    assert benefit.end_date == D(2026, 3, 31)
    assert benefit.end_reason.code == "werk-loondienst"
    other = logged_in(world.user("consulent.maastricht"))
    assert other.get(f"/uitkeringen/{benefit.pk}/beeindiging").status_code == 404


def test_the_api_ends_the_benefit(world: World, benefit: Benefit) -> None:  # noqa: F811
    api = APIClient()
    api.default_format = "json"
    api.force_authenticate(world.user("consulent.vaals"))
    url = f"/api/v1/uitkeringen/{benefit.pk}/beeindiging"
    bad = api.post(
        url,
        {"einddatum": "2026-02-01", "redenCode": "overig", "reden": "Einde", "versie": 1},
    )
    assert bad.status_code == 400
    assert {p["name"] for p in json.loads(bad.content)["invalidParams"]} == {"einddatum"}
    unknown = api.post(
        url,
        {"einddatum": "2026-03-31", "redenCode": "loterij", "reden": "Einde", "versie": 1},
    )
    assert unknown.status_code == 400
    assert {p["name"] for p in json.loads(unknown.content)["invalidParams"]} == {"redenCode"}
    missing = api.post(url, {"einddatum": "2026-03-31", "reden": "Einde", "versie": 1})
    assert missing.status_code == 400
    assert {p["name"] for p in json.loads(missing.content)["invalidParams"]} == {"redenCode"}
    response = api.post(
        url,
        {
            "einddatum": "2026-03-31",
            "redenCode": "werk-loondienst",
            "reden": "Werk gevonden",
            "versie": benefit.version,
        },
    )
    assert response.status_code == 201, response.content
    reasons = api.get("/api/v1/redenen-beeindiging")
    assert reasons.status_code == 200
    assert "werk-loondienst" in reasons.content.decode()
    assert api.get("/api/v1/redenen-beeindiging/werk-loondienst").json()["naarWerk"] is True
    assert api.get("/api/v1/redenen-beeindiging/loterij").status_code == 404
    answer = json.loads(response.content)
    assert [c["maand"] for c in answer["terugvorderingen"]] == ["2026-04-01"]
    benefit.refresh_from_db()
    assert response["ETag"] == f'"{benefit.version}"'
    stale = api.post(
        url, {"einddatum": "2026-03-30", "redenCode": "overig", "reden": "Nogmaals", "versie": 1}
    )
    assert stale.status_code == 412
