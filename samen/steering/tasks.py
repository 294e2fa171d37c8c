"""Celery tasks of the steering app: refreshing the stored KPI results
(:mod:`samen.steering.computed`). Without a broker (the embedded default) Celery runs them
in-process (``CELERY_TASK_ALWAYS_EAGER``); with Redis a worker runs them."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from samen.organisation.models import Municipality
from samen.steering import computed
from samen.steering.marap import MarapPeriod


@shared_task(name="steering.refresh_figures")
def refresh_figures_task(cbs_codes: list[str], period_codes: list[str]) -> int:
    """Compute and store the KPI results of the municipalities and periods given by code;
    returns the number of results stored. Idempotent: Celery may deliver it twice."""
    municipalities = Municipality.objects.filter(cbs_code__in=cbs_codes).order_by("cbs_code")
    periods = [MarapPeriod.parse(code) for code in period_codes]
    return computed.refresh_figures(municipalities, periods)


@shared_task(name="steering.refresh_due_figures")
def refresh_due_figures_task(today_iso: str | None = None) -> list[str]:
    """Nightly (Celery beat): refresh the running four-month period and year and the earlier
    ones a report's trend shows, for every municipality with a DVO; each municipality is its
    own task, so one failing does not hold up another (its old figures stay)."""
    from django.utils import timezone

    today = dt.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    periods = [period.code for period in computed.due_periods(today)]
    codes = [municipality.cbs_code for municipality in computed.partners()]
    for code in codes:
        refresh_figures_task.delay([code], periods)
    return codes
