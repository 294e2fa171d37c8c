"""Recalculation of months already paid, when the facts of a benefit change.

``recalculate_from`` never changes a payment line: a month paid too much gets a
:class:`RecoveryClaim` (terugvordering); a month paid too little gets a :class:`Supplement`
(aanvulling), which the next run (:mod:`samen.income.payments`) pays in one aanvulling line
per benefit (its ``reason`` names the months).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from samen.income.calculation import euro
from samen.income.models import (
    Benefit,
    BenefitFact,
    PaymentLine,
    RecoveryClaim,
    Supplement,
)
from samen.income.payments import (
    CENT,
    BenefitFacts,
    Calculator,
    _amount,
    _calculation_json,
    _first_of_month,
    default_calculate,
    month_label,
    paid_days,
)


@dataclass(frozen=True)
class Recalculation:
    claims: list[RecoveryClaim]
    supplements: list[Supplement]


def _facts_on(facts: list[BenefitFact], day: dt.date) -> BenefitFact | None:
    found = None
    for fact in facts:
        if fact.valid_from <= day:
            found = fact
    return found


def recalculate_from(
    benefit: Benefit,
    day: dt.date,
    *,
    calculate: Calculator | None = None,
    reason: str = "",
) -> Recalculation:
    """Recalculate every month already paid from the month of ``day`` on, with the facts as
    they are now. Payment lines never change: a lower amount creates a RecoveryClaim for the
    difference, a higher one a Supplement that the next run pays. What was already claimed or
    supplemented for a month counts as paid, so recalculating twice changes nothing."""
    calculator = calculate or default_calculate
    start = _first_of_month(day)
    claims: list[RecoveryClaim] = []
    supplements: list[Supplement] = []
    with transaction.atomic():
        locked = (
            Benefit.objects.select_for_update().select_related("municipality").get(pk=benefit.pk)
        )
        facts = list(locked.facts.order_by("valid_from", "pk"))
        # what earlier recalculations recorded per month: two queries, not two per month
        earlier: dict[dt.date, list[RecoveryClaim | Supplement]] = {}
        records: list[RecoveryClaim | Supplement] = [
            *RecoveryClaim.objects.filter(benefit=locked, month__gte=start),
            *Supplement.objects.filter(benefit=locked, month__gte=start),
        ]
        for record in records:
            earlier.setdefault(record.month, []).append(record)
        lines = PaymentLine.objects.filter(
            benefit=locked, kind=PaymentLine.Kind.REGULAR, month__gte=start
        ).order_by("month")
        for line in lines:
            days = paid_days(line.month, locked.start_date, locked.end_date)
            fact = _facts_on(facts, max(line.month, locked.start_date))
            if fact is None:
                continue
            result = calculator(BenefitFacts(line.month, locked.municipality.cbs_code, fact.facts))
            new_amount, new_reserved, _lines = _amount(result, days)
            earlier_claims = [
                r for r in earlier.get(line.month, []) if isinstance(r, RecoveryClaim)
            ]
            earlier_supplements = [
                r for r in earlier.get(line.month, []) if isinstance(r, Supplement)
            ]
            claimed = sum((c.amount for c in earlier_claims), Decimal("0.00"))
            supplemented = sum((s.amount for s in earlier_supplements), Decimal("0.00"))
            paid = (line.amount + supplemented - claimed).quantize(CENT)
            reserved = (
                line.holiday_allowance
                + sum((c.holiday_allowance for c in earlier_claims), Decimal("0.00"))
                + sum((s.holiday_allowance for s in earlier_supplements), Decimal("0.00"))
            )
            difference = (new_amount - paid).quantize(CENT)
            holiday_difference = (new_reserved - reserved).quantize(CENT)
            if difference == 0 and holiday_difference == 0:
                continue
            text = (
                f"Herberekening {month_label(line.month)}: betaald {euro(paid)}, "
                f"recht op {euro(new_amount)}"
                + (
                    f"; vakantietoeslag {euro(reserved)} wordt {euro(new_reserved)}"
                    if holiday_difference
                    else ""
                )
                + (f" ({reason})" if reason else "")
            )[:300]
            detail = json.loads(_calculation_json(line.month, fact.facts, result, days))
            if difference < 0:
                claims.append(
                    RecoveryClaim.objects.create(
                        benefit=locked,
                        month=line.month,
                        amount=-difference,
                        holiday_allowance=holiday_difference,
                        reason=text,
                        calculation=detail,
                    )
                )
            else:
                # difference 0: only the reserved vakantietoeslag changes (a rounding cent);
                # a supplement of 0.00 records it and the yearly payout settles it.
                supplements.append(
                    Supplement.objects.create(
                        benefit=locked,
                        month=line.month,
                        amount=difference,
                        holiday_allowance=holiday_difference,
                        reason=text,
                        calculation=detail,
                    )
                )
        if claims or supplements:
            Benefit.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    return Recalculation(claims, supplements)
