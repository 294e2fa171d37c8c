"""From decision to benefit to a change in income: the benefit is recalculated from the
date of the change, and months already paid get a recovery claim instead of being rewritten."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.cases.services import NewCase, NewDecision
from samen.income import services
from samen.income.models import Benefit, BenefitFact, PaymentLine, RecoveryClaim
from samen.income.payments import run_month
from samen.people.services import NotVisible, VersionConflict
from tests.cases.conftest import World, world  # noqa: F401

D = dt.date


@pytest.fixture
def benefit(world: World, monkeypatch: pytest.MonkeyPatch) -> Benefit:  # noqa: F811
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 5, 15))
    consulent = world.user("consulent.vaals")
    case = cases.open_case(
        consulent, NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 2, 2))
    )
    cases.decide(
        consulent,
        case.pk,
        NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 2, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 3, 1),
            iban="NL91ABNA0417164300",
        ),
    )
    found = Benefit.objects.get(case=case)
    run_month(D(2026, 3, 1))
    run_month(D(2026, 4, 1))
    return found


def test_income_found_later_becomes_recovery_claims_for_the_paid_months(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    paid = {line.month: line.amount for line in PaymentLine.objects.filter(benefit=benefit)}
    assert paid == {D(2026, 3, 1): Decimal("1331.42"), D(2026, 4, 1): Decimal("1331.42")}
    result = services.record_change(
        world.user("consulent.vaals"),
        benefit.pk,
        valid_from=D(2026, 3, 1),
        changes={
            "inkomsten": [{"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "200"}]
        },
        reason="Alimentatie gemeld",
        expected_version=benefit.version,
    )
    # 200 less benefit, 5 % of it less reserved: 190.00 per month paid too much.
    assert [(c.month, c.amount) for c in result.claims] == [
        (D(2026, 3, 1), Decimal("190.00")),
        (D(2026, 4, 1), Decimal("190.00")),
    ]
    assert result.supplements == []
    # History is not rewritten.
    assert {line.month: line.amount for line in PaymentLine.objects.filter(benefit=benefit)} == paid
    assert BenefitFact.objects.filter(benefit=benefit).count() == 2
    entry = AuditEntry.objects.filter(object_type="uitkering", action="update").get()
    assert entry.changes["geldig_vanaf"] == "2026-03-01"
    # The next month is paid with the new facts.
    run_month(D(2026, 5, 1))
    may = PaymentLine.objects.get(benefit=benefit, month=D(2026, 5, 1))
    assert may.amount == Decimal("1141.42")


def test_a_stale_version_or_a_bad_change_saves_nothing(world: World, benefit: Benefit) -> None:  # noqa: F811
    consulent = world.user("consulent.vaals")
    with pytest.raises(VersionConflict):
        services.record_change(
            consulent,
            benefit.pk,
            valid_from=D(2026, 4, 1),
            changes={"partner": None},
            reason="x",
            expected_version=benefit.version + 5,
        )
    with pytest.raises(ValidationError) as refused:
        services.record_change(
            consulent,
            benefit.pk,
            valid_from=D(2026, 1, 1),
            changes={"salaris": "1"},
            reason="",
            expected_version=benefit.version,
        )
    assert set(refused.value.message_dict) == {"changes", "valid_from", "reason"}
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()


def test_a_maastricht_consulent_cannot_see_or_change_a_vaals_benefit(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    other = world.user("consulent.maastricht")
    assert services.benefits_of_person(other, benefit.person_id) == []
    with pytest.raises(NotVisible):
        services.record_change(
            other,
            benefit.pk,
            valid_from=D(2026, 4, 1),
            changes={"partner": None},
            reason="x",
            expected_version=benefit.version,
        )
    with pytest.raises(NotVisible):
        services.payment_specification(other, benefit.pk, D(2026, 3, 1))
