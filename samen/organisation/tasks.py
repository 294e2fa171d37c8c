"""Celery tasks of the organisation app."""

from __future__ import annotations

import logging

from celery import shared_task

from samen.organisation import services

logger = logging.getLogger("samen.mandaten")


@shared_task(name="organisation.check_mandates")
def check_mandates_task() -> int:
    """Daily (Celery beat): the mandate check of ``samen mandaten controleer``. Every recorded
    decision without valid mandate cover is logged as a warning (no personal data: only the
    case reference); the count is the task's result."""
    uncovered = services.uncovered_decisions()
    for item in uncovered:
        d = item.decision
        logger.warning(
            "Besluit zonder geldig mandaat: %s (%s) namens %s: %s",
            d.reference,
            d.decided_on.isoformat(),
            d.municipality.cbs_code,
            item.reason,
        )
    return len(uncovered)
