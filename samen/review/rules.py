"""Which decisions need four-eyes review: the review rule valid on the decision date for the
decision type and the function the employee held that day (:class:`ReviewRule`, data)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from samen.cases.models import Decision
from samen.review.models import ReviewRule


def rule_for(decision_type_id: int, function_id: int | None, day: dt.date) -> ReviewRule | None:
    """The rule on ``day``: one for the function wins over one for every function."""
    candidates = (
        ReviewRule.objects.valid_on(day)  # type: ignore[attr-defined]
        .filter(decision_type_id=decision_type_id)
        .filter(Q(function_id=function_id) | Q(function__isnull=True))
    )
    specific = [r for r in candidates if r.function_id is not None]
    general = [r for r in candidates if r.function_id is None]
    return (specific or general or [None])[0]


def function_of(decision: Decision) -> int | None:
    """The function of the employee who took the decision, on the decision date."""
    appointment = decision.taken_by.appointment_on(decision.decided_on)
    return appointment.function_id if appointment else None


def needs_review(decision: Decision) -> bool:
    rule = rule_for(decision.decision_type_id, function_of(decision), decision.decided_on)
    return rule is not None and rule.required
