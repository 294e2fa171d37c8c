"""The payment calendar in use: which month's run is due today, which month's run was
missed, and new years of default dates. The dates are data (:class:`PaymentDate`); the
daily task ``income.run_due_months`` (Celery beat) starts what is due, and a month whose
payment date passed without a finished run is a notice for those who see the runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from samen.common.dates import long_date
from samen.common.notices import Notice
from samen.income import calendar
from samen.income.models import Benefit, PaymentDate, PaymentRun
from samen.income.payments import month_label

# How far back a missed run is still reported: older months are history, not a warning.
MISSED_HORIZON_MONTHS = 24


def payment_date(month: dt.date) -> PaymentDate | None:
    return PaymentDate.objects.filter(month=month.replace(day=1)).first()


def _done_months() -> set[dt.date]:
    return set(
        PaymentRun.objects.filter(status=PaymentRun.Status.DONE).values_list("month", flat=True)
    )


def due_months(today: dt.date) -> list[dt.date]:
    """Months whose run should start today: the run day has come, the payment day has not
    passed, and the run is not finished. A month past its payment day is not started by
    itself: administration decides (it is reported as missed)."""
    rows = PaymentDate.objects.filter(run_on__lte=today, pay_on__gte=today).order_by("month")
    done = _done_months()
    return [row.month for row in rows if row.month not in done]


@dataclass(frozen=True)
class MissedRun:
    month: dt.date
    pay_on: dt.date


def missed_runs(today: dt.date) -> list[MissedRun]:
    """Months whose payment date has passed without a finished run while a benefit was
    running in that month (a month without benefits needs no run)."""
    earliest = (today.replace(day=1) - dt.timedelta(days=31 * MISSED_HORIZON_MONTHS)).replace(day=1)
    rows = list(PaymentDate.objects.filter(pay_on__lt=today, month__gte=earliest).order_by("month"))
    done = _done_months()
    missed = []
    for row in rows:
        if row.month in done:
            continue
        month_end = (row.month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        running = Benefit.objects.filter(start_date__lte=month_end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=row.month)
        )
        if running.exists():
            missed.append(MissedRun(row.month, row.pay_on))
    return missed


def add_year(year: int) -> list[PaymentDate]:
    """The default dates for every month of ``year`` that has none yet (idempotent)."""
    created = []
    for proposed in calendar.propose_year(year):
        row, made = PaymentDate.objects.get_or_create(
            month=proposed.month,
            defaults={
                "run_on": proposed.run_on,
                "pay_on": proposed.pay_on,
                "source": calendar.DEFAULT_SOURCE,
            },
        )
        if made:
            created.append(row)
    return created


def missed_run_notices(user: Any, day: dt.date) -> list[Notice]:
    """For those who may see the payment runs (administration, the director)."""
    from samen.income.run_services import may_view_runs

    if not may_view_runs(user):
        return []
    return [
        Notice(
            f"De betaalrun van {month_label(m.month)} is niet gedaan, terwijl de betaaldatum "
            f"{long_date(m.pay_on)} was.",
            reverse("payment-runs"),
        )
        for m in missed_runs(day)
    ]


def norm_coverage_notices(user: Any, day: dt.date) -> list[Notice]:
    """For those who may see the payment runs: the coming runs (within 45 days) whose month
    lacks loaded norms, parameters or vrijlating maxima, by kind (``income.norm_coverage``)."""
    from samen.income import norm_coverage
    from samen.income.norms import NormTable
    from samen.income.run_services import may_view_runs

    if not may_view_runs(user):
        return []
    done = _done_months()
    calendar = [
        norm_coverage.CalendarMonth(row.month, row.run_on, row.pay_on, row.month in done)
        for row in PaymentDate.objects.filter(pay_on__gte=day).order_by("month")
    ]
    return [
        Notice(text, reverse("payment-runs"))
        for text in norm_coverage.warnings(NormTable.load(), day, calendar)
    ]
