"""Without a review rule in force, nothing is reviewed before bekendmaking: the start page
says so to functional management and to reviewers (not to a consulent), and the notice goes
once a rule that requires review applies."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.common.notices import notices_for
from samen.review.models import ReviewRule
from samen.review.notices import NO_RULE
from tests.cases.conftest import World
from tests.review.conftest import rule
from tests.web.pages import logged_in, text

D = dt.date
pytestmark = pytest.mark.django_db


def texts(user, day: dt.date = D(2026, 11, 24)) -> list[str]:  # noqa: ANN001
    return [n.text for n in notices_for(user, day)]


def test_no_rule_is_shown_to_reviewers_and_not_to_consulents(world: World) -> None:
    assert not ReviewRule.objects.exists()  # the case tests' world: as on a fresh database
    assert NO_RULE in texts(world.user("toetser"))
    assert NO_RULE not in texts(world.user("consulent.vaals"))
    rule(valid_from=D(2026, 12, 1))  # not yet in force
    assert NO_RULE in texts(world.user("toetser"))
    assert NO_RULE not in texts(world.user("toetser"), D(2026, 12, 1))


def test_a_rule_that_does_not_require_review_leaves_the_notice(world: World) -> None:
    made = rule()
    ReviewRule.objects.filter(pk=made.pk).update(required=False)
    assert NO_RULE in texts(world.user("toetser"))
    ReviewRule.objects.filter(pk=made.pk).update(required=True)
    assert NO_RULE not in texts(world.user("toetser"))


def test_the_start_page_shows_it(world: World, settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    assert "geen enkel besluit wordt getoetst" in text(logged_in(world.user("toetser")).get("/"))
