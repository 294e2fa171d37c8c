"""Reading payment lines for internal control (``samen.control``): the population of lines a
municipality paid over a period, and the lines of a sample.

A line is *paid* when its run was released; it belongs to the period when its month (the
first day of the month it pays for or in which it was paid) lies in the period. Every
function goes through the one access policy (``Policy.scope_records`` on the line's benefit)
and records in the audit trail what it handed out, with the caller's purpose (internal
control: ``Purpose.CONTROLE``). A line the actor may not read is :class:`NotVisible`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.income.models import Benefit, PaymentLine
from samen.people.services import NotVisible

__all__ = ["NotVisible", "Population", "subject", "line_population", "lines", "line"]


@dataclass(frozen=True)
class Population:
    """The paid lines the actor may read, as (id, amount) in id order; how many there are in
    all (readable or not) and what they paid in all."""

    items: list[tuple[int, Decimal]]
    total: int
    paid: Decimal


def subject(found: PaymentLine) -> audit.Subject:
    return audit.Subject(
        object_type="betaalregel",
        object_id=str(found.pk),
        data_subject_id=found.benefit.person.bsn,
        municipality_code=found.benefit.municipality.cbs_code,
        domain_code=found.benefit.domain.code,
    )


def _visible(policy: Policy) -> Any:
    benefits = policy.scope_records(Benefit.objects.all(), Action.READ)
    return PaymentLine.objects.filter(benefit__in=benefits)


def line_population(
    actor: Any, municipality: Any, period_from: dt.date, period_until: dt.date
) -> Population:
    """Ids and amounts only: nothing of a person is handed out, so nothing is audited here."""
    paid = {
        "benefit__municipality": municipality,
        "month__range": (period_from, period_until),
        "run__released_at__isnull": False,
    }
    policy = policy_for(actor)
    items = list(_visible(policy).filter(**paid).order_by("pk").values_list("pk", "amount"))
    everything = PaymentLine.objects.filter(**paid).order_by()
    total = everything.count()
    amount = everything.aggregate(paid=Sum("amount"))["paid"] or Decimal("0.00")
    return Population(items=items, total=total, paid=amount)


def lines(
    actor: Any, ids: Iterable[int], purpose: Purpose, *, kind: str = AuditEntry.Kind.LIST
) -> dict[int, PaymentLine]:
    """The lines of ``ids`` the actor may read, by id; each one handed out is audited."""
    policy = policy_for(actor)
    found = {
        p.pk: p
        for p in _visible(policy)
        .filter(pk__in=list(ids))
        .select_related("benefit__person", "benefit__municipality", "benefit__domain", "run")
    }
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(p) for p in found.values()],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return found


def line(actor: Any, pk: int, purpose: Purpose) -> PaymentLine:
    """One line, audited as read; refused (and audited as refused) when not readable."""
    found = lines(actor, [pk], purpose, kind=AuditEntry.Kind.READ).get(pk)
    if found is None:
        audit.refused(actor, policy_for(actor), purpose, audit.Subject("betaalregel", str(pk)))
        raise NotVisible("Betaalregel niet gevonden, of u heeft geen toegang.")
    return found
