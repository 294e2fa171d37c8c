"""Collection (invordering): the worklist of open claims and the month-end stock of claims
per municipality and origin (the figure CBS's debtor statistics ask for).

Both are computed from the ledger, never from a stored balance. The worklist shows the open
claims the actor may read (the one access policy), each one shown audited. The stock counts,
per municipality, the claims the actor may read, and all claims of the municipalities whose
figures the actor may read (:meth:`Policy.figure_municipality_ids`): it is an aggregate
without persons, audited once per municipality shown with purpose *sturing*.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.organisation.models import Municipality
from samen.recovery import instalments, services
from samen.recovery.models import Arrangement, Claim, Movement

ORDERS = {
    "oudste": "de oudste vordering eerst",
    "gemist": "de meeste gemiste termijnen eerst",
}
PAYING = (Movement.Kind.RECEIPT, Movement.Kind.OFFSET)


@dataclass(frozen=True)
class WorkItem:
    claim: Claim
    balance: Decimal
    arrangement: Arrangement | None
    missed: list[dt.date] = field(default_factory=list)


def _open(policy: Policy) -> QuerySet[Claim]:
    return (
        services._scope(policy, Action.READ)
        .annotate(saldo=Sum("movements__amount"))
        .filter(saldo__gt=0)
    )


def _missed(claim_ids: list[int], day: dt.date) -> dict[int, tuple[Arrangement, list[dt.date]]]:
    """The running arrangement of each claim and its missed months up to ``day``."""
    running = {
        a.claim_id: a
        for a in Arrangement.objects.filter(claim_id__in=claim_ids, ended_on__isnull=True)
    }
    entries: dict[int, list[instalments.Entry]] = defaultdict(list)
    for claim_id, kind, amount, booked_on in (
        Movement.objects.filter(claim_id__in=list(running))
        .order_by("booked_on", "pk")
        .values_list("claim_id", "kind", "amount", "booked_on")
    ):
        entries[claim_id].append(instalments.Entry(kind, amount, booked_on))
    return {
        claim_id: (
            arrangement,
            instalments.missed_months(services._terms(arrangement), entries[claim_id], day),
        )
        for claim_id, arrangement in running.items()
    }


def worklist(
    actor: Any,
    *,
    order: str = "oudste",
    offset: int = 0,
    limit: int = 20,
    on: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[int, list[WorkItem]]:
    """A page of the open claims this actor may read: the oldest first, or the most missed
    instalments first (then the oldest). The claims on the page are audited."""
    if order not in ORDERS:
        raise ValidationError({"order": ["Kies de volgorde oudste of gemist."]})
    day = on or timezone.localdate()
    policy = policy_for(actor)
    queryset = _open(policy).order_by("established_on", "pk")
    total = queryset.count()
    if order == "oudste":
        claims = list(queryset[offset : offset + limit])
        missed = _missed([c.pk for c in claims], day)
    else:
        running = Arrangement.objects.filter(ended_on__isnull=True).values("claim_id")
        with_arrangement = list(queryset.filter(pk__in=running).values_list("pk", flat=True))
        everything = _missed(with_arrangement, day)
        ranked = sorted(with_arrangement, key=lambda pk: -len(everything[pk][1]))
        ranked_ids = [pk for pk in ranked if everything[pk][1]]
        page_ids = ranked_ids[offset : offset + limit]
        rest = limit - len(page_ids)
        claims = [c for pk in page_ids for c in queryset.filter(pk=pk)]
        if rest > 0:
            skip = max(0, offset - len(ranked_ids))
            claims += list(queryset.exclude(pk__in=ranked_ids)[skip : skip + rest])
        missed = {pk: everything[pk] for pk in page_ids}
        missed.update(_missed([c.pk for c in claims if c.pk not in missed], day))
    items = [
        WorkItem(
            claim=c,
            balance=Decimal(c.saldo).quantize(services.CENT),  # type: ignore[attr-defined]
            arrangement=missed[c.pk][0] if c.pk in missed else None,
            missed=missed[c.pk][1] if c.pk in missed else [],
        )
        for c in claims
    ]
    if claims:
        services._audit(actor, policy, AuditEntry.Kind.READ, claims, purpose)
    return total, items


# ---------------------------------------------------------------------------------------------
# The month-end stock
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OriginStock:
    origin: str
    label: str
    number: int
    balance: Decimal


@dataclass(frozen=True)
class MunicipalityStock:
    municipality: Municipality
    origins: list[OriginStock]

    @property
    def number(self) -> int:
        return sum(o.number for o in self.origins)

    @property
    def balance(self) -> Decimal:
        return sum((o.balance for o in self.origins), Decimal("0.00"))


def parse_month(value: str, name: str = "month") -> dt.date:
    """``jjjj-mm`` as the first day of that month; a Dutch error naming the field."""
    text = (value or "").strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}", text):
            raise ValueError(text)
        month = dt.date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        raise ValidationError(
            {name: ["Vul een maand in als jjjj-mm, bijvoorbeeld 2026-11."]}
        ) from None
    if not 2000 <= month.year <= 2100:
        raise ValidationError({name: ["Kies een maand tussen 2000 en 2100."]})
    return month


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _stock_scope(policy: Policy) -> tuple[QuerySet[Claim], set[int]]:
    figures = policy.figure_municipality_ids()
    readable = policy.scope_records(Claim.objects.all(), Action.READ).values("pk")
    claims = Claim.objects.filter(Q(pk__in=readable) | Q(municipality_id__in=figures))
    return claims, figures | policy.municipality_ids(Action.READ)


def month_end_stock(
    actor: Any, month: dt.date, purpose: Purpose = Purpose.STURING
) -> tuple[dt.date, list[MunicipalityStock]]:
    """The claims with a balance above zero at the end of ``month`` (the sum of their
    movements booked up to that day), their number and total per municipality and origin,
    for every municipality this actor may see figures or claims of."""
    end = month_end(month)
    policy = policy_for(actor)
    claims, municipality_ids = _stock_scope(policy)
    counts: dict[tuple[int, str], list[Any]] = defaultdict(lambda: [0, Decimal("0.00")])
    per_claim = (
        Movement.objects.filter(claim__in=claims.values("pk"), booked_on__lte=end)
        .values("claim_id", "claim__municipality_id", "claim__origin")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=0)
        .order_by()
    )
    for row in per_claim.iterator(chunk_size=5000):
        found = counts[(row["claim__municipality_id"], row["claim__origin"])]
        found[0] += 1
        found[1] += row["balance"]
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids).order_by("name"))
    result = [
        MunicipalityStock(
            municipality=m,
            origins=[
                OriginStock(
                    origin=value,
                    label=str(label),
                    number=counts[(m.pk, value)][0],
                    balance=Decimal(counts[(m.pk, value)][1]).quantize(services.CENT),
                )
                for value, label in Claim.Origin.choices
            ],
        )
        for m in municipalities
    ]
    if result:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.READ,
            subjects=[
                audit.Subject(
                    "vorderingenstand",
                    f"{s.municipality.cbs_code}/{end:%Y-%m}",
                    municipality_code=s.municipality.cbs_code,
                )
                for s in result
            ],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return end, result
