from celery import shared_task

from samen.recovery.takeover import take_over_recovery_claims


@shared_task(name="recovery.take_over_recovery_claims")
def take_over() -> int:
    """Daily: the recovery claims of recalculation become claims (idempotent)."""
    return take_over_recovery_claims()
