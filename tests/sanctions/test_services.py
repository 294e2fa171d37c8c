"""A fine recorded on a benefit, decided under mandate on its own case with its letter, and
turned into a claim of origin boete; a measure applied by the payment run for exactly the
months it covers. Every read and write through the one access policy and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases.models import Decision, Letter
from samen.income.models import Benefit, PaymentDeduction, PaymentLine
from samen.income.payments import run_month
from samen.people.services import NotVisible
from samen.recovery.models import Claim, Movement
from samen.sanctions import measure_services, services
from samen.sanctions.models import FineStatus
from tests.cases.conftest import World

D = dt.date
E = Decimal


def new_fine(benefit: Benefit, **extra: object) -> services.NewFine:
    data = {
        "benefit_pk": benefit.pk,
        "breach_on": D(2026, 3, 10),
        "report_on": D(2026, 5, 1),
        "breach": "Inkomsten uit werk in maart niet gemeld.",
        "detriment": E("600.00"),
        "blame": "grove_schuld",
        "investigation_reference": "OND-2026-0042",
        **extra,
    }
    return services.NewFine(**data)  # type: ignore[arg-type]


def test_a_fine_is_calculated_decided_under_mandate_and_becomes_a_claim(
    world: World, benefit: Benefit
) -> None:
    handhaver = world.user("handhaving")
    fine = services.create_fine(handhaver, new_fine(benefit))
    assert fine.status == FineStatus.BEREKEND
    assert fine.amount == E("300.00")  # 50 % for grove schuld
    assert [s.get("bedrag") for s in fine.steps] == ["600.00", "300.00", "300.00"]
    assert fine.case.case_type.code == "boete"
    assert fine.municipality.cbs_code == "GM0981"

    decided = services.decide_fine(handhaver, fine.pk, D(2026, 5, 14))
    assert decided.status == FineStatus.OPGELEGD
    decision = Decision.objects.get(pk=decided.decision_id)
    assert decision.decision_type.code == "pw-boete"
    assert decision.chain  # under mandate
    assert "€ 300,00" in decision.reasoning
    assert Letter.objects.filter(decision=decision).exists()
    claim = Claim.objects.get(pk=decided.claim_id)
    assert (claim.origin, claim.principal, claim.decision_id) == ("boete", E("300.00"), decision.pk)
    assert claim.municipality.cbs_code == "GM0981"
    assert list(Movement.objects.filter(claim=claim).values_list("kind", "amount")) == [
        ("hoofdsom", E("300.00"))
    ]
    assert claim.balance() == E("300.00")
    assert AuditEntry.objects.filter(
        object_type="boete", object_id=str(fine.pk), action=AuditEntry.Kind.UPDATE
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="vordering", object_id=str(claim.pk), action=AuditEntry.Kind.CREATE
    ).exists()
    with pytest.raises(ValidationError):
        services.decide_fine(handhaver, fine.pk, D(2026, 5, 14))


def test_a_warning_is_decided_without_a_claim(world: World, benefit: Benefit) -> None:
    handhaver = world.user("handhaving")
    fine = services.create_fine(
        handhaver, new_fine(benefit, detriment=E("120.00"), warning_requested=True)
    )
    decided = services.decide_fine(handhaver, fine.pk, D(2026, 5, 14))
    assert decided.status == FineStatus.WAARSCHUWING
    assert decided.claim_id is None
    assert "waarschuwing" in Decision.objects.get(pk=decided.decision_id).reasoning


def test_urgent_reasons_close_the_fine_without_decision(world: World, benefit: Benefit) -> None:
    fine = services.create_fine(
        world.user("handhaving"), new_fine(benefit, urgent_reasons="Opname in een kliniek.")
    )
    assert fine.status == FineStatus.AFGEZIEN
    assert fine.amount == E("0.00")
    with pytest.raises(ValidationError):
        services.decide_fine(world.user("handhaving"), fine.pk, D(2026, 5, 14))


def test_bad_input_is_refused_and_nothing_is_saved(world: World, benefit: Benefit) -> None:
    before = Claim.objects.count()
    for extra, field in (
        ({"blame": "heel erg"}, "blame"),
        ({"breach": " "}, "breach"),
        ({"report_on": D(2026, 3, 1)}, "report_on"),
        ({"detriment": E("500.00"), "warning_requested": True}, "warning_requested"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.create_fine(world.user("handhaving"), new_fine(benefit, **extra))
        assert field in refused.value.message_dict
    assert not benefit.fines.exists()
    assert Claim.objects.count() == before


def test_another_municipalitys_staff_get_not_visible(world: World, benefit: Benefit) -> None:
    fine = services.create_fine(world.user("handhaving"), new_fine(benefit))
    with pytest.raises(NotVisible):
        services.get_fine(world.user("consulent.maastricht"), fine.pk)
    page, total = services.list_fines(world.user("consulent.maastricht"))
    assert (page, total) == ([], 0)
    assert AuditEntry.objects.filter(
        object_type="boete", object_id=str(fine.pk), action=AuditEntry.Kind.REFUSED
    ).exists()
    with pytest.raises(NotVisible):
        services.create_fine(world.user("consulent.maastricht"), new_fine(benefit))


def test_a_measure_is_applied_by_the_run_for_exactly_its_months(
    world: World, benefit: Benefit
) -> None:
    consulent = world.user("consulent.vaals")
    rules = {r.code: r for r in measure_services.rules_for(benefit, D(2026, 4, 20))}
    assert (rules["categorie-2"].percentage, rules["categorie-2"].months) == (E("30"), 3)
    measure = measure_services.record_measure(
        consulent,
        measure_services.NewMeasure(
            benefit_pk=benefit.pk,
            rule_code="categorie-2",
            breach_on=D(2026, 4, 20),
            start_month=D(2026, 5, 1),
            reason="Niet verschenen op twee afspraken over re-integratie.",
        ),
    )
    assert (measure.months, measure.percentage) == (3, E("30"))
    for month in (5, 6, 7, 8):
        run_month(D(2026, month, 1))
    lines = {
        line.month: line
        for line in PaymentLine.objects.filter(benefit=benefit, kind=PaymentLine.Kind.REGULAR)
    }
    reduced = {
        d.line.month: d.amount
        for d in PaymentDeduction.objects.filter(line__benefit=benefit, kind="maatregel")
    }
    # May to July only; 30 % of what the month pays before deductions, rounded down: of
    # 1,331.42 in May and June 399.42 (July pays more: the norms of 1 July 2026).
    assert set(reduced) == {D(2026, 5, 1), D(2026, 6, 1), D(2026, 7, 1)}
    assert reduced[D(2026, 5, 1)] == reduced[D(2026, 6, 1)] == E("399.42")
    july = lines[D(2026, 7, 1)]
    before = E(july.calculation["bedragVoorInhoudingen"])
    assert reduced[D(2026, 7, 1)] == (before * E("0.30")).quantize(E("0.01"), "ROUND_DOWN")
    assert july.amount == before - reduced[D(2026, 7, 1)]
    assert lines[D(2026, 4, 1)].amount == E("1331.42")
    assert lines[D(2026, 5, 1)].amount == E("932.00")
    assert "inhoudingen" not in lines[D(2026, 8, 1)].calculation
    assert lines[D(2026, 8, 1)].amount == before
    explanation = lines[D(2026, 5, 1)].calculation["toelichting"]
    assert any("Verlaging van uw bijstand met 30 %" in line for line in explanation)


def test_a_measure_needs_a_rule_of_the_municipality_and_a_month_within_the_benefit(
    world: World, benefit: Benefit
) -> None:
    consulent = world.user("consulent.vaals")
    for extra, field in (
        ({"rule_code": "bestaat-niet"}, "rule_code"),
        ({"start_month": D(2026, 5, 2)}, "start_month"),
        ({"start_month": D(2026, 2, 1), "breach_on": D(2026, 1, 5)}, "start_month"),
        ({"reason": ""}, "reason"),
    ):
        data = {
            "benefit_pk": benefit.pk,
            "rule_code": "categorie-1",
            "breach_on": D(2026, 4, 20),
            "start_month": D(2026, 5, 1),
            "reason": "Niet ingeschreven.",
            **extra,
        }
        with pytest.raises(ValidationError) as refused:
            measure_services.record_measure(consulent, measure_services.NewMeasure(**data))
        assert field in refused.value.message_dict
    assert not benefit.measures.exists()
    with pytest.raises(NotVisible):
        measure_services.record_measure(
            world.user("consulent.maastricht"),
            measure_services.NewMeasure(
                benefit.pk, "categorie-1", D(2026, 4, 20), D(2026, 5, 1), "Niet ingeschreven."
            ),
        )
