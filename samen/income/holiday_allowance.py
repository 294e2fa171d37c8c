"""The vakantietoeslag in the payment run: reserved every month and paid once a year (art. 19
lid 3 Participatiewet), in the month that the parameter ``vakantietoeslag_uitbetaalmaand``
names (data with a validity period), and settled when a benefit ends. A balance below zero
after recalculation becomes a recovery claim. Called by the run in
:mod:`samen.income.payments`; the balances and their explanation are read by the benefits
page (:mod:`samen.income.services`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from samen.common.periods import MONTHS_NL
from samen.income.calculation import euro
from samen.income.models import (
    Benefit,
    PaymentLine,
    PaymentRun,
    RecoveryClaim,
    Supplement,
)
from samen.income.payments import CENT, DEFAULT_BATCH_SIZE, month_label


def is_payout_month(month: dt.date) -> bool:
    """Whether the run of ``month`` pays every benefit's reserved vakantietoeslag (the
    parameter ``vakantietoeslag_uitbetaalmaand``, data with a validity period). Without the
    parameter for that day there is no yearly payout; ended benefits are still settled."""
    from samen.income.norms import NormError, NormTable

    try:
        return int(NormTable.load().parameter("vakantietoeslag_uitbetaalmaand", month)) == (
            month.month
        )
    except NormError:
        return False


def balances(benefit_ids: list[int], before: dt.date) -> dict[int, dict[str, Any]]:
    """Per benefit: the vakantietoeslag reserved on its regular lines before ``before``, the
    corrections by recalculations of those months, what vakantietoeslag lines paid before,
    and the balance (reserved + corrections - paid). Four grouped queries for the whole
    list, whatever its length."""
    balances: dict[int, dict[str, Any]] = {}

    def entry(benefit_id: int) -> dict[str, Any]:
        return balances.setdefault(
            benefit_id,
            {
                "gereserveerd": Decimal("0.00"),
                "correcties": Decimal("0.00"),
                "eerder_betaald": Decimal("0.00"),
                "vanaf": None,
                "tot_en_met": None,
                "laatst_betaald": None,
            },
        )

    lines = PaymentLine.objects.filter(benefit_id__in=benefit_ids, month__lt=before)
    for row in (
        lines.filter(kind=PaymentLine.Kind.REGULAR)
        .values("benefit_id")
        .annotate(total=Sum("holiday_allowance"), first=Min("month"), last=Max("month"))
        .order_by()
    ):
        item = entry(row["benefit_id"])
        item["gereserveerd"] = Decimal(row["total"] or 0).quantize(CENT)
        item["vanaf"], item["tot_en_met"] = row["first"], row["last"]
    for model in (Supplement, RecoveryClaim):
        for row in (
            model.objects.filter(benefit_id__in=benefit_ids, month__lt=before)
            .values("benefit_id")
            .annotate(total=Sum("holiday_allowance"))
            .order_by()
        ):
            entry(row["benefit_id"])["correcties"] += Decimal(row["total"] or 0).quantize(CENT)
    for row in (
        lines.filter(kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE)
        .values("benefit_id")
        .annotate(total=Sum("amount"), last=Max("month"))
        .order_by()
    ):
        item = entry(row["benefit_id"])
        item["eerder_betaald"] = Decimal(row["total"] or 0).quantize(CENT)
        item["laatst_betaald"] = row["last"]
    for item in balances.values():
        item["saldo"] = (
            item["gereserveerd"] + item["correcties"] - item["eerder_betaald"]
        ).quantize(CENT)
    return balances


def explanation(calculation: Mapping[str, Any]) -> list[str]:
    """The Dutch explanation of a vakantietoeslag line, from the figures it stores (both
    database paths store the same keys; the text is made here, in one place)."""

    def label(value: Any) -> str:
        return month_label(dt.date.fromisoformat(str(value)[:10]))

    until = label(calculation["totEnMet"]) if calculation.get("totEnMet") else ""

    def money(key: str) -> str:
        return euro(Decimal(calculation.get(key) or 0))

    lines = [f"Opgebouwde vakantietoeslag tot en met {until}: {money('gereserveerd')}."]
    if Decimal(calculation.get("correcties") or 0):
        lines.append(f"Correcties na herberekening: {money('correcties')}.")
    if Decimal(calculation.get("eerderBetaald") or 0):
        lines.append(
            f"Eerder uitbetaald (laatst in {label(calculation['laatstBetaald'])}): "
            f"{money('eerderBetaald')}."
        )
    lines.append(f"Nu uitbetaald: {money('bedrag')}.")
    return lines


def _pay_holiday_allowances_sql(
    run: PaymentRun, low: int, high: int, yearly: bool, horizon: dt.date
) -> int:
    """PostgreSQL: the same lines as the loop in :func:`pay` (same
    amounts, reason and explanation), computed and written by one ``INSERT ... SELECT`` per
    window of benefits, so a national payout month does not build a million objects in
    Python. The tests run both paths (SQLite and PostgreSQL) against the same expectations."""
    line = PaymentLine._meta.db_table
    # the benefits of the window (low, high] that the loop would take, by id range: a range
    # scan of the (benefit, month, kind) index instead of 10,000 separate lookups
    eligible = (
        "(b.end_date IS NULL OR b.end_date >= %(horizon)s)"
        if yearly
        else "b.end_date >= %(horizon)s AND b.end_date < %(month)s"
    )
    sql = f"""
        WITH r AS (
            SELECT l.benefit_id, SUM(l.holiday_allowance) AS reserved,
                   MIN(l.month) AS first_month, MAX(l.month) AS last_month
            FROM {line} l JOIN {Benefit._meta.db_table} b ON b.id = l.benefit_id
            WHERE l.benefit_id > %(low)s AND l.benefit_id <= %(high)s
              AND b.id > %(low)s AND b.id <= %(high)s AND {eligible}
              AND l.kind = %(regular)s AND l.month < %(month)s
            GROUP BY l.benefit_id
        ), c AS (
            SELECT x.benefit_id, SUM(x.holiday_allowance) AS corrections FROM (
                SELECT benefit_id, holiday_allowance FROM {Supplement._meta.db_table}
                WHERE benefit_id > %(low)s AND benefit_id <= %(high)s AND month < %(month)s
                UNION ALL
                SELECT benefit_id, holiday_allowance FROM {RecoveryClaim._meta.db_table}
                WHERE benefit_id > %(low)s AND benefit_id <= %(high)s AND month < %(month)s
            ) x GROUP BY x.benefit_id
        ), p AS (
            SELECT l.benefit_id, SUM(l.amount) AS paid, MAX(l.month) AS last_paid
            FROM {line} l
            WHERE l.benefit_id > %(low)s AND l.benefit_id <= %(high)s
              AND l.kind = %(holiday)s AND l.month < %(month)s
            GROUP BY l.benefit_id
        ), t AS (
            SELECT r.benefit_id, r.reserved, r.first_month, r.last_month,
                   COALESCE(c.corrections, 0.00) AS corrections,
                   COALESCE(p.paid, 0.00) AS paid, p.last_paid,
                   r.reserved + COALESCE(c.corrections, 0.00) - COALESCE(p.paid, 0.00) AS saldo,
                   (%(names)s::text[])[EXTRACT(MONTH FROM r.last_month)::int]
                     || ' ' || EXTRACT(YEAR FROM r.last_month)::int AS until
            FROM r LEFT JOIN c ON c.benefit_id = r.benefit_id
                   LEFT JOIN p ON p.benefit_id = r.benefit_id
        )
        INSERT INTO {line}
            (run_id, benefit_id, month, kind, amount, holiday_allowance, calculation, reason,
             created_at)
        SELECT %(run)s, t.benefit_id, %(month)s, %(holiday)s, t.saldo, 0,
            jsonb_build_object(
                'maand', %(month_iso)s,
                'bedrag', t.saldo::text,
                'gereserveerd', t.reserved::text,
                'correcties', t.corrections::text,
                'eerderBetaald', t.paid::text,
                'vanaf', to_char(t.first_month, 'YYYY-MM-DD'),
                'totEnMet', to_char(t.last_month, 'YYYY-MM-DD'),
                'laatstBetaald', to_char(t.last_paid, 'YYYY-MM-DD')
            ),
            LEFT(%(reason)s || t.until, 300), %(now)s
        FROM t
        WHERE t.saldo > 0
        ON CONFLICT (benefit_id, month, kind) DO NOTHING
    """  # noqa: S608 (table names come from the models, values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "low": low,
                "high": high,
                "horizon": horizon,
                "regular": PaymentLine.Kind.REGULAR,
                "holiday": PaymentLine.Kind.HOLIDAY_ALLOWANCE,
                "month": run.month,
                "month_iso": run.month.isoformat(),
                "names": list(MONTHS_NL),
                "run": run.pk,
                "reason": (
                    "Vakantietoeslag, opgebouwd tot en met "
                    if yearly
                    else "Vakantietoeslag bij het einde van de uitkering, tot en met "
                ),
                "now": timezone.now(),
            },
        )
        return int(cursor.rowcount)


def claim_overpaid(run: PaymentRun, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """A benefit that has ended with a negative vakantietoeslag balance (more was paid out
    than turned out to be due) gets a recovery claim for it, in the first run after its end.
    The claim adds the amount back to the reserve (``holiday_allowance``), so the balance is
    0 afterwards and running again claims nothing twice. Only benefits ended in the last
    13 months are walked; their number is small next to the active ones."""
    horizon = (run.month - dt.timedelta(days=395)).replace(day=1)
    ended = Benefit.objects.filter(end_date__gte=horizon, end_date__lt=run.month).order_by("pk")
    end_months: dict[int, dt.date] = {
        pk: end for pk, end in ended.values_list("pk", "end_date") if end is not None
    }
    claimed = 0
    last_id = 0
    while True:
        ids = list(ended.filter(pk__gt=last_id).values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        last_id = ids[-1]
        with transaction.atomic():
            for benefit_id, item in balances(ids, run.month).items():
                if item["saldo"] >= 0:
                    continue
                amount = -item["saldo"]
                RecoveryClaim.objects.create(
                    benefit_id=benefit_id,
                    # the benefit's last month: before every later run, so the balance
                    # those runs compute includes it
                    month=end_months[benefit_id].replace(day=1),
                    amount=amount,
                    holiday_allowance=amount,
                    reason=(
                        f"Te veel uitbetaalde vakantietoeslag: uitbetaald "
                        f"{euro(item['eerder_betaald'])}, recht op "
                        f"{euro(item['gereserveerd'] + item['correcties'])}"
                    )[:300],
                    calculation={
                        "maand": run.month.isoformat(),
                        "gereserveerd": str(item["gereserveerd"]),
                        "correcties": str(item["correcties"]),
                        "eerderBetaald": str(item["eerder_betaald"]),
                        "bedrag": str(amount),
                    },
                )
                claimed += 1
    return claimed


def pay(run: PaymentRun, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Pay the reserved vakantietoeslag in this run: every benefit's balance in the payout
    month (see :func:`is_payout_month`), and in any month the balance of a benefit
    that ended before it. One vakantietoeslag line per benefit and month (unique, so running
    again pays nobody twice); each window of benefits commits on its own (resumable). A
    negative balance (a recalculation lowered months already paid out) is not paid: while
    the benefit runs it is set off against the next payout, and once it has ended it becomes
    a recovery claim (:func:`claim_overpaid`)."""
    yearly = is_payout_month(run.month)
    # Benefits ended more than a year ago were settled in the month after their end (and in
    # the payout month after it): they are not walked again every month.
    horizon = (run.month - dt.timedelta(days=395)).replace(day=1)
    benefits = Benefit.objects.order_by("pk").filter(
        Q(end_date__isnull=True) | Q(end_date__gte=horizon)
    )
    if not yearly:
        benefits = benefits.filter(end_date__lt=run.month)
    paid = 0
    last_id = 0
    label = month_label(run.month)
    while True:
        ids = list(benefits.filter(pk__gt=last_id).values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        low, last_id = last_id, ids[-1]
        if connection.vendor == "postgresql":
            paid += _pay_holiday_allowances_sql(run, low, last_id, yearly, horizon)
            continue
        done = set(
            PaymentLine.objects.filter(
                benefit_id__in=ids, month=run.month, kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE
            ).values_list("benefit_id", flat=True)
        )
        new_lines = []
        for benefit_id, item in balances(ids, run.month).items():
            if benefit_id in done or item["saldo"] <= 0:
                continue
            until = month_label(item["tot_en_met"]) if item["tot_en_met"] else label
            new_lines.append(
                PaymentLine(
                    run=run,
                    benefit_id=benefit_id,
                    month=run.month,
                    kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE,
                    amount=item["saldo"],
                    reason=(
                        f"Vakantietoeslag, opgebouwd tot en met {until}"
                        if yearly
                        else f"Vakantietoeslag bij het einde van de uitkering, tot en met {until}"
                    )[:300],
                    calculation={
                        "maand": run.month.isoformat(),
                        "bedrag": str(item["saldo"]),
                        "gereserveerd": str(item["gereserveerd"]),
                        "correcties": str(item["correcties"]),
                        "eerderBetaald": str(item["eerder_betaald"]),
                        "vanaf": item["vanaf"].isoformat() if item["vanaf"] else None,
                        "totEnMet": item["tot_en_met"].isoformat() if item["tot_en_met"] else None,
                        "laatstBetaald": (
                            item["laatst_betaald"].isoformat() if item["laatst_betaald"] else None
                        ),
                    },
                )
            )
        with transaction.atomic():
            PaymentLine.objects.bulk_create(new_lines, ignore_conflicts=True)
        paid += len(new_lines)
    return paid
