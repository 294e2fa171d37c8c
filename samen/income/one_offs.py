"""One-off payments (eenmalige betalingen) in the payment run: a registry that other apps
fill from their ``AppConfig.ready``, as :mod:`samen.income.deductions` is filled.

Income knows nothing of why an amount is owed (``objections`` builds on income, never the
other way round). The run asks every registered **provider** for what is due::

    one_offs.register(provider)

``provider(month)`` returns :class:`Due` rows: an amount owed to a resident outside a benefit
(the penalty for not deciding in time, Awb 4:17-4:20), named by its ``source`` and
``source_id``. The run stores each as one :class:`~samen.income.models.OneOffPayment` in
itself, a transfer of its own in the paying municipality's SEPA file. **Exactly once**: one
row per source and id (a database constraint); a due already paid in an earlier run, or
twice in one run, is skipped, so a provider may return everything it ever fixed and running
the month again changes nothing. What is due after a run was released goes with the next.

:func:`payment_of` tells the providing app whether and in which run its amount was paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from samen.income.models import OneOffPayment, PaymentRun, normalise_iban, validate_iban

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Due:
    source: str  # e.g. "objections.dwangsom"
    source_id: int
    person_id: int
    municipality_id: int  # the paying municipality (the college that owes it)
    domain_id: int
    confidentiality: int
    creditor_name: str
    iban: str
    amount: Decimal
    reference: str  # in the transfer's description, at most 140 characters


Provider = Callable[[dt.date], Iterable[Due]]

_PROVIDERS: list[Provider] = []


class OneOffError(Exception):
    """A provider returned a due that cannot be right (a programming error)."""


def register(provider: Provider) -> Provider:
    """Register ``provider``; registering twice is harmless."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def _check(due: Due) -> None:
    if due.amount <= 0 or due.amount != due.amount.quantize(CENT):
        raise OneOffError(f"{due.source} {due.source_id}: bedrag {due.amount} kan niet.")
    if not due.creditor_name.strip():
        raise OneOffError(f"{due.source} {due.source_id}: geen naam van de ontvanger.")
    validate_iban(due.iban)


def pay(run: PaymentRun) -> int:
    """Add every due one-off payment not yet paid to ``run`` (not released: the run's start
    refuses that). Returns how many were added."""
    added = 0
    for provider in list(_PROVIDERS):
        for due in provider(run.month):
            if OneOffPayment.objects.filter(source=due.source, source_id=due.source_id).exists():
                continue
            _check(due)
            try:
                with transaction.atomic():
                    OneOffPayment.objects.create(
                        source=due.source,
                        source_id=due.source_id,
                        run=run,
                        person_id=due.person_id,
                        municipality_id=due.municipality_id,
                        domain_id=due.domain_id,
                        confidentiality=due.confidentiality,
                        creditor_name=due.creditor_name.strip()[:70],
                        iban=normalise_iban(due.iban),
                        amount=due.amount,
                        reference=due.reference[:140],
                    )
            except IntegrityError:  # another run was first: paid once all the same
                continue
            added += 1
    return added


def payment_of(source: str, source_id: int) -> Any | None:
    """The one-off payment of ``source``/``source_id`` (with its run), or None while it waits
    for a run. The caller has read its own record through the access policy."""
    return (
        OneOffPayment.objects.select_related("run")
        .filter(source=source, source_id=source_id)
        .first()
    )
