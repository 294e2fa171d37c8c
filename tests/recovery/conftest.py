"""A Vaals benefit with March and April 2026 paid, then income found from March: two
recovery claims of € 190,00 from the recalculation, taken over as claims. "Today" is
15 May 2026 (the benefit fixture of tests/income)."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.income import services as income
from samen.income.models import Benefit
from samen.recovery.models import Claim
from samen.recovery.takeover import take_over_recovery_claims
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401

D = dt.date


@pytest.fixture
def claims(world: World, benefit: Benefit) -> list[Claim]:  # noqa: F811
    income.record_change(
        world.user("consulent.vaals"),
        benefit.pk,
        valid_from=D(2026, 3, 1),
        changes={
            "inkomsten": [{"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "200"}]
        },
        reason="Alimentatie gemeld",
        expected_version=benefit.version,
    )
    take_over_recovery_claims()
    return list(Claim.objects.order_by("pk"))
