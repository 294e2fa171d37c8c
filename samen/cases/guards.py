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

from samen.cases.models import Case, Decision

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
