"""The KPIs the recovery app answers for, registered in :mod:`samen.common.kpis` from
``RecoveryConfig.ready``: the DVO's *debiteurenontvangsten*, split as the steering catalogue
splits them (migration ``steering/0009`` names these computations for its KPIs
``debiteuren-ideel`` and ``debiteuren-bijzondere-bijstand``, replacing hand entry).

The figure is the money received on the municipality's claims in the period: the receipts
(*ontvangst*: paid by the debtor, by hand or from a bank statement) and the offsets
(*verrekening* with a running benefit) booked in it, as a positive amount. Write-offs are
no receipts, and corrections are left out (a correction is signed and says nothing about
money coming in). It reads only the recovery app's own ledger, amounts and counts.

The split follows the claim's domain, the only thing every claim holds that tells them
apart: domain ``participatiewet`` (algemene bijstand, IOAW, IOAZ, Bbz: what the gebundelde
uitkering, the I-deel, pays for) and domain ``minima`` (bijzondere bijstand and the other
minima provisions: individuele inkomenstoeslag, declaratieregelingen and the collective
health insurance, which the product cannot yet tell apart from bijzondere bijstand when a
claim has no founding decision). See docs/recovery.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from samen.common import kpis
from samen.common.periods import Period
from samen.recovery.models import Movement

IDEEL = "recovery.debiteuren-ideel"
BIJZONDERE_BIJSTAND = "recovery.debiteuren-bijzondere-bijstand"
PAYING = (Movement.Kind.RECEIPT, Movement.Kind.OFFSET)
DOMAINS = {IDEEL: "participatiewet", BIJZONDERE_BIJSTAND: "minima"}


def receipts(municipality: Any, period: Period, domain: str) -> kpis.KpiResult:
    rows = {
        r["kind"]: r
        for r in Movement.objects.filter(
            claim__municipality=municipality,
            claim__domain__code=domain,
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
        f"{period.valid_until:%d-%m-%Y} op vorderingen van {municipality.name} in het domein "
        f"{domain}: ontvangsten EUR {received:.2f}, verrekeningen EUR {offset:.2f}. "
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
    return receipts(municipality, period, DOMAINS[IDEEL])


def bijzondere_bijstand(municipality: Any, period: Period) -> kpis.KpiResult:
    return receipts(municipality, period, DOMAINS[BIJZONDERE_BIJSTAND])


def register() -> None:
    kpis.register(IDEEL, "Debiteurenontvangsten gebundeld I-deel (vorderingen)")(ideel)
    kpis.register(BIJZONDERE_BIJSTAND, "Debiteurenontvangsten bijzondere bijstand (vorderingen)")(
        bijzondere_bijstand
    )
