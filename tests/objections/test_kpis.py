"""The objection KPIs with hand-computed fixtures (each figure counted by hand from the rows
written here, including rows that must not count: another municipality, outside the period,
withdrawn, not yet decided), and one objection through the whole procedure whose verdaging
makes a decision after the first deadline count as in time. Judged against the DVO norms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samen.common import kpis
from samen.common.periods import Period
from samen.objections import handling, services
from samen.objections.models import Objection
from samen.steering.judgement import Verdict, judge
from tests.cases.conftest import World
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
P1 = Period(D(2026, 1, 1), D(2026, 4, 30))  # the first Marap period of 2026


def twenty_decided(municipality, *, late: int, justified: int) -> None:  # noqa: ANN001
    """Twenty objections decided in the period: ``late`` after their deadline, the first
    ``justified`` gegrond (half of them deels gegrond)."""
    outcomes = ["gegrond", "deels_gegrond"] * (justified // 2) + ["gegrond"] * (justified % 2)
    outcomes += ["ongegrond", "niet_ontvankelijk"] * 10
    for i in range(20):
        deadline = D(2026, 3, 2)
        decided = deadline + dt.timedelta(days=i - 19 + late) if i >= 20 - late else deadline
        data.objection(municipality, deadline=deadline, decided=decided, outcome=outcomes[i])


def test_twenty_decided_seventeen_in_time_is_85_percent_and_misses_more_than_85(
    world: World,
) -> None:
    vaals, meerssen = world.municipalities["Vaals"], world.municipalities["Meerssen"]
    twenty_decided(vaals, late=3, justified=4)
    # Not counted: another municipality, decided after the period, not decided, withdrawn.
    data.objection(meerssen, deadline=D(2026, 3, 2), decided=D(2026, 3, 9))
    data.objection(vaals, deadline=D(2026, 4, 20), decided=D(2026, 5, 1))
    data.objection(vaals, deadline=D(2026, 3, 2), decided=None)
    data.objection(vaals, deadline=D(2026, 3, 2), decided=D(2026, 3, 20), outcome="ingetrokken")

    timely = kpis.compute("objections.tijdig-beslist", vaals, P1)
    assert timely is not None
    assert (timely.numerator, timely.denominator, timely.value) == (17, 20, Decimal("85.0"))
    assert dict(timely.breakdown)["te laat"] == 3
    assert dict(timely.breakdown)["ingetrokken (niet meegeteld)"] == 1
    assert "Vaals" in timely.query and "7:10" in timely.query
    assert judge(">", Decimal("85"), timely.value) == Verdict.NOT_MET

    justified = kpis.compute("objections.gegrond", vaals, P1)
    assert justified is not None
    assert (justified.numerator, justified.denominator, justified.value) == (
        4,
        20,
        Decimal("20.0"),
    )
    assert dict(justified.breakdown)["deels gegrond"] == 2
    assert judge("<", Decimal("25"), justified.value) == Verdict.MET


def test_no_decided_objections_is_no_data(world: World) -> None:
    vaals = world.municipalities["Vaals"]
    data.objection(vaals, deadline=D(2026, 3, 2), decided=D(2026, 3, 20), outcome="ingetrokken")
    for code in ("objections.tijdig-beslist", "objections.gegrond"):
        result = kpis.compute(code, vaals, P1)
        assert result is not None and result.value is None and result.denominator == 0
        assert judge(">", Decimal("85"), result.value) == Verdict.NO_DATA


def test_the_verdaging_the_objections_app_computes_counts(world: World, today) -> None:  # noqa: ANN001
    """An objection filed through the services: its deadline is 19 May 2026 (six weeks after
    the bezwaartermijn ended on 7 April); verdaagd by six weeks to 30 June, a decision on
    15 June is in time. Without the verdaging it would have been late."""
    from tests.objections.conftest import decided_case

    contested = decided_case(world)
    jurist = world.user("jurist")
    objection = services.file_objection(
        jurist,
        services.NewObjection(
            decision_pk=contested.pk,
            filed_on=D(2026, 3, 10),
            received_via="post",
            grounds="De auto is van mijn zoon.",
            objector_name="Anna Janssen",
        ),
    )
    assert objection.case.deadline == D(2026, 5, 19)
    handling.postpone(
        jurist, objection.pk, weeks=6, notified_on=D(2026, 5, 1), reason="Advies nodig"
    )
    handling.record_hearing(jurist, objection.pk, handling.Hearing(skipped="c"))
    handling.decide(
        jurist, objection.pk, handling.NewOutcome("deels_gegrond", D(2026, 6, 15), "Deels.")
    )
    decided = Objection.objects.select_related("case").get(pk=objection.pk)
    assert decided.case.deadline == D(2026, 6, 30)
    period = Period(D(2026, 5, 1), D(2026, 8, 31))
    vaals = world.municipalities["Vaals"]
    timely = kpis.compute("objections.tijdig-beslist", vaals, period)
    assert timely is not None and (timely.numerator, timely.denominator) == (1, 1)
    assert dict(timely.breakdown)["op tijd na verdaging of uitstel"] == 1
    justified = kpis.compute("objections.gegrond", vaals, period)
    assert justified is not None and (justified.numerator, justified.denominator) == (1, 1)
    # The contested decision's own case is no objection: nothing else is counted.
    maastricht = kpis.compute(
        "objections.tijdig-beslist", world.municipalities["Maastricht"], period
    )
    assert maastricht is not None and maastricht.denominator == 0
