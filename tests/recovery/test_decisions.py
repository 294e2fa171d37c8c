"""Decisions on a claim through the cases app under mandate: the recovery decision (net in
the year, gross after it), the dwangbevel after a summons, forgoing recovery with its
write-off; bezwaar is open against them; a Vaals claim is a 404 for a Maastricht grant and a
refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.cases.models import Case, Decision, Letter
from samen.objections import services as objections
from samen.recovery import decisions, steps
from samen.recovery.models import Claim, CollectionStep, Movement, RecoveryDecision
from samen.recovery.services import NotVisible, book, get_claim
from tests.cases.conftest import World

D = dt.date


def pin(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def recovery_decisions() -> bool:
    return (
        Decision.objects.filter(decision_type__code__startswith="pw-")
        .exclude(decision_type__code="pw-algemene-bijstand")
        .exists()
    )


def recovery(claim: Claim, **changes: object) -> decisions.NewRecovery:
    values: dict[str, object] = {
        "ground": "pw-58-1",
        "benefit_type": "pw-algemene-bijstand",
        "period_from": D(2026, 3, 1),
        "period_until": D(2026, 3, 31),
        "decided_on": D(2026, 5, 15),
        "reasoning": "U meldde de alimentatie niet.",
    }
    values.update(changes)
    return decisions.NewRecovery(**values)  # type: ignore[arg-type]


def decide(world: World, claim: Claim, **changes: object) -> RecoveryDecision:
    claim.refresh_from_db()
    return decisions.decide_recovery(
        world.user("handhaving"),
        claim.pk,
        recovery(claim, **changes),
        expected_version=claim.version,
    )


def test_a_recovery_decision_in_the_same_year_is_net_and_founds_the_claim(
    world: World, claims: list[Claim]
) -> None:
    claim = claims[0]
    made = decide(world, claim)
    claim.refresh_from_db()
    assert claim.decision == made.decision
    assert claim.decision.decision_type.code == "pw-terugvordering"
    assert claim.benefit_type.code == "pw-algemene-bijstand"
    assert claim.origin == Claim.Origin.INLICHTINGENPLICHT
    assert claim.due_on == D(2026, 6, 26)  # six weeks after the decision
    assert made.gross is False and made.amount == Decimal("190.00")
    assert claim.balance() == Decimal("190.00")
    case = made.decision.case
    assert case.case_type.code == "terugvordering" and case.person_id == claim.person_id
    assert Letter.objects.filter(decision=made.decision).exists()
    assert "artikel 58, eerste lid" in made.decision.reasoning
    assert "netto" in made.decision.reasoning
    assert made.decision.chain  # taken under the handhaver's sub-mandate


def test_after_the_calendar_year_the_gross_amount_is_recovered(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = claims[0]
    pin(monkeypatch, D(2027, 1, 20))
    with pytest.raises(ValidationError) as refused:
        decide(world, claim, decided_on=D(2027, 1, 20))
    assert "bruto bedrag" in str(refused.value)
    assert (
        not recovery_decisions()
        and not Case.objects.filter(case_type__code="terugvordering").exists()
    )
    made = decide(world, claim, decided_on=D(2027, 1, 20), gross_amount=Decimal("230.00"))
    claim.refresh_from_db()
    assert made.gross and made.gross_amount == Decimal("230.00")
    assert claim.balance() == Decimal("230.00")
    gross_up = made.movement
    assert gross_up.kind == Movement.Kind.PRINCIPAL and gross_up.amount == Decimal("40.00")
    assert "lid 5" in gross_up.reason and "bruto" in made.decision.reasoning


def test_without_the_mandate_or_with_bad_input_nothing_is_written(
    world: World, claims: list[Claim]
) -> None:
    claim = claims[0]
    claim.refresh_from_db()
    with pytest.raises(ValidationError):  # a consulent holds no mandate for terugvordering
        decisions.decide_recovery(
            world.user("consulent.vaals"), claim.pk, recovery(claim), expected_version=claim.version
        )
    for bad in (
        {"ground": "pw-58-9"},
        {"benefit_type": "wmo-maatwerkvoorziening"},
        {"period_until": D(2026, 2, 1)},
        {"reasoning": " "},
        {"reasoning": "x" * 4001},
        {"decided_on": D(2026, 5, 16)},
        {"gross_amount": Decimal("250.00")},  # net year: no gross amount
    ):
        with pytest.raises(ValidationError) as refused:
            decide(world, claim, **bad)
        assert refused.value.message_dict
    assert not recovery_decisions()
    claim.refresh_from_db()
    assert claim.decision_id is None and claim.version == 1
    decide(world, claim)
    with pytest.raises(ValidationError, match="al een terugvorderingsbesluit"):
        decide(world, claim)


def test_a_maastricht_grant_cannot_see_or_decide_on_a_vaals_claim(
    world: World, claims: list[Claim]
) -> None:
    claim = claims[0]
    user = world.user("consulent.maastricht")
    with pytest.raises(NotVisible):
        decisions.decide_recovery(user, claim.pk, recovery(claim), expected_version=1)
    with pytest.raises(NotVisible):
        steps.record_step(
            user, claim.pk, kind="aanmaning", sent_on=D(2026, 5, 1), expected_version=1
        )
    with pytest.raises(NotVisible):
        decisions.forgo(
            user,
            claim.pk,
            ground="pw-58-8",
            decided_on=D(2026, 5, 15),
            reasoning="x",
            expected_version=1,
        )
    assert AuditEntry.objects.filter(object_id=str(claim.pk), action="refused").count() == 3
    assert not CollectionStep.objects.exists() and not recovery_decisions()


def test_bezwaar_can_be_made_against_the_recovery_decision(
    world: World, claims: list[Claim]
) -> None:
    made = decide(world, claims[0])
    objection = objections.file_objection(
        world.user("jurist"),
        objections.NewObjection(
            decision_pk=made.decision.pk,
            filed_on=D(2026, 5, 15),
            received_via="post",
            grounds="Ik heb de alimentatie wel gemeld.",
            objector_name="Anna Janssen",
            announced_on=D(2026, 5, 15),
        ),
    )
    assert objection.contested == made.decision
    assert objection.case.domain.code == "participatiewet"


def test_a_writ_needs_a_summons_whose_term_has_passed(
    world: World, claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = claims[0]
    user = world.user("handhaving")
    with pytest.raises(ValidationError, match="terugvorderingsbesluit"):
        decisions.issue_writ(
            user, claim.pk, decided_on=D(2026, 5, 15), reasoning="x", expected_version=1
        )
    decide(world, claim)
    pin(monkeypatch, D(2026, 8, 1))
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="aanmaning"):
        decisions.issue_writ(
            user, claim.pk, decided_on=D(2026, 8, 1), reasoning="x", expected_version=claim.version
        )
    with pytest.raises(ValidationError, match="betalingstermijn"):  # before 26 June: too early
        steps.record_step(
            user, claim.pk, kind="aanmaning", sent_on=D(2026, 6, 20), expected_version=claim.version
        )
    step = steps.record_step(
        user, claim.pk, kind="aanmaning", sent_on=D(2026, 7, 20), expected_version=claim.version
    )
    assert step.sent_by == "Linda Moonen"
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="3 augustus 2026"):
        decisions.issue_writ(
            user, claim.pk, decided_on=D(2026, 8, 1), reasoning="x", expected_version=claim.version
        )
    pin(monkeypatch, D(2026, 8, 10))
    writ = decisions.issue_writ(
        user,
        claim.pk,
        decided_on=D(2026, 8, 10),
        reasoning="Niet betaald na de aanmaning.",
        expected_version=claim.version,
    )
    assert writ.amount == Decimal("190.00")
    assert writ.decision.decision_type.code == "pw-dwangbevel"
    assert Letter.objects.filter(decision=writ.decision).exists()
    assert "artikel 60" in writ.decision.reasoning


def test_forgoing_recovery_of_a_partly_paid_claim_leaves_balance_zero(
    world: World, claims: list[Claim]
) -> None:
    claim = claims[0]
    user = world.user("handhaving")
    decide(world, claim)
    claim.refresh_from_db()
    book(
        world.user("consulent.vaals"),
        claim.pk,
        kind="ontvangst",
        amount=Decimal("50.00"),
        booked_on=D(2026, 5, 15),
        reason="Betaald",
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="hoger dan het saldo"):
        decisions.forgo(
            user,
            claim.pk,
            ground="pw-58-8",
            amount=Decimal("140.01"),
            decided_on=D(2026, 5, 15),
            reasoning="Schuldhulpverlening.",
            expected_version=claim.version,
        )
    with pytest.raises(ValidationError, match="laat het bedrag leeg"):
        decisions.forgo(
            user,
            claim.pk,
            ground="pw-58-7",
            amount=Decimal("10.00"),
            decided_on=D(2026, 5, 15),
            reasoning="x",
            expected_version=claim.version,
        )
    made = decisions.forgo(
        user,
        claim.pk,
        ground="pw-58-7",
        decided_on=D(2026, 5, 15),
        reasoning="Vijf jaar aan de betalingsverplichting voldaan.",
        expected_version=claim.version,
    )
    view = get_claim(world.user("consulent.vaals"), claim.pk)
    assert made.amount == Decimal("140.00") and made.movement.amount == Decimal("-140.00")
    assert view.balance == Decimal("0.00")
    assert sum(m.amount for m in view.movements) == Decimal("0.00")
    assert [m.kind for m in view.movements] == ["hoofdsom", "ontvangst", "afboeking"]
    assert made.decision.decision_type.code == "pw-afzien-terugvordering"
