"""The sample: its size from the rule kept as data, a draw that the seed alone decides, and
the service that draws it through the access policy with every drawn item audited."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from samen.access.models import AuditEntry
from samen.control import sampling, services
from samen.control.models import Population, Sample, SampleRule
from tests.control.conftest import TODAY, VAALS, D

C95, P1 = Decimal("0.95"), Decimal("0.01")


def test_the_same_seed_draws_the_same_sample_whatever_the_order_of_the_ids():
    ids = list(range(1, 501))
    first = sampling.draw(424242, "besluiten", ids, 40)
    again = sampling.draw(424242, "besluiten", list(reversed(ids)), 40)
    assert first == again
    assert len(set(first)) == 40 and set(first) <= set(ids)
    assert sampling.draw(424243, "besluiten", ids, 40) != first
    # each population has its own generator: the same seed gives other lines than decisions
    assert sampling.draw(424242, "betaalregels", ids, 40) != first


@pytest.mark.parametrize(
    ("population", "expected"),
    [(0, 0), (1, 1), (10, 10), (100, 95), (300, 189), (1000, 258), (100_000, 298)],
)
def test_sample_size_is_the_smallest_that_finds_one_percent_errors_with_95_percent(
    population, expected
):
    assert sampling.sample_size(population, C95, P1) == expected


def test_a_large_population_tends_to_the_textbook_formula():
    textbook = math.ceil(math.log(1 - 0.95) / math.log(1 - 0.01))
    assert textbook == 299
    assert sampling.sample_size(10_000_000, C95, P1) == textbook
    # N = 100 with one error: the chance to miss it with n items is (100 - n) / 100
    assert (100 - 95) / 100 <= 0.05 < (100 - 94) / 100


def _new(seed=None, code=VAALS):
    return services.NewSample(code, D(2026, 1, 1), D(2026, 6, 30), seed)


def test_the_service_draws_the_same_items_from_the_same_seed_and_records_it(world, controller):
    first = services.draw_sample(controller, _new(seed=20260701), today=TODAY)
    again = services.draw_sample(controller, _new(seed=20260701), today=TODAY)

    def items(sample: Sample) -> list[tuple[str, int]]:
        return list(sample.items.values_list("population", "object_id"))

    assert items(first) == items(again)
    assert first.seed == 20260701 and first.seed_given
    # Vaals: 31 decisions in the half-year (not the one of 2 July); 40 paid lines in March
    # (April's run was not released), EUR 40,000 paid
    assert (first.population_decisions, first.population_lines) == (31, 40)
    assert first.population_amount == Decimal("40000.00")
    sizes = {p: first.items.filter(population=p).count() for p in Population.values}
    assert sizes == {"besluiten": 30, "betaalregels": 38}
    assert first.rules["besluiten"]["populatie"] == 31
    assert first.rules["besluiten"]["steekproef"] == 30
    assert "Besluit accountantscontrole" in first.rules["besluiten"]["bron"]
    vaals_ids = {d.pk for d in world.decisions[VAALS]}
    drawn = set(first.items.filter(population="besluiten").values_list("object_id", flat=True))
    assert drawn <= vaals_ids


def test_without_a_seed_one_is_drawn_recorded_and_reproduces_the_sample(world, controller):
    sample = services.draw_sample(controller, _new(), today=TODAY)
    assert not sample.seed_given and 1 <= sample.seed <= sampling.MAX_SEED
    again = services.draw_sample(controller, _new(seed=sample.seed), today=TODAY)
    assert list(sample.items.values_list("object_id", flat=True)) == list(
        again.items.values_list("object_id", flat=True)
    )


def test_every_drawn_item_is_audited_with_purpose_controle(world, controller):
    before = AuditEntry.objects.count()
    sample = services.draw_sample(controller, _new(seed=7), today=TODAY)
    entries = AuditEntry.objects.filter(sequence__gt=before)
    assert set(entries.values_list("purpose", flat=True)) == {"controle"}
    decisions = set(entries.filter(object_type="besluit").values_list("object_id", flat=True))
    drawn = {
        str(i)
        for i in sample.items.filter(population="besluiten").values_list("object_id", flat=True)
    }
    assert decisions == drawn
    assert entries.filter(object_type="betaalregel").count() == 38
    assert all(entries.filter(object_type="besluit").values_list("data_subject_id", flat=True))
    assert entries.filter(object_type="steekproef", action="create").count() == 1


def test_the_sample_size_follows_the_rule_in_force_at_the_end_of_the_period(world, controller):
    SampleRule.objects.filter(population="besluiten").update(valid_until=D(2026, 5, 31))
    SampleRule.objects.create(
        population="besluiten",
        valid_from=D(2026, 6, 1),
        confidence=Decimal("0.900"),
        tolerable_rate=Decimal("0.050"),
        source="test: 90 % en 5 %",
    )
    sample = services.draw_sample(controller, _new(seed=1), today=TODAY)
    # N = 31, D = ceil(0.05 x 31) = 2: the smallest n with C(29, n) / C(31, n) <= 0.10
    assert sample.items.filter(population="besluiten").count() == 21
    assert sample.rules["besluiten"]["bron"] == "test: 90 % en 5 %"
