"""Thematic checks: a population by criterion on a reference day, a reproducible sample with
its seed, a check task per client with its outcome; closed to staff without an enforcement
grant."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samen.control import sampling
from samen.enforcement import checks
from samen.enforcement.models import CheckItem, Investigation
from samen.people.services import NotAllowed, NotVisible
from tests.enforcement.conftest import D, Office

pytestmark = pytest.mark.django_db


def new(office: Office, criterion: str, day=D(2026, 2, 1), seed=42, user="handhaving"):  # noqa: ANN001, ANN201
    return checks.create_check(
        office.user(user),
        name="Kostendelers Vaals",
        municipality_code="GM0981",
        criterion=criterion,
        reference_day=day,
        size=10,
        seed=seed,
    )


def test_the_population_follows_the_criterion_and_the_day(office: Office) -> None:
    assert new(office, "kostendelers").population == 1  # only Anna has housemates
    assert new(office, "alle").population == 2  # on 1 February both benefits run
    late = new(office, "alle", day=D(2026, 11, 1))  # Bas's ended in March
    assert (late.population, late.size) == (1, 1)
    assert [i.benefit_id for i in late.items.all()] == [office.anna.pk]


def test_the_sample_is_reproducible_from_its_seed(office: Office) -> None:
    first = new(office, "alle", seed=7)
    again = new(office, "alle", seed=7)
    order = [i.benefit_id for i in first.items.order_by("position")]
    assert order == [i.benefit_id for i in again.items.order_by("position")]
    assert order == sampling.draw(
        7, "themacontrole/GM0981/alle", [office.anna.pk, office.bas.pk], 10
    )
    assert first.seed == 7


def test_an_outcome_per_client_and_an_investigation_from_it(office: Office) -> None:
    check = new(office, "alle")
    user = office.user("handhaving")
    shown, items = checks.get_check(user, check.pk)
    assert len(items) == 2
    checks.record_outcome(user, items[0].pk, outcome="in_orde", reason="Klopt met de BRP.")
    checks.record_outcome(user, items[1].pk, outcome="onderzoek", reason="Tweede bewoner.")
    assert CheckItem.objects.filter(outcome="").count() == 0
    started = Investigation.objects.get()
    assert (started.origin, started.check_item_id) == ("themacontrole", items[1].pk)
    with pytest.raises(ValidationError):
        checks.record_outcome(user, items[0].pk, outcome="wijziging", reason="Nogmaals.")


def test_a_consulent_may_not_start_nor_see_a_check(office: Office) -> None:
    with pytest.raises(NotAllowed):
        new(office, "alle", user="consulent.vaals")
    check = new(office, "alle")
    with pytest.raises(NotVisible):
        checks.get_check(office.user("consulent.vaals"), check.pk)
    with pytest.raises(NotVisible):
        checks.get_check(office.user("consulent.maastricht"), check.pk)
    assert checks.list_checks(office.user("consulent.vaals")) == []


def test_bad_input_is_refused(office: Office) -> None:
    with pytest.raises(ValidationError) as error:
        checks.create_check(
            office.user("handhaving"),
            name="",
            municipality_code="GM0981",
            criterion="onbekend",
            reference_day=D(2027, 1, 1),
            size=0,
        )
    assert set(error.value.message_dict) == {"name", "criterion", "size", "reference_day"}
