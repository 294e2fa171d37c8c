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

Every computation is written for many municipalities at once (``*_many``: one grouped pass
over the benefits or lines of all of them, as the nightly refresh asks for every partner);
the single form registered beside it is that pass for one municipality, so both give the
same figures.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, TextField
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


ByMunicipality = dict[int, kpis.KpiResult]


def _benefits(municipalities: list[Any]) -> QuerySet[Benefit]:
    return Benefit.objects.filter(municipality__in=[m.pk for m in municipalities])


def _running_on(municipalities: list[Any], day: dt.date) -> QuerySet[Benefit]:
    return _benefits(municipalities).filter(start_date__lte=day).exclude(end_date__lt=day)


def _per_municipality(queryset: QuerySet[Any], **aggregates: Any) -> dict[int, dict[str, Any]]:
    """``aggregates`` grouped by the paying municipality: one query."""
    rows = queryset.values("municipality_id").annotate(**aggregates).order_by()
    return {row["municipality_id"]: row for row in rows}


def _between(period: Period) -> str:
    return f"{period.valid_from:%d-%m-%Y} t/m {period.valid_until:%d-%m-%Y}"


def _single(many: Any) -> Any:
    """The one-municipality form of a many computation."""

    def single(municipality: Any, period: Period) -> kpis.KpiResult:
        return many([municipality], period)[municipality.pk]

    single.__doc__ = many.__doc__
    single.__name__ = many.__name__.removesuffix("_many")
    return single


def caseload_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    day = period.valid_until
    assert day is not None
    found = _per_municipality(_running_on(municipalities, day), number=Count("pk"))
    return {
        m.pk: kpis.count(
            found.get(m.pk, {}).get("number", 0),
            f"Uitkeringen betaald door {m.name} die lopen op {day:%d-%m-%Y}: "
            f"ingangsdatum op of vóór die dag en geen einddatum vóór die dag.",
        )
        for m in municipalities
    }


def _breakdowns(queryset: QuerySet[Benefit], label: Any, empty: str) -> dict[int, list]:
    """Per municipality the (label, count) pairs of ``label``, ordered by label: one query."""
    rows = (
        queryset.values("municipality_id", label=label)
        .annotate(number=Count("pk"))
        .order_by("municipality_id", "label")
    )
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(row["municipality_id"], []).append(
            (str(row["label"] or empty), row["number"])
        )
    return found


def inflow_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    started = _benefits(municipalities).filter(
        start_date__range=(period.valid_from, period.valid_until)
    )
    found = _breakdowns(started, F("case__case_type__name"), "zonder zaak")
    return {
        m.pk: kpis.count(
            sum(n for _kind, n in found.get(m.pk, [])),
            f"Uitkeringen betaald door {m.name} met een ingangsdatum "
            f"{_between(period)}, uitgesplitst naar het zaaktype van de toekenning.",
            breakdown=tuple(found.get(m.pk, [])),
        )
        for m in municipalities
    }


def outflow_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    ended = _benefits(municipalities).filter(
        end_date__range=(period.valid_from, period.valid_until)
    )
    found = _breakdowns(ended, F("end_reason__name"), NO_REASON)
    return {
        m.pk: kpis.count(
            sum(n for _reason, n in found.get(m.pk, [])),
            f"Uitkeringen betaald door {m.name} met een einddatum (laatste betaaldag) "
            f"{_between(period)}, uitgesplitst naar de reden van beëindiging.",
            breakdown=tuple(found.get(m.pk, [])),
        )
        for m in municipalities
    }


def _facts_on(day: dt.date) -> Any:
    """The text of a benefit's facts in force on ``day`` (its latest fact from on or before
    it), for a subquery per benefit."""
    return (
        BenefitFact.objects.filter(benefit=OuterRef("pk"), valid_from__lte=day)
        .order_by("-valid_from", "-pk")
        .annotate(text=Cast("facts", TextField()))
        .values("text")[:1]
    )


def outflow_to_work_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    """Full outflow to work: a benefit ended in the period for a reason that counts as work.
    Partial outflow to work: a benefit that ran before the period and still runs on its last
    day, whose facts in force then hold an income from work while those of the day before
    the period did not. Share = (full + partial outflow to work) / (all outflow + partial
    outflow to work). Two aggregate queries; the facts are looked up only for the benefits
    with a fact from within the period."""
    first, last = period.valid_from, period.valid_until
    assert last is not None
    ended = Q(end_date__range=(first, last))
    full = _per_municipality(
        _benefits(municipalities).filter(ended),
        total=Count("pk"),
        work=Count("pk", filter=Q(end_reason__towards_work=True)),
    )
    # Only a benefit with a fact from within the period can hold other facts on its last day
    # than the day before it, so the two lookups run for those benefits alone.
    changed = BenefitFact.objects.filter(valid_from__range=(first, last)).values("benefit_id")
    partial = _per_municipality(
        _running_on(municipalities, last)
        .filter(start_date__lt=first, pk__in=changed)
        .annotate(before=Subquery(_facts_on(first - dt.timedelta(days=1))))
        .annotate(after=Subquery(_facts_on(last)))
        .filter(after__contains=WORK_INCOME)
        .exclude(before__contains=WORK_INCOME),
        number=Count("pk"),
    )
    found = {}
    for m in municipalities:
        total, work = (full.get(m.pk, {}).get(k, 0) for k in ("total", "work"))
        part = partial.get(m.pk, {}).get("number", 0)
        found[m.pk] = kpis.percentage(
            work + part,
            total + part,
            f"Uitkeringen betaald door {m.name}. Teller: beëindigd {_between(period)} met een "
            f"reden die telt als werk ({work}), plus de uitkeringen die vóór de periode liepen "
            f"en nog lopen, met op de laatste dag wel en de dag vóór de periode geen inkomen "
            f"uit arbeid (gedeeltelijke uitstroom, {part}). Noemer: alle beëindigde "
            f"uitkeringen ({total}) plus die gedeeltelijke uitstroom.",
            breakdown=(("geheel naar werk", work), ("gedeeltelijk naar werk", part)),
        )
    return found


def part_time_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    """One aggregate query: the running benefits, and of them those whose latest fact on the
    day (one index lookup per benefit) holds an income from work."""
    day = period.valid_until
    assert day is not None
    found = _per_municipality(
        _running_on(municipalities, day).annotate(facts_in_force=Subquery(_facts_on(day))),
        total=Count("pk"),
        working=Count("pk", filter=Q(facts_in_force__contains=WORK_INCOME)),
    )
    return {
        m.pk: kpis.percentage(
            found.get(m.pk, {}).get("working", 0),
            found.get(m.pk, {}).get("total", 0),
            f"Uitkeringen betaald door {m.name} die lopen op {day:%d-%m-%Y} "
            f"(noemer), waarvan de feiten die dag een inkomen uit arbeid bevatten (teller).",
        )
        for m in municipalities
    }


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


def paid_on_time_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    """Two aggregate queries for the whole period, whatever its length and however many
    municipalities: the benefits due per month (one pass over the benefits), and per month
    the regular payment lines of due benefits in a run released on or before the payment
    date (one pass over the lines of the period's months), both grouped by municipality. A
    benefit has at most one regular line a month (the unique constraint
    ``income_paymentline_once_per_month``), so counting lines counts benefits."""
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
    due = _per_municipality(
        _benefits(municipalities).exclude(status=Benefit.Status.SUSPENDED),
        **{
            f"m{i}": Count("pk", filter=Q(start_date__lte=last) & ~Q(end_date__lt=month))
            for i, (month, last) in enumerate(months)
        },
    )
    in_time = [(i, month, last) for i, (month, last) in enumerate(months) if released[month]]
    on_time: dict[int, dict[str, Any]] = {}
    if in_time:
        rows = (
            PaymentLine.objects.filter(
                benefit__municipality__in=[m.pk for m in municipalities],
                kind=PaymentLine.Kind.REGULAR,
                month__in=[month for _i, month, _last in in_time],
            )
            .exclude(benefit__status=Benefit.Status.SUSPENDED)
            .values(municipality=F("benefit__municipality_id"))
            .annotate(
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
            .order_by()
        )
        on_time = {row["municipality"]: row for row in rows}
    dates = "; ".join(f"{month:%m-%Y}: {pay_on[month]:%d-%m-%Y}" for month, _last in months)
    found = {}
    for m in municipalities:
        due_total = sum(due.get(m.pk, {}).get(f"m{i}", 0) for i in range(len(months)))
        on_time_total = sum(on_time.get(m.pk, {}).get(f"m{i}") or 0 for i in range(len(months)))
        found[m.pk] = kpis.percentage(
            on_time_total,
            due_total,
            f"Per maand de uitkeringen betaald door {m.name} die die maand liepen "
            f"(niet opgeschort; noemer, opgeteld over de maanden), waarvan de reguliere "
            f"betaalregel in een betaalrun zit die vrijgegeven is op of vóór de betaaldatum "
            f"(teller). Betaaldata: {dates}.",
        )
    return found


def monthly_average_many(municipalities: list[Any], period: Period) -> ByMunicipality:
    """The average over the months of the period of the benefits active in each month
    (running on at least one day of the month within the period), in one query; the basis
    of the cost allocation by dossiers."""
    assert period.valid_until is not None
    months = []
    for month, last in _months(period):
        first, until = max(month, period.valid_from), min(last, period.valid_until)
        months.append((month, Q(start_date__lte=until) & ~Q(end_date__lt=first)))
    counts = _per_municipality(
        _benefits(municipalities),
        **{f"m{i}": Count("pk", filter=q) for i, (_m, q) in enumerate(months)},
    )
    found = {}
    for m in municipalities:
        monthly = [counts.get(m.pk, {}).get(f"m{i}", 0) for i in range(len(months))]
        total = sum(monthly)
        value = (Decimal(total) / Decimal(len(months))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        pairs = list(zip([month for month, _q in months], monthly, strict=True))
        per_month = "; ".join(f"{month:%m-%Y}: {n}" for month, n in pairs)
        found[m.pk] = kpis.KpiResult(
            value,
            total,
            len(months),
            f"Per maand {_between(period)} de uitkeringen betaald door {m.name} die op "
            f"minstens één dag van die maand liepen, opgeteld (teller) en gedeeld door het "
            f"aantal maanden (noemer), afgerond op twee decimalen. Per maand: {per_month}.",
            breakdown=tuple((f"{month:%m-%Y}", n) for month, n in pairs),
        )
    return found


caseload = _single(caseload_many)
inflow = _single(inflow_many)
outflow = _single(outflow_many)
outflow_to_work = _single(outflow_to_work_many)
part_time = _single(part_time_many)
paid_on_time = _single(paid_on_time_many)
monthly_average = _single(monthly_average_many)

COMPUTATIONS = [
    ("income.uitkeringseenheden", "Uitkeringseenheden", caseload, caseload_many),
    ("income.instroom", "Instroom", inflow, inflow_many),
    ("income.uitstroom", "Uitstroom", outflow, outflow_many),
    (
        "income.uitstroom-regulier-werk",
        "Aandeel uitstroom naar regulier werk",
        outflow_to_work,
        outflow_to_work_many,
    ),
    ("income.aandeel-parttime", "Aandeel parttime werkenden", part_time, part_time_many),
    ("income.tijdig-betaald", "Tijdig betaalbaar gesteld", paid_on_time, paid_on_time_many),
    (
        "income.gemiddeld-lopend",
        "Gemiddeld aantal lopende uitkeringsdossiers",
        monthly_average,
        monthly_average_many,
    ),
]


def register() -> None:
    for code, label, single, many in COMPUTATIONS:
        kpis.register(code, label, many=many)(single)
