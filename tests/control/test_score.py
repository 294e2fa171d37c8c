"""The error score: a hand-computed fixture for the pure rule, findings recorded through the
service, closing a sample, and the KPI steering reads from the registry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.common import kpis
from samen.common.periods import Period
from samen.control import score, services
from samen.control.models import Finding, Sample
from samen.steering.models import Kpi
from tests.control.conftest import MAASTRICHT, TODAY, D

E = Decimal


def test_error_score_of_a_hand_computed_fixture():
    items = [
        [("fout", E("250.00")), ("fout", E("100.00")), ("in_orde", E("0"))],  # error 250
        [("onzeker", E("400.00"))],  # uncertainty 400
        [("in_orde", E("0")), ("in_orde", E("0"))],  # in order
        [("fout", E("50.00")), ("onzeker", E("300.00"))],  # error 50; the error decides
        [],  # not answered yet
    ]
    result = score.error_score(items, E("40000.00"))
    # (250 + 50) / 40,000 = 0.75 %; uncertainties apart: 400 / 40,000 = 1.00 %
    assert result.error_amount == E("300.00")
    assert result.error_score == E("0.75")
    assert result.uncertain_amount == E("400.00")
    assert result.uncertainty_score == E("1.00")
    assert (result.errors, result.uncertainties, result.in_order, result.unanswered) == (
        2,
        1,
        1,
        1,
    )
    assert score.error_score(items, E("0")).error_score is None
    with pytest.raises(ValueError, match="Onbekende bevinding"):
        score.error_score([[("goed", E("0"))]], E("1"))


def test_the_catalogue_kpi_foutscore_is_computed_by_control_not_entered_by_hand(db):
    # migration control/0002 names the computation; steering finds it in the registry
    assert Kpi.objects.get(code="foutscore").computation == "control.foutscore"
    assert kpis.computation("control.foutscore") is not None


def _answer_all(controller, sample, verdicts):
    """Answer every question of every item: in order unless ``verdicts`` says otherwise for
    (population, position, question order index)."""
    view = services.get_sample(controller, sample.pk)
    for entry in view.items:
        item = services.get_item(controller, sample.pk, entry.item.pk)
        for index, question in enumerate(item.questions):
            verdict, amount = verdicts.get(
                (entry.item.population, entry.item.position, index), ("in_orde", E("0"))
            )
            services.record_finding(
                controller,
                sample.pk,
                entry.item.pk,
                services.NewFinding(
                    question.pk, verdict, amount, "Toelichting" if verdict != "in_orde" else ""
                ),
            )


def test_a_closed_maastricht_sample_gives_steering_its_error_score(world, controller):
    sample = services.draw_sample(
        controller, services.NewSample(MAASTRICHT, D(2026, 1, 1), D(2026, 6, 30), 99), TODAY
    )
    # every item of Maastricht is drawn: 9 decisions, 5 lines of EUR 1,000 (EUR 5,000 paid)
    assert sample.items.count() == 14 and sample.population_amount == E("5000.00")
    _answer_all(
        controller,
        sample,
        {
            ("betaalregels", 1, 1): ("fout", E("250.00")),
            ("betaalregels", 1, 2): ("fout", E("100.00")),  # the same payment: counted once
            ("betaalregels", 2, 0): ("onzeker", E("400.00")),
            ("besluiten", 3, 2): ("fout", E("0")),  # an error without money
        },
    )
    municipality = world.municipalities[MAASTRICHT]
    marap_2 = Period(D(2026, 5, 1), D(2026, 8, 31))
    assert kpis.compute("control.foutscore", municipality, marap_2).value is None  # still open
    services.close_sample(controller, sample.pk, sample.version)
    result = kpis.compute("control.foutscore", municipality, marap_2)
    assert result is not None
    assert result.value == E("5.00")  # 250 / 5,000
    assert (result.numerator, result.denominator) == (E("250.00"), E("5000.00"))
    assert dict(result.breakdown)["fouten (posten)"] == 2
    assert dict(result.breakdown)["onzekerheden (posten)"] == 1
    # the half-year ends on 30 June: no figure in January-April
    assert (
        kpis.compute("control.foutscore", municipality, Period(D(2026, 1, 1), D(2026, 4, 30))).value
        is None
    )


def test_malformed_findings_are_refused_in_dutch_and_nothing_is_written(world, controller):
    sample = services.draw_sample(
        controller, services.NewSample(MAASTRICHT, D(2026, 1, 1), D(2026, 6, 30), 5), TODAY
    )
    line = sample.items.filter(population="betaalregels").first()
    question = services.get_item(controller, sample.pk, line.pk).questions[0]
    cases = [
        (services.NewFinding(question.pk, "misschien"), "verdict"),
        (services.NewFinding(question.pk, "in_orde", E("10.00")), "amount"),
        (services.NewFinding(question.pk, "fout", E("1000.01"), "te veel"), "amount"),
        (services.NewFinding(question.pk, "fout", E("-1"), "negatief"), "amount"),
        (services.NewFinding(question.pk, "fout", E("10.00"), ""), "remark"),
        (services.NewFinding(question.pk, "onzeker", E("0"), "x" * 1001), "remark"),
        (services.NewFinding(999999, "in_orde"), "question"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.record_finding(controller, sample.pk, line.pk, data)
        assert field in refused.value.message_dict
    assert not Finding.objects.exists()


def test_a_changed_finding_needs_the_version_seen_and_a_closed_sample_is_fixed(world, controller):
    sample = services.draw_sample(
        controller, services.NewSample(MAASTRICHT, D(2026, 1, 1), D(2026, 6, 30), 5), TODAY
    )
    line = sample.items.filter(population="betaalregels").first()
    question = services.get_item(controller, sample.pk, line.pk).questions[0]
    first = services.record_finding(
        controller, sample.pk, line.pk, services.NewFinding(question.pk, "in_orde")
    )
    with pytest.raises(services.VersionConflict):
        services.record_finding(
            controller, sample.pk, line.pk, services.NewFinding(question.pk, "fout", E("5"), "x")
        )
    changed = services.record_finding(
        controller,
        sample.pk,
        line.pk,
        services.NewFinding(question.pk, "fout", E("5"), "Verkeerd bedrag", version=first.version),
    )
    assert (changed.verdict, changed.version) == ("fout", 2)
    with pytest.raises(ValidationError, match="Nog niet elke vraag"):
        services.close_sample(controller, sample.pk, sample.version)
    assert Sample.objects.get(pk=sample.pk).status == "open"
