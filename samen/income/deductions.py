"""Deductions (inhoudingen) from a benefit in the monthly payment run: a registry that other
apps fill from their ``AppConfig.ready``, as :mod:`samen.common.kpis` is filled.

Income knows nothing of claims, garnishments or direct payments (``recovery`` builds on
income, never the other way round). The run asks every registered **provider**, once per
batch of benefits, what to deduct from the month's regular payment::

    deductions.register(provider, on_release=book_offsets)
    deductions.register(reduce, first=True)  # a reduction of the benefit itself

A provider registered with ``first=True`` is asked before the others: a **maatregel**
(Participatiewet art. 18 lid 2, the ``sanctions`` app) lowers the benefit itself, so the
offsets and garnishments after it see what is left of the lowered benefit. Its deduction
has kind ``maatregel`` and no creditor: the amount is simply not paid.

- ``provider(month, candidates)`` gets the batch's benefits that pay more than 0.00 this
  month (:class:`Candidate`: the amount the month pays before deductions, the vakantietoeslag
  reserved for it and the facts in force) and returns :class:`Deduction` rows. The provider
  decides the amounts and their order (the beslagvrije voet, preferent before concurrent);
  income only refuses what cannot be right: a deduction of 0.00 or less, more in total than
  the month pays, a transfer without a creditor's name.
- ``on_release(run)`` is called inside the release of a run (four eyes, the run's row
  locked), exactly once per run: there the provider books what the deductions settled (an
  offset on a claim). A failure refuses the whole release.

The run stores each deduction as a :class:`~samen.income.models.PaymentDeduction` of the
regular line, in the same transaction as the line: the line pays the client the net after
deductions, a deduction with an IBAN is a transfer of its own in the same SEPA file, and
one without (the municipality's own offset) stays with the municipality.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

KINDS = ("maatregel", "verrekening", "beslag", "directe_betaling")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Candidate:
    """One benefit's month as the run calculated it, before deductions."""

    benefit_id: int
    month: dt.date
    amount: Decimal  # what the month pays the client (net), before deductions
    reserved: Decimal  # the vakantietoeslag reserved for the month (paid once a year)
    facts_text: str  # the facts in force (JSON as stored)
    available: Decimal  # what is left after earlier providers' deductions

    def facts(self) -> dict[str, Any]:
        value = json.loads(self.facts_text) if isinstance(self.facts_text, str) else None
        return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Deduction:
    """One deduction from one benefit's month. ``creditor_iban`` empty: the amount stays
    with the paying municipality (its own offset), no transfer. ``source``/``source_id``
    name the record it came from (for example ``recovery.claim`` and the claim's id), so
    the provider finds it again at the release."""

    benefit_id: int
    kind: str
    amount: Decimal
    creditor_name: str
    creditor_iban: str
    reference: str
    explanation: str
    source: str
    source_id: int


Provider = Callable[[dt.date, Sequence[Candidate]], Iterable[Deduction]]
OnRelease = Callable[[Any], object]


class DeductionError(Exception):
    """A provider returned a deduction that cannot be right (a programming error)."""


@dataclass(frozen=True)
class _Registered:
    provider: Provider
    on_release: OnRelease | None
    first: bool = False


_registry: list[_Registered] = []


def register(
    provider: Provider, *, on_release: OnRelease | None = None, first: bool = False
) -> None:
    """Register a provider (once; registering the same function again is harmless).
    ``first``: ask it before the providers registered without it (a reduction of the
    benefit comes before the deductions from what it pays)."""
    if any(r.provider is provider for r in _registry):
        return
    registered = _Registered(provider, on_release)
    if first:
        position = sum(1 for r in _registry if r.first)
        _registry.insert(position, replace(registered, first=True))
    else:
        _registry.append(registered)


def unregister(provider: Provider) -> None:
    """For tests that run the payment run without an app's deductions."""
    _registry[:] = [r for r in _registry if r.provider is not provider]


def active() -> bool:
    return bool(_registry)


def _check(deduction: Deduction, candidate: Candidate | None) -> None:
    if candidate is None:
        raise DeductionError(f"Inhouding op uitkering {deduction.benefit_id} buiten de batch.")
    if deduction.kind not in KINDS:
        raise DeductionError(f"Onbekende soort inhouding: {deduction.kind}.")
    if deduction.amount <= 0 or deduction.amount != deduction.amount.quantize(CENT):
        raise DeductionError(f"Een inhouding is meer dan € 0,00, in centen: {deduction.amount}.")
    if deduction.creditor_iban and not deduction.creditor_name.strip():
        raise DeductionError("Een overboeking aan een derde heeft een naam.")


def deduct(month: dt.date, candidates: Sequence[Candidate]) -> dict[int, list[Deduction]]:
    """Every provider's deductions for these benefits, per benefit id, in the order the
    providers (and within a provider, the rows) give them. Each provider sees what earlier
    providers left (``available``); together they never take more than the month pays."""
    found: dict[int, list[Deduction]] = {}
    if not _registry or not candidates:
        return found
    by_id = {c.benefit_id: c for c in candidates}
    for registered in list(_registry):
        current = list(by_id.values())
        for deduction in registered.provider(month, current):
            candidate = by_id.get(deduction.benefit_id)
            _check(deduction, candidate)
            assert candidate is not None  # for mypy: _check refused None
            if deduction.amount > candidate.available:
                raise DeductionError(
                    f"Uitkering {deduction.benefit_id}: de inhoudingen zijn hoger dan het "
                    f"bedrag van de maand ({candidate.amount})."
                )
            by_id[deduction.benefit_id] = replace(
                candidate, available=candidate.available - deduction.amount
            )
            found.setdefault(deduction.benefit_id, []).append(deduction)
    return found


def released(run: Any) -> None:
    """Called by :func:`samen.income.run_services.release_run` inside its transaction."""
    for registered in list(_registry):
        if registered.on_release is not None:
            registered.on_release(run)
