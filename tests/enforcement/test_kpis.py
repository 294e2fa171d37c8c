"""The enforcement KPIs through the registry: completed fraud investigations per municipality
and period with the criminal ones in the breakdown, and thematic checks; the catalogue KPI
``fraudeonderzoeken`` is computed (migration steering/0010), no longer entered by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from samen.common import kpis
from samen.common.periods import Period
from samen.enforcement import checks
from samen.enforcement import investigations as inv
from samen.steering.models import Kpi
from tests.enforcement.conftest import D, Office

pytestmark = pytest.mark.django_db
P = Period(D(2026, 9, 1), D(2026, 12, 31))


def concluded(office: Office, outcome: str, on, **extra) -> None:  # noqa: ANN001
    found = inv.start(
        office.user("handhaving"),
        inv.NewInvestigation(
            person_pk=office.world.persons["vaals"].pk,
            municipality_code="GM0981",
            origin="tip",
            reason="Tip.",
            started_on=D(2026, 1, 5),
        ),
    )
    if outcome:
        inv.conclude(
            office.user("handhaving"), found.pk, inv.Conclusion(outcome, on, "Klaar.", **extra)
        )


def test_completed_investigations_with_the_criminal_ones(office: Office) -> None:
    harm = {"amount": Decimal("100.00"), "harm_from": D(2026, 1, 1), "harm_until": D(2026, 1, 31)}
    concluded(office, "geen_fraude", D(2026, 9, 1))
    concluded(office, "bestuurlijk", D(2026, 10, 1), **harm)
    concluded(
        office,
        "strafrechtelijk",
        D(2026, 11, 1),
        report_number="PV-1",
        report_sent_on=D(2026, 11, 1),
        **harm,
    )
    concluded(office, "bestuurlijk", D(2026, 8, 31), **harm)  # before the period
    concluded(office, "", None)  # still open
    vaals = office.world.municipalities["Vaals"]
    result = kpis.compute("enforcement.fraudeonderzoeken", vaals, P)
    assert result is not None and result.value == Decimal(3)
    assert dict(result.breakdown) == {
        "geen fraude": 1,
        "bestuurlijk afgedaan": 1,
        "strafrechtelijk (proces-verbaal)": 1,
    }
    maastricht = office.world.municipalities["Maastricht"]
    assert kpis.compute("enforcement.fraudeonderzoeken", maastricht, P).value == Decimal(0)
    assert Kpi.objects.get(code="fraudeonderzoeken").computation == "enforcement.fraudeonderzoeken"


def test_thematic_checks(office: Office) -> None:
    checks.create_check(
        office.user("handhaving"),
        name="Kostendelers",
        municipality_code="GM0981",
        criterion="kostendelers",
        reference_day=D(2026, 11, 1),
        size=5,
        seed=1,
    )
    vaals = office.world.municipalities["Vaals"]
    assert kpis.compute("enforcement.themacontroles", vaals, P).value == Decimal(1)
    before = Period(D(2026, 1, 1), D(2026, 4, 30))
    assert kpis.compute("enforcement.themacontroles", vaals, before).value == Decimal(0)
