"""The notice of default and the penalty on a real case, with the rule loaded as data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.objections import penalties, rules
from samen.objections.models import NoticeOfDefault
from samen.objections.penalty import PenaltyState
from tests.cases.conftest import World

D = dt.date


@pytest.mark.django_db
def test_the_loaded_rule_is_23_35_45_for_42_days() -> None:
    rule = rules.rule_on(D(2026, 5, 1))
    assert rule is not None
    assert [(t.first_day, t.last_day, t.per_day) for t in rule.tiers] == [
        (1, 14, Decimal("23.00")),
        (15, 28, Decimal("35.00")),
        (29, 42, Decimal("45.00")),
    ]
    assert rule.grace_days == 14 and rule.max_amount == Decimal("1442.00")
    assert "4:17" in rule.source
    rules.load()  # idempotent
    assert rules.rule_on(D(2026, 5, 1)) == rule


@pytest.fixture
def open_case(world: World, today):  # noqa: ANN001, ANN201
    # Received Monday 2 February 2026: eight weeks, Monday 30 March 2026.
    return cases.open_case(
        world.user("consulent.vaals"),
        cases.NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 2, 2)),
    )


def test_a_notice_after_the_deadline_starts_the_penalty_two_weeks_later(
    world: World, open_case
) -> None:  # noqa: ANN001
    assert open_case.deadline == D(2026, 3, 30)
    penalties.record_notice(world.user("consulent.vaals"), open_case.pk, received_on=D(2026, 4, 1))
    first = penalties.penalty_of(open_case, D(2026, 4, 15))
    assert first is not None and first.first_day == D(2026, 4, 15)
    assert (first.state, first.days, first.amount) == (PenaltyState.LOOPT, 1, Decimal("23.00"))
    later = penalties.penalty_of(open_case, D(2026, 11, 24))
    assert later is not None and (later.days, later.amount) == (42, Decimal("1442.00"))
    assert AuditEntry.objects.filter(object_type="ingebrekestelling", action="create").count() == 1


def test_a_premature_or_future_notice_is_refused_and_nothing_written(
    world: World, open_case
) -> None:  # noqa: ANN001
    consulent = world.user("consulent.vaals")
    with pytest.raises(ValidationError, match="liep toen nog"):
        penalties.record_notice(consulent, open_case.pk, received_on=D(2026, 3, 30))
    with pytest.raises(ValidationError, match="toekomst"):
        penalties.record_notice(consulent, open_case.pk, received_on=D(2026, 12, 1))
    assert not NoticeOfDefault.objects.exists()


def test_a_maastricht_consulent_cannot_record_a_notice_on_a_vaals_case(
    world: World, open_case
) -> None:  # noqa: ANN001
    with pytest.raises(cases.NotVisible):
        penalties.record_notice(
            world.user("consulent.maastricht"), open_case.pk, received_on=D(2026, 4, 1)
        )
    assert not NoticeOfDefault.objects.exists()
