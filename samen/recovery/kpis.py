"""The KPIs the recovery app answers for, registered in :mod:`samen.common.kpis` from
``RecoveryConfig.ready``: the DVO's *debiteurenontvangsten*, split as the steering catalogue
splits them (migration ``steering/0009`` names these computations for its KPIs
``debiteuren-ideel`` and ``debiteuren-bijzondere-bijstand``, replacing hand entry).

The figure is the money received on the municipality's claims in the period: the receipts
(*ontvangst*: paid by the debtor, by hand or from a bank statement) and the offsets
(*verrekening* with a running benefit) booked in it, as a positive amount. Write-offs are
no receipts, and corrections are left out (a correction is signed and says nothing about
money coming in). It reads only the recovery app's own ledger, amounts and counts.

The split follows the **kind of provision** the recovery decision recovers
(``Claim.benefit_type``, the decision type of the benefit): algemene bijstand, IOAW, IOAZ and
Bbz are the I-deel (what the gebundelde uitkering pays for), bijzondere bijstand is
bijzondere bijstand; a claim for the individuele inkomenstoeslag, a declaratieregeling or the
collective health insurance counts in neither. A claim without a recovery decision yet falls
back on its domain: ``participatiewet`` for the I-deel and ``minima`` for bijzondere bijstand
(which then also holds the other minima provisions). See docs/recovery.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from samen.common import kpis
from samen.common.periods import Period
from samen.recovery.models import Movement

IDEEL = "recovery.debiteuren-ideel"
BIJZONDERE_BIJSTAND = "recovery.debiteuren-bijzondere-bijstand"
PAYING = (Movement.Kind.RECEIPT, Movement.Kind.OFFSET)
DOMAINS = {IDEEL: "participatiewet", BIJZONDERE_BIJSTAND: "minima"}
#: the decision types of the provisions each KPI counts, once a claim has its founding
#: recovery decision (samen/recovery/decisions.py sets ``benefit_type``)
BENEFIT_TYPES = {
    IDEEL: ("pw-algemene-bijstand", "ioaw-uitkering", "ioaz-uitkering", "bbz-bijstand"),
    BIJZONDERE_BIJSTAND: ("bijzondere-bijstand",),
}


def receipts(municipality: Any, period: Period, kpi: str) -> kpis.KpiResult:
    domain = DOMAINS[kpi]
    rows = {
        r["kind"]: r
        for r in Movement.objects.filter(
            Q(claim__benefit_type__code__in=BENEFIT_TYPES[kpi])
            | Q(claim__benefit_type__isnull=True, claim__domain__code=domain),
            claim__municipality=municipality,
            kind__in=PAYING,
            booked_on__range=(period.valid_from, period.valid_until),
        )
        .values("kind")
        .annotate(total=Sum("amount"), number=Count("pk"))
        .order_by()
    }

    def amount(kind: str) -> Decimal:
        return -(rows[kind]["total"] if kind in rows else Decimal("0.00"))

    def number(kind: str) -> int:
        return int(rows[kind]["number"]) if kind in rows else 0

    received, offset = amount(Movement.Kind.RECEIPT), amount(Movement.Kind.OFFSET)
    total = (received + offset).quantize(Decimal("0.01"))
    query = (
        f"Ontvangsten en verrekeningen geboekt van {period.valid_from:%d-%m-%Y} t/m "
        f"{period.valid_until:%d-%m-%Y} op vorderingen van {municipality.name} voor "
        f"{', '.join(BENEFIT_TYPES[kpi])} (zonder terugvorderingsbesluit: het domein {domain}): "
        f"ontvangsten EUR {received:.2f}, verrekeningen EUR {offset:.2f}. "
        "Afboekingen en correcties tellen niet mee."
    )
    return kpis.KpiResult(
        value=total,
        numerator=total,
        denominator=None,
        query=query,
        breakdown=(
            ("ontvangsten (boekingen)", number(Movement.Kind.RECEIPT)),
            ("verrekeningen (boekingen)", number(Movement.Kind.OFFSET)),
        ),
    )


def ideel(municipality: Any, period: Period) -> kpis.KpiResult:
    return receipts(municipality, period, IDEEL)


def bijzondere_bijstand(municipality: Any, period: Period) -> kpis.KpiResult:
    return receipts(municipality, period, BIJZONDERE_BIJSTAND)


def register() -> None:
    kpis.register(IDEEL, "Debiteurenontvangsten gebundeld I-deel (vorderingen)")(ideel)
    kpis.register(BIJZONDERE_BIJSTAND, "Debiteurenontvangsten bijzondere bijstand (vorderingen)")(
        bijzondere_bijstand
    )
