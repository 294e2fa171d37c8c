"""The recovery claims that income's recalculation makes (``income.RecoveryClaim``) become
claims here. Income does not know recovery exists: this module reads income's rows that no
claim has taken over yet and creates one claim per row, with the overpaid amount as its
principal (the first movement of its ledger). Idempotent: a row is taken over once
(``Claim.income_claim`` is unique), so running it twice creates nothing new; a crash halfway
loses nothing (each batch is one transaction).

The origin is *overige*: a recalculation shows an overpayment, not yet why (a breach of the
duty to inform is established by the recovery decision, issue 15 item 2, which then sets
the origin). No human actor: the take-over is audited as batch work, one entry per claim
created, like the payment run's own lines.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.income.models import RecoveryClaim
from samen.recovery.models import Claim, Movement

BATCH = 500


def _pending() -> list[RecoveryClaim]:
    taken = Claim.objects.filter(income_claim__isnull=False).values("income_claim_id")
    return list(
        RecoveryClaim.objects.exclude(pk__in=taken)
        .select_related("benefit__person", "benefit__municipality", "benefit__domain")
        .order_by("pk")[:BATCH]
    )


def take_over_recovery_claims() -> int:
    """Create a claim for every income recovery claim not taken over yet; returns how many."""
    created = 0
    while True:
        pending = _pending()
        if not pending:
            return created
        with transaction.atomic():
            subjects = []
            for row in pending:
                benefit = row.benefit
                claim = Claim.objects.create(
                    person=benefit.person,
                    municipality=benefit.municipality,
                    domain=benefit.domain,
                    confidentiality=benefit.confidentiality,
                    origin=Claim.Origin.OVERIGE,
                    principal=row.amount,
                    costs=Decimal("0.00"),
                    description=row.reason[:300],
                    # the day of the recalculation (never after today)
                    established_on=min(
                        timezone.localtime(row.created_at).date(), timezone.localdate()
                    ),
                    income_claim=row,
                )
                Movement.objects.create(
                    claim=claim,
                    kind=Movement.Kind.PRINCIPAL,
                    amount=row.amount,
                    booked_on=claim.established_on,
                    reason=f"Terugvordering {row.month:%m-%Y} uit herberekening",
                    recorded_by="overname terugvorderingen",
                )
                subjects.append(
                    audit.Subject(
                        object_type="vordering",
                        object_id=str(claim.pk),
                        data_subject_id=benefit.person.bsn,
                        municipality_code=benefit.municipality.cbs_code,
                        domain_code=benefit.domain.code,
                    )
                )
            audit.record(
                actor=None,
                action=AuditEntry.Kind.CREATE,
                subjects=subjects,
                purpose=Purpose.UITVOERING.value,
                roles="overname terugvorderingen",
            )
            created += len(pending)
