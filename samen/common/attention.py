"""Signals on a client's file (aandachtspunten): facts about a person that a consulent must
act on, such as a client who reaches the AOW age while on bijstand, a benefit without
payment in a month whose run was done, or a decision term about to expire.

Several apps know such facts (``income``: AOW age, missing payments; ``cases``: terms), but
the pages that show them belong to others (the person page to ``people``, the worklist to
``cases``, the start page to ``web``), and a lower app may not import a higher one. So, as
with :mod:`samen.common.notices`, each app registers its sources here from its
``AppConfig.ready`` and a page asks this registry.

A source is a function ``(actor, person_ids, day, options) -> list[Signal]``. It answers for
a whole page of persons at once (a fixed number of queries, never one per row), only about
what the actor may read (through the one access policy), and, when ``options.record`` is
true, audits the records behind the signals it returns, as the pages that show those records
do. ``record`` is false only where no personal data is shown (the count on the start page).
``options.shown_cases`` are cases the page itself shows (and audited): a source says nothing
about them, so the worklist neither repeats a row's own deadline nor audits its cases twice.

The name is *attention*, not *signals*, so it is not mistaken for ``django.dispatch``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: The levels, most urgent first ("danger" is shown as the Utrecht alert type "error").
LEVELS = ("danger", "warning", "info")


@dataclass(frozen=True)
class Signal:
    """One thing to act on. ``text`` says what is the matter, ``action`` what the consulent
    must do (plain Dutch, B1); ``case_id`` is set when the signal is about one case."""

    kind: str  # a stable code, e.g. "aow-leeftijd", "geen-betaling", "beslistermijn"
    label: str  # a short name for the kind, for counts and badges ("AOW-leeftijd")
    person_id: int
    person_name: str  # as the actor may see it; the source read it through the policy
    text: str
    action: str
    on: dt.date  # the day it is about (the AOW date, the month, the deadline)
    level: str = "warning"
    url: str = ""
    case_id: int | None = None


@dataclass(frozen=True)
class Options:
    record: bool = True
    shown_cases: frozenset[int] = frozenset()


#: Audit what is returned, leave nothing out: what a source gets when called on its own.
SHOWN = Options()

SignalSource = Callable[[Any, Sequence[int], dt.date, Options], list[Signal]]
_sources: list[SignalSource] = []


def register(source: SignalSource) -> SignalSource:
    """Register ``source`` (usable as a decorator); registering twice is harmless."""
    if source not in _sources:
        _sources.append(source)
    return source


def signals_for(
    actor: Any,
    person_ids: Iterable[int],
    day: dt.date,
    *,
    record: bool = True,
    shown_cases: Iterable[int] = (),
) -> dict[int, list[Signal]]:
    """The signals per person id (every id asked is a key), most urgent first: danger
    before warning, then the earliest day."""
    options = Options(record=record, shown_cases=frozenset(shown_cases))
    ids = sorted({int(pk) for pk in person_ids})
    found: dict[int, list[Signal]] = {pk: [] for pk in ids}
    if not ids:
        return found
    for source in _sources:
        for signal in source(actor, ids, day, options):
            if signal.person_id in found:
                found[signal.person_id].append(signal)
    for signals in found.values():
        signals.sort(key=lambda s: (LEVELS.index(s.level), s.on, s.kind))
    return found


def counts(signals: Iterable[Signal]) -> Counter[str]:
    """How many signals of each label, for a count on the start page."""
    return Counter(signal.label for signal in signals)
