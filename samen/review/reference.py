"""The default review rules: the organisation's own work instruction (werkinstructie), not a
rule of law. A decision on algemene bijstand taken by a consulent needs a reviewer's approval
before it is announced; one taken by a teammanager does not.

Used by migration ``review/0002_default_rules`` (with the historical models) and by the demo
loader. A rule is only written for a function and decision type that exist: functions are the
organisation's own data. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

SOURCE = (
    "Werkinstructie toetsing SZMH (eigen werkafspraak, geen wettelijke regel): besluiten op "
    "algemene bijstand van consulenten worden voor bekendmaking getoetst (vier ogen)."
)
#: (decision type, function of who decides, review required)
DEFAULTS = [
    ("pw-algemene-bijstand", "consulent", True),
    ("pw-algemene-bijstand", "teammanager", False),
]
VALID_FROM = dt.date(2026, 1, 1)


def load(review_rule: Any, decision_type: Any, function: Any) -> int:
    """Write the default rules that are missing; returns how many were written."""
    written = 0
    for type_code, function_code, required in DEFAULTS:
        found_type = decision_type.objects.filter(code=type_code).first()
        found_function = function.objects.filter(code=function_code).first()
        if found_type is None or found_function is None:
            continue
        _, created = review_rule.objects.get_or_create(
            decision_type=found_type,
            function=found_function,
            valid_from=VALID_FROM,
            defaults={"required": required, "source": SOURCE},
        )
        written += int(created)
    return written


def load_demo_rules() -> int:
    """The default rules for the demo organisation (after its functions exist)."""
    from samen.organisation.models import DecisionType, Function
    from samen.review.models import ReviewRule

    return load(ReviewRule, DecisionType, Function)
