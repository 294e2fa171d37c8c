"""The registered computations, with hand-computed fixtures: each figure below was counted
by hand from the rows the test writes, including rows that must not count (another
municipality, outside the period, another group of case types)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.cases.models import Outcome
from samen.common import kpis
from samen.steering.judgement import Verdict, judge
from samen.steering.marap import MarapPeriod
from tests.steering import data

pytestmark = pytest.mark.django_db
D = dt.date
P1 = MarapPeriod(2026, 1)  # 1 January - 30 April 2026


def test_twenty_decisions_seventeen_in_time_is_85_percent_and_misses_more_than_85(world):
    meerssen, vaals = world.municipalities["GM0938"], world.municipalities["GM0981"]
    types = ["pw-aanvraag-algemene-bijstand", "ioaw-aanvraag", "ioaz-aanvraag", "bbz-aanvraag"]
    for i in range(20):
        deadline = D(2026, 3, 1)
        decided = deadline if i < 17 else deadline + dt.timedelta(days=i - 16)  # 3 late
        data.case(meerssen, types[i % 4], deadline=deadline, decided=decided)
    # not counted: another municipality, decided after the period, another group, no decision
    data.case(vaals, "pw-aanvraag-algemene-bijstand", deadline=D(2026, 3, 1), decided=D(2026, 4, 1))
    data.case(
        meerssen, "pw-aanvraag-algemene-bijstand", deadline=D(2026, 5, 1), decided=D(2026, 5, 2)
    )
    data.case(
        meerssen, "bijzondere-bijstand-aanvraag", deadline=D(2026, 3, 1), decided=D(2026, 4, 9)
    )
    data.case(meerssen, "pw-aanvraag-algemene-bijstand", deadline=D(2026, 3, 1))

    result = kpis.compute("cases.tijdig-pw-aanvragen", meerssen, P1.period)
    assert result is not None
    assert (result.numerator, result.denominator, result.value) == (17, 20, Decimal("85.0"))
    assert "Case.deadline" in result.query and "Meerssen" in result.query
    assert judge(">", Decimal("85"), result.value) == Verdict.NOT_MET
    assert judge(">=", Decimal("85"), result.value) == Verdict.MET

    late = kpis.compute("cases.tijdig-bijzondere-bijstand", meerssen, P1.period)
    assert late is not None and (late.numerator, late.denominator) == (0, 1)


def test_objections_are_counted_by_the_objections_app_not_by_case_type(world):
    meerssen = world.municipalities["GM0938"]
    data.objection(meerssen, deadline=D(2026, 2, 1), decided=D(2026, 1, 30))
    data.objection(meerssen, deadline=D(2026, 2, 1), decided=D(2026, 2, 1), committee=True)
    data.objection(meerssen, deadline=D(2026, 2, 1), decided=D(2026, 2, 2))
    # A bezwaar case without an objection record (a renewal after a ruling, say) is no
    # further objection: the cases app no longer answers for the bezwaar case types.
    data.case(meerssen, "bezwaar", deadline=D(2026, 2, 1), decided=D(2026, 2, 5))
    assert kpis.compute("cases.tijdig-bezwaar", meerssen, P1.period) is None
    result = kpis.compute("objections.tijdig-beslist", meerssen, P1.period)
    assert result is not None and (result.numerator, result.denominator) == (2, 3)
    assert result.value == Decimal("66.7")
    empty = kpis.compute("cases.tijdig-kinderopvang", meerssen, P1.period)
    assert empty is not None and empty.value is None and empty.denominator == 0
    assert judge(">", Decimal("85"), empty.value) == Verdict.NO_DATA


def test_applications_and_share_granted_per_minima_scheme(world):
    meerssen = world.municipalities["GM0938"]
    outcomes = [Outcome.TOEGEKEND] * 4 + [Outcome.AFGEWEZEN]
    for outcome in outcomes:  # received and decided in the period
        c = data.case(
            meerssen,
            "bijzondere-bijstand-aanvraag",
            received=D(2026, 1, 10),
            deadline=D(2026, 3, 7),
            decided=D(2026, 2, 1),
        )
        data.decide(c, outcome)
    data.case(meerssen, "bijzondere-bijstand-aanvraag", received=D(2026, 4, 30))  # still open
    old = data.case(
        meerssen,
        "bijzondere-bijstand-aanvraag",
        received=D(2025, 12, 1),
        deadline=D(2026, 1, 26),
        decided=D(2026, 1, 5),
    )  # received before, decided in
    data.decide(old, Outcome.BUITEN_BEHANDELING)
    data.case(meerssen, "individuele-inkomenstoeslag-aanvraag", received=D(2026, 2, 1))

    applications = kpis.compute("cases.aanvragen-bijzondere-bijstand", meerssen, P1.period)
    assert applications is not None and applications.value == Decimal(6)
    granted = kpis.compute("cases.toegekend-bijzondere-bijstand", meerssen, P1.period)
    assert granted is not None
    assert (granted.numerator, granted.denominator, granted.value) == (4, 6, Decimal("66.7"))
    toeslag = kpis.compute("cases.aanvragen-inkomenstoeslag", meerssen, P1.period)
    assert toeslag is not None and toeslag.value == Decimal(1)


@pytest.fixture
def caseload(world):
    meerssen, vaals = world.municipalities["GM0938"], world.municipalities["GM0981"]
    application = data.case(meerssen, "pw-aanvraag-algemene-bijstand", received=D(2026, 1, 5))
    b1 = data.benefit(
        meerssen, D(2025, 6, 1), facts=[(D(2025, 6, 1), False), (D(2026, 3, 1), True)]
    )
    b2 = data.benefit(meerssen, D(2026, 2, 1), facts=[(D(2026, 2, 1), False)], case=application)
    b3 = data.benefit(meerssen, D(2025, 1, 1), D(2026, 3, 15), facts=[(D(2025, 1, 1), True)])
    data.benefit(meerssen, D(2026, 5, 1), facts=[(D(2026, 5, 1), True)])  # starts later
    v = data.benefit(vaals, D(2025, 1, 1), facts=[(D(2025, 1, 1), True)])
    return meerssen, (b1, b2, b3), v


def test_caseload_inflow_outflow_and_part_time_work(caseload):
    meerssen, _benefits, _vaals = caseload
    units = kpis.compute("income.uitkeringseenheden", meerssen, P1.period)
    assert units is not None and units.value == Decimal(2)  # b1 and b2 on 30 April
    inflow = kpis.compute("income.instroom", meerssen, P1.period)
    assert inflow is not None and inflow.value == Decimal(1)
    assert inflow.breakdown == (("Aanvraag algemene bijstand", 1),)
    outflow = kpis.compute("income.uitstroom", meerssen, P1.period)
    assert outflow is not None and outflow.value == Decimal(1)
    # on 30 April: b1's fact from 1 March holds work, b2's does not (b3 has ended)
    part_time = kpis.compute("income.aandeel-parttime", meerssen, P1.period)
    assert part_time is not None
    assert (part_time.numerator, part_time.denominator, part_time.value) == (1, 2, Decimal("50.0"))
    earlier = kpis.compute("income.aandeel-parttime", meerssen, MarapPeriod(2025, 3).period)
    assert earlier is not None and (earlier.numerator, earlier.denominator) == (1, 2)  # b3 only


def test_outflow_by_reason_and_the_share_to_regular_work(caseload):
    from samen.income.models import EndReason

    meerssen, (b1, _b2, b3), _vaals = caseload
    b3.end_reason = EndReason.objects.get(code="werk-loondienst")
    b3.save()
    moved = data.benefit(meerssen, D(2025, 1, 1), D(2026, 2, 28), facts=[(D(2025, 1, 1), False)])
    moved.end_reason = EndReason.objects.get(code="verhuizing")
    moved.save()
    data.benefit(meerssen, D(2025, 1, 1), D(2026, 4, 30))  # ended before reasons were coded
    outflow = kpis.compute("income.uitstroom", meerssen, P1.period)
    assert outflow is not None and outflow.value == Decimal(3)
    assert dict(outflow.breakdown) == {
        "Verhuizing naar een andere gemeente": 1,
        "Werk in loondienst": 1,
        "reden niet vastgelegd": 1,
    }
    # full: b3 (work); partial: b1, which ran before 2026 without work and holds work on
    # 30 April; b2 started in the period, so its facts are no outflow. 2 of (3 + 1).
    share = kpis.compute("income.uitstroom-regulier-werk", meerssen, P1.period)
    assert share is not None
    assert (share.numerator, share.denominator, share.value) == (2, 4, Decimal("50.0"))
    assert share.breakdown == (("geheel naar werk", 1), ("gedeeltelijk naar werk", 1))
    # the next period: b1's work was already there the day before, so no partial outflow
    later = kpis.compute("income.uitstroom-regulier-werk", meerssen, MarapPeriod(2026, 2).period)
    assert later is not None and (later.numerator, later.denominator) == (0, 0)


def test_paid_on_time_counts_every_due_benefit_of_every_month(caseload):
    meerssen, (b1, b2, b3), vaals = caseload
    suspended = data.benefit(meerssen, D(2025, 1, 1))
    suspended.status = suspended.Status.SUSPENDED
    suspended.save()  # not due while suspended, its line in time not counted either
    data.run(
        D(2026, 1, 1), [b1, b3, vaals, suspended], released=D(2026, 1, 22), pay_on=D(2026, 1, 23)
    )
    data.run(D(2026, 2, 1), [b1, b2, b3], released=D(2026, 2, 25), pay_on=D(2026, 2, 24))  # late
    data.run(D(2026, 3, 1), [b1, b2], released=D(2026, 3, 24), pay_on=D(2026, 3, 24))  # b3 missing
    data.run(D(2026, 4, 1), [b1, b2], released=None, pay_on=D(2026, 4, 24))  # never released
    # due: January b1 b3, February b1 b2 b3, March b1 b2 b3, April b1 b2 = 10
    # on time: January 2, March 2 = 4
    with CaptureQueriesContext(connection) as queries:
        result = kpis.compute("income.tijdig-betaald", meerssen, P1.period)
    assert result is not None
    assert (result.numerator, result.denominator, result.value) == (4, 10, Decimal("40.0"))
    # the dates, the runs, the due benefits, the lines: whatever the caseload or the months
    assert len(queries) == 4
    year = kpis.compute("income.tijdig-betaald", meerssen, MarapPeriod.whole_year(2026).period)
    # May-December: b1, b2 and the one that starts in May are due, none paid
    assert year is not None and (year.numerator, year.denominator) == (4, 10 + 8 * 3)
    assert "24-02-2026" in result.query


INCOME = [
    "income.uitkeringseenheden",
    "income.instroom",
    "income.uitstroom",
    "income.uitstroom-regulier-werk",
    "income.aandeel-parttime",
    "income.tijdig-betaald",
    "income.gemiddeld-lopend",
]


@pytest.mark.parametrize("code", INCOME)
def test_every_municipality_at_once_gives_what_each_alone_gives(caseload, world, code):
    """The nightly refresh asks each computation for every partner in one grouped pass; the
    figures must be those of one municipality at a time, and the pass must not grow with
    the number of municipalities."""
    meerssen, (b1, b2, b3), vaals = caseload
    data.run(D(2026, 1, 1), [b1, b3, vaals], released=D(2026, 1, 22), pay_on=D(2026, 1, 23))
    data.run(D(2026, 2, 1), [b1, b2, b3], released=D(2026, 2, 25), pay_on=D(2026, 2, 24))
    everyone = list(world.municipalities.values())
    with CaptureQueriesContext(connection) as one:
        kpis.compute_many(code, [meerssen], P1.period)
    with CaptureQueriesContext(connection) as many:
        together = kpis.compute_many(code, everyone, P1.period)
    assert len(many) == len(one)
    assert together == {m.pk: kpis.compute(code, m, P1.period) for m in everyone}
