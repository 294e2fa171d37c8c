"""The payment run lowers a benefit for the months a measure covers: a provider of income's
deduction registry (:mod:`samen.income.deductions`), registered with ``first=True`` in
:class:`samen.sanctions.apps.SanctionsConfig.ready`, so offsets and garnishments come after
it and see what is left of the lowered benefit.

Each measure that covers the month gives one deduction of kind ``maatregel`` without a
creditor: the amount is not paid. The payment line shows it with its reason, and the
benefit's specification lists it. Batch work: the run itself is audited by income; this
provider reads only measures of the batch's benefits, once per batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from samen.income.calculation import euro
from samen.income.deductions import Candidate, Deduction
from samen.sanctions import measures
from samen.sanctions.models import Measure


def _label(month: dt.date) -> str:
    from samen.income.payments import month_label

    return month_label(month)


def _percent(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f} %".replace(".", ",")


def provide(month: dt.date, candidates: Sequence[Candidate]) -> list[Deduction]:
    by_id = {c.benefit_id: c for c in candidates}
    if not by_id:
        return []
    found = (
        Measure.objects.filter(benefit_id__in=list(by_id), start_month__lte=month)
        .select_related("rule")
        .order_by("benefit_id", "start_month", "pk")
    )
    left = {bid: c.available for bid, c in by_id.items()}
    out: list[Deduction] = []
    for measure in found:
        if not measures.covers(measure.start_month, measure.months, month):
            continue
        candidate = by_id[measure.benefit_id]
        amount = measures.reduction(
            candidate.amount, Decimal(measure.percentage), left[measure.benefit_id]
        )
        if amount <= 0:
            continue
        left[measure.benefit_id] -= amount
        last = measures.last_month(measure.start_month, measure.months)
        out.append(
            Deduction(
                benefit_id=measure.benefit_id,
                kind="maatregel",
                amount=amount,
                creditor_name="",
                creditor_iban="",
                reference=f"MAATREGEL-{measure.pk:08d}",
                explanation=(
                    f"Verlaging van uw bijstand met {_percent(measure.percentage)} "
                    f"({euro(amount)}): {measure.rule.name} (maatregel van "
                    f"{_label(measure.start_month)} t/m {_label(last)}, artikel 18 lid 2 "
                    "Participatiewet)."
                )[:500],
                source="sanctions.measure",
                source_id=measure.pk,
            )
        )
    return out
