"""The KPIs the income app answers for, registered in :mod:`samen.common.kpis` (from
``IncomeConfig.ready``). Every figure is counted by the paying municipality of a benefit,
with aggregate queries (a count, a group-by, a conditional count per month of the period).

- **Caseload** (uitkeringseenheden): benefits running on the period's last day: started on
  or before it and not ended before it. One benefit is one unit (one per household).
- **Inflow**: benefits that started in the period, broken down by the case type of the
  granting case. **Outflow**: benefits whose last paid day lies in the period, broken down
  by the coded reason for the end (:class:`EndReason`; benefits ended before the reasons
  were coded show as "reden niet vastgelegd").
- **Outflow to regular work**: see :func:`outflow_to_work` (full and partial).
- **Part-time work**: of the caseload on the last day, the benefits whose facts in force
  that day (the latest :class:`BenefitFact` from on or before it) hold an income of kind
  ``arbeid``.
- **Paid on time**: for every month of the period, the benefits due that month (started on
  or before its last day, not ended before its first, not suspended now); on time when the
  benefit's regular payment line of the month is in a run released on or before the month's
  payment date (:class:`PaymentDate`, or the default calendar when the month has no row).
  A due benefit without a line counts as not on time. Two aggregate queries for the whole
  period (the due benefits per month, the lines in time per month), so a year costs what
  four months cost.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from samen.common import kpis
from samen.common.periods import Period
from samen.income import calendar
from samen.income.models import Benefit, BenefitFact, PaymentDate, PaymentLine, PaymentRun

# How an income from work looks in the stored facts (Django writes JSON with ", " and ": "
# on SQLite, PostgreSQL's jsonb prints the same), so one text match finds it on both.
WORK_INCOME = '"soort": "arbeid"'

#: The outflow breakdown's label for benefits ended without a coded reason (before the
#: reasons were coded, income/0010).
NO_REASON = "reden niet vastgelegd"


def _benefits(municipality: Any) -> Any:
    return Benefit.objects.filter(municipality=municipality)


def _running_on(municipality: Any, day: Any) -> Any:
    return _benefits(municipality).filter(start_date__lte=day).exclude(end_date__lt=day)


def _between(period: Period) -> str:
    return f"{period.valid_from:%d-%m-%Y} t/m {period.valid_until:%d-%m-%Y}"


def caseload(municipality: Any, period: Period) -> kpis.KpiResult:
    day = period.valid_until
    number = _running_on(municipality, day).count()
    return kpis.count(
        number,
        f"Uitkeringen betaald door {municipality.name} die lopen op {day:%d-%m-%Y}: "
        f"ingangsdatum op of vóór die dag en geen einddatum vóór die dag.",
    )


def inflow(municipality: Any, period: Period) -> kpis.KpiResult:
    started = _benefits(municipality).filter(
        start_date__range=(period.valid_from, period.valid_until)
    )
    rows = (
        started.values(kind=F("case__case_type__name"))
        .annotate(number=Count("pk"))
        .order_by("kind")
    )
    breakdown = tuple((str(row["kind"] or "zonder zaak"), row["number"]) for row in rows)
    return kpis.count(
        sum(n for _kind, n in breakdown),
        f"Uitkeringen betaald door {municipality.name} met een ingangsdatum "
        f"{_between(period)}, uitgesplitst naar het zaaktype van de toekenning.",
        breakdown=breakdown,
    )


def outflow(municipality: Any, period: Period) -> kpis.KpiResult:
    ended = _benefits(municipality).filter(end_date__range=(period.valid_from, period.valid_until))
    rows = (
        ended.values(reason=F("end_reason__name")).annotate(number=Count("pk")).order_by("reason")
    )
    breakdown = tuple((str(row["reason"] or NO_REASON), row["number"]) for row in rows)
    return kpis.count(
        sum(n for _reason, n in breakdown),
        f"Uitkeringen betaald door {municipality.name} met een einddatum (laatste betaaldag) "
        f"{_between(period)}, uitgesplitst naar de reden van beëindiging.",
        breakdown=breakdown,
    )


def _facts_on(day: dt.date) -> Any:
    """The text of a benefit's facts in force on ``day`` (its latest fact from on or before
    it), for a subquery per benefit."""
    return (
        BenefitFact.objects.filter(benefit=OuterRef("pk"), valid_from__lte=day)
        .order_by("-valid_from", "-pk")
        .annotate(text=Cast("facts", TextField()))
        .values("text")[:1]
    )


def outflow_to_work(municipality: Any, period: Period) -> kpis.KpiResult:
    """Full outflow to work: a benefit ended in the period for a reason that counts as work.
    Partial outflow to work: a benefit that ran before the period and still runs on its last
    day, whose facts in force then hold an income from work while those of the day before
    the period did not. Share = (full + partial outflow to work) / (all outflow + partial
    outflow to work). Two aggregate queries."""
    first, last = period.valid_from, period.valid_until
    full = _benefits(municipality).aggregate(
        total=Count("pk", filter=Q(end_date__range=(first, last))),
        work=Count("pk", filter=Q(end_date__range=(first, last), end_reason__towards_work=True)),
    )
    partial = (
        _running_on(municipality, last)
        .filter(start_date__lt=first)
        .annotate(before=Subquery(_facts_on(first - dt.timedelta(days=1))))
        .annotate(after=Subquery(_facts_on(last)))
        .filter(after__contains=WORK_INCOME)
        .exclude(before__contains=WORK_INCOME)
        .count()
    )
    return kpis.percentage(
        full["work"] + partial,
        full["total"] + partial,
        f"Uitkeringen betaald door {municipality.name}. Teller: beëindigd {_between(period)} "
        f"met een reden die telt als werk ({full['work']}), plus de uitkeringen die vóór de "
        f"periode liepen en nog lopen, met op de laatste dag wel en de dag vóór de periode "
        f"geen inkomen uit arbeid (gedeeltelijke uitstroom, {partial}). Noemer: alle "
        f"beëindigde uitkeringen ({full['total']}) plus die gedeeltelijke uitstroom.",
        breakdown=(("geheel naar werk", full["work"]), ("gedeeltelijk naar werk", partial)),
    )


def part_time(municipality: Any, period: Period) -> kpis.KpiResult:
    """One aggregate query: the running benefits, and of them those whose latest fact on the
    day (one index lookup per benefit) holds an income from work."""
    day = period.valid_until
    figures = (
        _running_on(municipality, day)
        .annotate(facts_in_force=Subquery(_facts_on(day)))
        .aggregate(
            total=Count("pk"), working=Count("pk", filter=Q(facts_in_force__contains=WORK_INCOME))
        )
    )
    return kpis.percentage(
        figures["working"],
        figures["total"],
        f"Uitkeringen betaald door {municipality.name} die lopen op {day:%d-%m-%Y} "
        f"(noemer), waarvan de feiten die dag een inkomen uit arbeid bevatten (teller).",
    )


def _pay_dates(months: list[dt.date]) -> dict[dt.date, dt.date]:
    """The payment date of every month (:class:`PaymentDate`, or the default calendar)."""
    found = {row.month: row.pay_on for row in PaymentDate.objects.filter(month__in=months)}
    return {m: found.get(m) or calendar.propose(m).pay_on for m in months}


def _months(period: Period) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of every month of the period."""
    found = []
    month = period.valid_from.replace(day=1)
    assert period.valid_until is not None
    while month <= period.valid_until:
        last = month.replace(day=monthrange(month.year, month.month)[1])
        found.append((month, last))
        month = last + dt.timedelta(days=1)
    return found


def paid_on_time(municipality: Any, period: Period) -> kpis.KpiResult:
    """Two aggregate queries for the whole period, whatever its length: the benefits due per
    month (one pass over the benefits), and per month the regular payment lines of due
    benefits in a run released on or before the payment date (one pass over the lines of
    the period's months). A benefit has at most one regular line a month (the unique
    constraint ``income_paymentline_once_per_month``), so counting lines counts benefits."""
    months = _months(period)
    pay_on = _pay_dates([m for m, _last in months])
    # The runs released in time, per month: the released moment's day in the project's time
    # zone (as ``released_at__date`` compares it), decided on the few run rows.
    released: dict[dt.date, list[int]] = {m: [] for m, _last in months}
    for run in PaymentRun.objects.filter(month__in=list(released), released_at__isnull=False).only(
        "pk", "month", "released_at"
    ):
        assert run.released_at is not None
        if timezone.localtime(run.released_at).date() <= pay_on[run.month]:
            released[run.month].append(run.pk)
    due = (
        _benefits(municipality)
        .exclude(status=Benefit.Status.SUSPENDED)
        .aggregate(
            **{
                f"m{i}": Count("pk", filter=Q(start_date__lte=last) & ~Q(end_date__lt=month))
                for i, (month, last) in enumerate(months)
            }
        )
    )
    in_time = [(i, month, last) for i, (month, last) in enumerate(months) if released[month]]
    on_time = (
        PaymentLine.objects.filter(
            benefit__municipality=municipality,
            kind=PaymentLine.Kind.REGULAR,
            month__in=[month for _i, month, _last in in_time],
        )
        .exclude(benefit__status=Benefit.Status.SUSPENDED)
        .aggregate(
            **{
                f"m{i}": Count(
                    "pk",
                    filter=Q(month=month, run_id__in=released[month])
                    & Q(benefit__start_date__lte=last)
                    & ~Q(benefit__end_date__lt=month),
                )
                for i, month, last in in_time
            }
        )
        if in_time
        else {}
    )
    due_total = sum(due[f"m{i}"] for i in range(len(months)))
    on_time_total = sum(on_time.get(f"m{i}") or 0 for i in range(len(months)))
    dates = [f"{month:%m-%Y}: {pay_on[month]:%d-%m-%Y}" for month, _last in months]
    return kpis.percentage(
        on_time_total,
        due_total,
        f"Per maand de uitkeringen betaald door {municipality.name} die die maand liepen "
        f"(niet opgeschort; noemer, opgeteld over de maanden), waarvan de reguliere "
        f"betaalregel in een betaalrun zit die vrijgegeven is op of vóór de betaaldatum "
        f"(teller). Betaaldata: {'; '.join(dates)}.",
    )


def monthly_average(municipality: Any, period: Period) -> kpis.KpiResult:
    """The average over the months of the period of the benefits active in each month
    (running on at least one day of the month within the period), in one query; the basis
    of the cost allocation by dossiers."""
    assert period.valid_until is not None
    months = []
    for month, last in _months(period):
        first, until = max(month, period.valid_from), min(last, period.valid_until)
        months.append((month, Q(start_date__lte=until) & ~Q(end_date__lt=first)))
    counts = _benefits(municipality).aggregate(
        **{f"m{i}": Count("pk", filter=q) for i, (_m, q) in enumerate(months)}
    )
    monthly = [counts[f"m{i}"] for i in range(len(months))]
    total = sum(monthly)
    value = (Decimal(total) / Decimal(len(months))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    per_month = "; ".join(f"{m:%m-%Y}: {n}" for (m, _q), n in zip(months, monthly, strict=True))
    return kpis.KpiResult(
        value,
        total,
        len(months),
        f"Per maand {_between(period)} de uitkeringen betaald door {municipality.name} die op "
        f"minstens één dag van die maand liepen, opgeteld (teller) en gedeeld door het aantal "
        f"maanden (noemer), afgerond op twee decimalen. Per maand: {per_month}.",
        breakdown=tuple((f"{m:%m-%Y}", n) for (m, _q), n in zip(months, monthly, strict=True)),
    )


def register() -> None:
    kpis.register("income.uitkeringseenheden", "Uitkeringseenheden")(caseload)
    kpis.register("income.instroom", "Instroom")(inflow)
    kpis.register("income.uitstroom", "Uitstroom")(outflow)
    kpis.register("income.uitstroom-regulier-werk", "Aandeel uitstroom naar regulier werk")(
        outflow_to_work
    )
    kpis.register("income.aandeel-parttime", "Aandeel parttime werkenden")(part_time)
    kpis.register("income.tijdig-betaald", "Tijdig betaalbaar gesteld")(paid_on_time)
    kpis.register("income.gemiddeld-lopend", "Gemiddeld aantal lopende uitkeringsdossiers")(
        monthly_average
    )
