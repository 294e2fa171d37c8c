"""Celery tasks of the access app. Without a broker (the embedded default) Celery runs them
in-process; with Redis a worker runs them, and the beat schedule in the settings starts
``access.audit_checkpoint`` every hour."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from samen.access import audit
from samen.access.checkpoints import Source


@shared_task(name="access.audit_checkpoint")
def audit_checkpoint_task() -> dict[str, Any]:
    """Write the audit trail's head to a new checkpoint file outside the database."""
    path, taken = audit.take_checkpoint(Source.SCHEDULE.value)
    return {
        "bestand": str(path),
        "volgnummer": taken.sequence,
        "regels": taken.entries,
        "hash": taken.entry_hash,
    }
