"""The registry of KPI computations: each app registers the figures it can answer for from
its own tables, so the steering app reads figures without touching another app's tables.

An app registers from its ``AppConfig.ready`` (as with :mod:`samen.common.notices`)::

    kpis.register("cases.tijdig-pw", "Pw, IOAW, IOAZ en Bbz: tijdig beslist")(function)

A computation is a function of (municipality, period) that returns a :class:`KpiResult`:
the value, the numerator and denominator it was computed from, and a description of the
query that produced them (what was counted, over which population and dates), so a report
can show, and freeze, how its figure came about. A computation that passes over a large
table may also register its **many** form, a function of (municipalities, period) that
answers every municipality from one grouped pass (``kpis.register(code, label,
many=function)``); :func:`compute_many` uses it, and falls back to one call per
municipality. Both forms must give the same results (the apps keep one the wrapper of the
other). ``municipality`` is the organisation's
municipality record; the period is a :class:`~samen.common.periods.Period` with both ends
set (inclusive). A computation decides nothing about who may see its figure: it returns
aggregates only, never a person, and the steering app asks the access policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samen.common.periods import Period

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class KpiResult:
    """One computed figure. ``value`` is None when there is nothing to count (no data)."""

    value: Decimal | None
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None
    query: str = ""
    #: A breakdown of the value (for example inflow by case type): label and count.
    breakdown: tuple[tuple[str, int], ...] = field(default_factory=tuple)


def percentage(numerator: int, denominator: int, query: str, **extra: Any) -> KpiResult:
    """``numerator`` of ``denominator`` as a percentage with one decimal (half up); no data
    when the denominator is zero."""
    if not denominator:
        return KpiResult(None, numerator, denominator, query, **extra)
    value = (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return KpiResult(value, numerator, denominator, query, **extra)


def count(number: int, query: str, **extra: Any) -> KpiResult:
    return KpiResult(Decimal(number), number, None, query, **extra)


Computation = Callable[[Any, Period], KpiResult]
#: (municipalities, period) -> result by municipality pk, from one grouped pass
ManyComputation = Callable[[list[Any], Period], dict[int, KpiResult]]


@dataclass(frozen=True)
class Registered:
    code: str
    label: str
    compute: Computation
    many: ManyComputation | None = None


_registry: dict[str, Registered] = {}


def register(
    code: str, label: str, *, many: ManyComputation | None = None
) -> Callable[[Computation], Computation]:
    """Register a computation under ``code`` (usable as a decorator), with its optional
    many-municipality form. Registering the same function twice is harmless; another
    function under a taken code is a programming error."""

    def decorator(function: Computation) -> Computation:
        known = _registry.get(code)
        if known is not None and known.compute is not function:
            raise ValueError(f"KPI-berekening {code} is al geregistreerd.")
        _registry[code] = Registered(code, label, function, many)
        return function

    return decorator


def computation(code: str) -> Registered | None:
    return _registry.get(code)


def registered() -> list[Registered]:
    return sorted(_registry.values(), key=lambda r: r.code)


def compute(code: str, municipality: Any, period: Period) -> KpiResult | None:
    """The registered computation's result, or None when no app answers for ``code``."""
    found = _registry.get(code)
    if found is None:
        return None
    if period.valid_until is None:
        raise ValueError("Een KPI wordt over een afgesloten periode berekend.")
    return found.compute(municipality, period)


def compute_many(code: str, municipalities: list[Any], period: Period) -> dict[int, KpiResult]:
    """The registered computation's result for each municipality (by pk): one grouped pass
    where the app registered its many form, else one call per municipality; empty when no
    app answers for ``code``."""
    found = _registry.get(code)
    if found is None or not municipalities:
        return {}
    if period.valid_until is None:
        raise ValueError("Een KPI wordt over een afgesloten periode berekend.")
    if found.many is not None:
        return found.many(municipalities, period)
    return {m.pk: found.compute(m, period) for m in municipalities}
