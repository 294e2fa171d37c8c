"""The default review rules: the organisation's werkinstructie (not law) as dated data with
its source, loaded by the demo and idempotent; the demo toetser sees the menu entry."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from samen.organisation.models import DecisionType, Function
from samen.review import reference
from samen.review.models import ReviewRule

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_werkinstructie_once(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    call_command("demo", "laden", stdout=io.StringIO())
    rules = {
        (r.function.code, r.required): r.source
        for r in ReviewRule.objects.select_related("function")
    }
    assert set(rules) == {("consulent", True), ("teammanager", False)}
    assert all("Werkinstructie" in s and "geen wettelijke regel" in s for s in rules.values())
    assert reference.load(ReviewRule, DecisionType, Function) == 0
    toetser = get_user_model().objects.get(username="toetser")
    assert toetser.has_perm("review.add_review")
    assert (
        not get_user_model().objects.get(username="consulent.vaals").has_perm("review.add_review")
    )


def test_without_the_functions_no_rule_is_written() -> None:
    assert not Function.objects.filter(code="consulent").exists()
    assert reference.load(ReviewRule, DecisionType, Function) == 0
    assert not ReviewRule.objects.exists()
