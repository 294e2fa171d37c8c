"""Celery tasks of the income app. Without a broker (the embedded default) Celery runs them
in-process (``CELERY_TASK_ALWAYS_EAGER``); with Redis a worker runs them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from samen.income import payments


@shared_task(name="income.run_month")
def run_month_task(month_iso: str) -> dict[str, Any]:
    """Run (or resume) the payment run of the month of ``month_iso`` (YYYY-MM-DD, the 1st).
    Idempotent: Celery may deliver it twice without anybody being paid twice."""
    run = payments.run_month(dt.date.fromisoformat(month_iso))
    return {
        "run": run.pk,
        "maand": run.month.isoformat(),
        "status": run.status,
        "gedaan": run.done,
        "totaal": run.total,
        "bedrag": str(run.amount_total),
    }


@shared_task(name="income.run_due_months")
def run_due_months_task(today_iso: str | None = None) -> list[str]:
    """Daily (Celery beat): start the run of every month whose run day has come and whose
    payment day has not passed (the payment calendar is data). Each month is its own task,
    so one failing month does not hold up another; running a month twice pays nobody twice."""
    from django.utils import timezone

    from samen.income import schedule

    today = dt.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    months = [month.isoformat() for month in schedule.due_months(today)]
    for month in months:
        run_month_task.delay(month)
    return months
