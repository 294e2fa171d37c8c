"""The stored KPI results (:class:`~samen.steering.models.ComputedValue`): the report pages,
dashboards and the API ``kpiwaarden`` read the latest computed result of each computation
instead of computing four periods live on every visit, as municipal BI keeps its figures.

- **Refresh** (:func:`refresh_figures`): every computation the KPI catalogue uses (and, for
  a year, the annual caseload analysis) through the registry of :mod:`samen.common.kpis`,
  upserted in one transaction per municipality and period. All results of a municipality
  and period are computed before anything is written, so a failing computation leaves the
  old rows; running it twice gives the same rows (only ``computed_at`` moves on).
- **When**: nightly (the Celery beat task ``steering.refresh_due_figures``, for the periods a
  page's trend shows, :func:`due_periods`) and on demand ("Cijfers nu bijwerken" on a report
  page, :func:`samen.steering.services.request_refresh`). Publishing refreshes the period
  first, so a report freezes fresh figures.
- **First visit** (:func:`ensure`): a result that is not stored yet is computed once and
  stored, so a fresh install (or a new period) works without waiting for the night.

Figures entered by hand are never stored here: they are read from their own table on every
visit, so they show as soon as they are entered. No access decisions here and no personal
data: only aggregates (a value, its numerator and denominator, the query's description and a
breakdown by label).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samen.common import kpis
from samen.common.periods import Period
from samen.organisation.models import Municipality
from samen.steering.marap import MarapPeriod
from samen.steering.models import ComputedValue, Dvo, Kpi, ReportFigure

KPI = ReportFigure.Part.KPI
CASELOAD_PART = ReportFigure.Part.CASELOAD

# The annual caseload analysis: which computation over which days (see annual.py).
CASELOAD = "income.uitkeringseenheden"
INFLOW = "income.instroom"
OUTFLOW = "income.uitstroom"
START, END, IN, OUT = "bestand-begin", "bestand-eind", "instroom-jaar", "uitstroom-jaar"
MONTH_PREFIX = "bestand-maand-"

#: the four-month periods and years refreshed nightly: the current one and the earlier ones
#: a report's trend shows (three, two) plus one, so the report of the last ended period has
#: its whole trend fresh
NIGHTLY = {"tertiaal": 4, "jaar": 2}


@dataclass(frozen=True)
class Stored:
    """One computation's result and when it was computed."""

    result: kpis.KpiResult
    computed_at: dt.datetime


def caseload_specs(year: int) -> list[tuple[str, str, Period]]:
    """The analysis of the annual figures as (its figure's code, the computation, the days):
    the caseload on 1 January, on 31 December and at the end of every month, the inflow and
    the outflow over the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    specs = [
        (START, CASELOAD, Period(first, first)),
        (END, CASELOAD, Period(last, last)),
        (IN, INFLOW, Period(first, last)),
        (OUT, OUTFLOW, Period(first, last)),
    ]
    for month in range(1, 13):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        day = following - dt.timedelta(days=1)
        specs.append((f"{MONTH_PREFIX}{month:02d}", CASELOAD, Period(day, day)))
    return specs


def catalogue_codes() -> list[str]:
    """The registered computations the KPI catalogue uses."""
    found = Kpi.objects.exclude(computation="").values_list("computation", flat=True)
    return sorted(code for code in set(found) if kpis.computation(code) is not None)


def _stored(row: ComputedValue) -> Stored:
    return Stored(
        kpis.KpiResult(
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            query=row.query,
            breakdown=tuple((str(label), int(n)) for label, n in row.breakdown),
        ),
        row.computed_at,
    )


def results_of(
    municipality: Municipality, periods: Iterable[MarapPeriod]
) -> dict[MarapPeriod, dict[tuple[str, str], Stored]]:
    """The stored results of the periods, each by (part, code): one query."""
    periods = list(periods)
    found: dict[MarapPeriod, dict[tuple[str, str], Stored]] = {p: {} for p in periods}
    wanted = {(p.year, p.number): p for p in periods}
    rows = ComputedValue.objects.filter(
        municipality=municipality,
        year__in={p.year for p in periods},
        number__in={p.number for p in periods},
    )
    for row in rows:
        period = wanted.get((row.year, row.number))
        if period is not None:
            found[period][(row.part, row.code)] = _stored(row)
    return found


def results(municipality: Municipality, period: MarapPeriod) -> dict[tuple[str, str], Stored]:
    """The stored results of the period by (part, code): one query."""
    return results_of(municipality, [period])[period]


def _compute_many(
    municipalities: list[Municipality],
    period: MarapPeriod,
    codes: Iterable[str],
    caseload: Iterable[str] = (),
) -> dict[int, dict[tuple[str, str], kpis.KpiResult]]:
    """The results now (no writing) for each municipality (by pk): the computations
    ``codes`` over the period, and the figures ``caseload`` of the annual analysis. Each
    computation answers every municipality at once where its app registered that form."""
    found: dict[int, dict[tuple[str, str], kpis.KpiResult]] = {m.pk: {} for m in municipalities}
    for code in codes:
        for pk, result in kpis.compute_many(code, municipalities, period.period).items():
            found[pk][(KPI, code)] = result
    wanted = set(caseload)
    for code, computation, days in caseload_specs(period.year) if wanted else []:
        if code in wanted:
            for pk, result in kpis.compute_many(computation, municipalities, days).items():
                found[pk][(CASELOAD_PART, code)] = result
    return found


def _compute(
    municipality: Municipality,
    period: MarapPeriod,
    codes: Iterable[str],
    caseload: Iterable[str] = (),
) -> dict[tuple[str, str], kpis.KpiResult]:
    """:func:`_compute_many` for one municipality."""
    return _compute_many([municipality], period, codes, caseload)[municipality.pk]


def _store(
    municipality: Municipality,
    period: MarapPeriod,
    found: dict[tuple[str, str], kpis.KpiResult],
    now: dt.datetime,
) -> None:
    """Upsert ``found`` in one transaction (a second run overwrites the same rows)."""
    with transaction.atomic():
        ComputedValue.objects.bulk_create(
            [
                ComputedValue(
                    municipality=municipality,
                    year=period.year,
                    number=period.number,
                    part=part,
                    code=code,
                    value=result.value,
                    numerator=result.numerator,
                    denominator=result.denominator,
                    query=result.query,
                    breakdown=[[label, n] for label, n in result.breakdown],
                    computed_at=now,
                )
                for (part, code), result in found.items()
            ],
            update_conflicts=True,
            unique_fields=["municipality", "year", "number", "part", "code"],
            update_fields=[
                "value",
                "numerator",
                "denominator",
                "query",
                "breakdown",
                "computed_at",
            ],
        )


def refresh_figures(municipalities: Iterable[Municipality], periods: Iterable[MarapPeriod]) -> int:
    """Compute every computation of the catalogue (for a year also the caseload analysis)
    for each municipality and period and store the results, one transaction per
    municipality and period; returns the number of results stored. Idempotent. Per period
    each computation answers all the municipalities at once (:func:`_compute_many`)."""
    municipalities = list(municipalities)
    codes = catalogue_codes()
    done = 0
    for period in periods:
        analysis = [spec[0] for spec in caseload_specs(period.year)] if period.is_year else []
        found = _compute_many(municipalities, period, codes, analysis)
        now = timezone.now()
        for municipality in municipalities:
            _store(municipality, period, found[municipality.pk], now)
            done += len(found[municipality.pk])
    return done


def ensure(
    municipality: Municipality,
    period: MarapPeriod,
    codes: Iterable[str] = (),
    caseload: Iterable[str] = (),
) -> dict[tuple[str, str], Stored]:
    """The stored results of the period; a wanted one (a computation in ``codes``, a figure
    of the analysis in ``caseload``) that is not stored yet is computed now and stored."""
    return ensure_many(municipality, [period], codes, caseload)[period]


def ensure_many(
    municipality: Municipality,
    periods: Iterable[MarapPeriod],
    codes: Iterable[str] = (),
    caseload: Iterable[str] = (),
) -> dict[MarapPeriod, dict[tuple[str, str], Stored]]:
    """:func:`ensure` for several periods, read in one query."""
    periods, codes, caseload = list(periods), list(codes), list(caseload)
    stored = results_of(municipality, periods)
    computed_any = False
    for period in periods:
        found = stored[period]
        missing_codes = [
            c for c in codes if (KPI, c) not in found and kpis.computation(c) is not None
        ]
        missing_caseload = [c for c in caseload if (CASELOAD_PART, c) not in found]
        if missing_codes or missing_caseload:
            new = _compute(municipality, period, missing_codes, missing_caseload)
            _store(municipality, period, new, timezone.now())
            computed_any = True
    # as every later visit reads them
    return results_of(municipality, periods) if computed_any else stored


def due_periods(today: dt.date) -> list[MarapPeriod]:
    """The periods refreshed nightly: the running four-month period and year and the
    earlier ones a report's trend shows (:data:`NIGHTLY`)."""
    tertial = MarapPeriod.containing(today)
    year = MarapPeriod.whole_year(today.year)
    return [
        *tertial.earlier(NIGHTLY["tertiaal"]),
        tertial,
        *year.earlier(NIGHTLY["jaar"]),
        year,
    ]


def partners() -> list[Municipality]:
    """The municipalities with a DVO (whose figures the pages show)."""
    ids = Dvo.objects.values_list("municipality_id", flat=True)
    return list(Municipality.objects.filter(pk__in=ids).order_by("cbs_code"))
