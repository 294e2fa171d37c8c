"""Announcement guards: checks other apps add before a decision may be announced
(bekendmaking).

The cases app does not know those apps (four-eyes review in ``samen.review`` is one): an app
registers a guard from its ``AppConfig.ready``; :func:`samen.cases.lifecycle.announce` calls
every guard with the case and its latest decision before the transition. A guard raises a
Django ``ValidationError`` whose Dutch message says why the decision may not be announced
yet; nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable

from samen.cases.models import Case, Decision, Status

Guard = Callable[[Case, Decision], None]

_GUARDS: list[Guard] = []


def register(guard: Guard) -> Guard:
    """Register ``guard`` (usable as a decorator); registering twice is harmless."""
    if guard not in _GUARDS:
        _GUARDS.append(guard)
    return guard


def latest_decision(case: Case) -> Decision | None:
    return case.decisions.order_by("-decided_on", "-pk").first()


def check(case: Case) -> None:
    """Raise the first guard's refusal for announcing the case's latest decision."""
    decision = latest_decision(case)
    if decision is None:
        return
    for guard in _GUARDS:
        guard(case, decision)


# ---------------------------------------------------------------------------------------------
# Replacing a decision that was not announced
# ---------------------------------------------------------------------------------------------
#: A permit answers, for a case in *besluit genomen* and its latest decision, why that
#: decision may be replaced by a new one (a Dutch sentence for the case's history), or None.
Permit = Callable[[Case, Decision], "str | None"]

_PERMITS: list[Permit] = []


def register_replacement(permit: Permit) -> Permit:
    """Register ``permit`` (usable as a decorator); registering twice is harmless. Four-eyes
    review registers one that allows replacing a decision the reviewer did not approve."""
    if permit not in _PERMITS:
        _PERMITS.append(permit)
    return permit


def replacement_reason(case: Case, decision: Decision) -> str | None:
    """Why the case's latest decision ``decision`` may be replaced, or None when no app
    allows it. Only a decision that was not announced can be: announced, a decision can only
    be changed by a new decision on objection (or a herroeping)."""
    if case.status != Status.BESLUIT_GENOMEN:
        return None
    for permit in _PERMITS:
        reason = permit(case, decision)
        if reason:
            return reason
    return None
