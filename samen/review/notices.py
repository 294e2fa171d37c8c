"""The start-page notice of four-eyes review: when no review rule applies today (a fresh
production database has none: the functions they name are the organisation's own data and
are entered after the first migration), nothing is reviewed before it is announced. That is
made visible to functional management and to reviewers instead of happening silently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from samen.common.notices import Notice
from samen.review.models import ReviewRule

NO_RULE = (
    "Er geldt vandaag geen toetsingsregel: geen enkel besluit wordt getoetst voordat het "
    "bekend wordt gemaakt. Functioneel beheer legt de toetsingsregels vast (per besluittype "
    "en functie, met een bron)."
)


def _concerned(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.has_perm("review.add_reviewrule") or user.has_perm("review.add_review"))
    )


def missing_rule_notices(user: Any, day: dt.date) -> list[Notice]:
    """One warning while no rule that requires review is valid on ``day``."""
    if not _concerned(user):
        return []
    if ReviewRule.objects.valid_on(day).filter(required=True).exists():
        return []
    url = (
        reverse("admin:review_reviewrule_changelist")
        if user.is_staff and user.has_perm("review.add_reviewrule")
        else ""
    )
    return [Notice(NO_RULE, url)]
