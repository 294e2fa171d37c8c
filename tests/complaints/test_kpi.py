"""The KPI "klachten gegrond" (DVO norm < 10 %) as steering reads it from the registry: a
hand-computed fixture, counted by hand from the rows written here, including rows that must
not count (another municipality, concluded outside the period, still open)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.cases.models import CaseType
from samen.common import kpis
from samen.complaints.models import Complaint
from samen.organisation.models import Domain, Staff
from samen.steering import demo as steering_demo
from samen.steering import figures
from samen.steering.judgement import Verdict
from samen.steering.marap import MarapPeriod
from samen.steering.models import Kpi
from tests.cases.conftest import World

pytestmark = pytest.mark.django_db
D = dt.date
P1 = MarapPeriod(2026, 1)  # 1 January - 30 April 2026


def complaint(world: World, who: str, outcome: str = "", concluded: dt.date | None = None) -> None:
    person = world.persons[who]
    municipality = person.addresses.get().municipality
    Complaint.objects.create(
        reference=f"K-{Complaint.objects.count() + 1}",
        person=person,
        municipality=municipality,
        domain=Domain.objects.get(code="participatiewet"),
        case_type=CaseType.objects.get(code="klacht"),
        received_on=D(2026, 1, 5),
        received_via="post",
        behaviour="Onvriendelijk behandeld.",
        behaviour_on=D(2026, 1, 2),
        handler=Staff.objects.get(user__username="jurist"),
        deadline=D(2026, 2, 16),
        outcome=outcome,
        concluded_on=concluded,
        conclusion="Conclusie." if outcome else "",
    )


def test_ten_concluded_one_justified_is_ten_percent_and_misses_below_ten(world: World) -> None:
    steering_demo.load()  # the partners' DVOs with the norm < 10 %
    vaals = world.municipalities["Vaals"]
    complaint(world, "vaals", "gegrond", D(2026, 2, 20))
    for day in range(1, 6):
        complaint(world, "vaals", "ongegrond", D(2026, 3, day))
    complaint(world, "vaals", "niet_in_behandeling", D(2026, 1, 20))
    complaint(world, "vaals_young", "niet_in_behandeling", D(2026, 1, 21))
    complaint(world, "vaals_young", "naar_tevredenheid", D(2026, 1, 12))
    complaint(world, "vaals_young", "naar_tevredenheid", D(2026, 4, 30))
    # Not counted: another municipality, concluded after the period, still open.
    complaint(world, "maastricht", "gegrond", D(2026, 2, 1))
    complaint(world, "vaals", "gegrond", D(2026, 5, 1))
    complaint(world, "vaals")

    result = kpis.compute("complaints.gegrond", vaals, P1.period)
    assert result is not None
    assert (result.numerator, result.denominator, result.value) == (1, 10, Decimal("10.0"))
    assert dict(result.breakdown) == {
        "gegrond": 1,
        "ongegrond": 5,
        "niet in behandeling genomen": 2,
        "naar tevredenheid opgelost": 2,
    }
    assert "Vaals" in result.query and "Complaint.concluded_on" in result.query

    figure = next(f for f in figures.live(vaals, P1) if f.kpi_code == "gegronde-klachten")
    assert figure.origin == "berekend" and not figure.is_manual
    assert (figure.comparator, figure.norm_value) == ("<", Decimal("10"))
    assert figure.value == Decimal("10.0")
    assert figure.verdict == Verdict.NOT_MET  # "< 10 %" is not met by 10 %


def test_no_concluded_complaints_is_no_data(world: World) -> None:
    complaint(world, "vaals")
    result = kpis.compute("complaints.gegrond", world.municipalities["Vaals"], P1.period)
    assert result is not None and result.value is None and result.denominator == 0


def test_the_catalogue_kpi_is_computed_not_entered_by_hand(db: None) -> None:
    # steering/reference.py and migration steering/0007 name the computation.
    kpi = Kpi.objects.get(code="gegronde-klachten")
    assert kpi.computation == "complaints.gegrond" and not kpi.is_manual
    assert "gegrond" in kpi.definition
    assert kpis.computation("complaints.gegrond") is not None
