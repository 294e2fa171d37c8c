"""The monthly payment run: calculate every active benefit, write its payment line, once.

``run_month`` is **idempotent** and **resumable**:

- it reuses the one :class:`PaymentRun` of the month (unique on ``month``);
- it walks the active benefits by id (keyset pagination, ``batch_size`` at a time) and only
  those that have no regular line for the month yet (``NOT EXISTS`` in the query), and the
  unique constraint on (benefit, month, kind) backs this up in the database
  (``ON CONFLICT DO NOTHING``), so even two runs at once pay nobody twice;
- each batch is written and its progress saved in one transaction: a crash keeps the
  committed batches, and running the month again completes the rest.

The calculation itself is pure and injected (``calculate``); it is called once per distinct
input signature (paying municipality + facts), because many households share one.

On PostgreSQL a batch is written with ``COPY`` into a temporary table and then
``INSERT ... SELECT ... ON CONFLICT DO NOTHING``; elsewhere with one ``executemany``.

Recalculation of months already paid is :mod:`samen.income.recalculation`: it never changes
a payment line but makes recovery claims and supplements, which the next run pays in one
aanvulling line per benefit. The SEPA files are made by :func:`sepa_files`.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from samen.common.periods import MONTHS_NL
from samen.income import (
    deductions,
    one_offs,  # the registry of one-off payments other apps fill
)
from samen.income.calculation import euro
from samen.income.models import (
    Benefit,
    BenefitFact,
    OneOffPayment,
    PaymentDeduction,
    PaymentLine,
    PaymentRun,
    Supplement,
)
from samen.income.sepa import sepa_files
from samen.organisation.models import Municipality

__all__ = [
    "BenefitFacts",
    "Calculated",
    "Calculator",
    "RunReleased",
    "default_calculate",
    "month_label",
    "run_month",
    "sepa_files",
]

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
DEFAULT_BATCH_SIZE = 10_000
STAGE_TABLE = "income_paymentline_stage"


@dataclass(frozen=True)
class BenefitFacts:
    """What the calculation gets for one benefit and one month: the facts (household,
    income) in force on the first day of the month and the paying municipality (whose
    policy may deviate). Nothing identifies the person: equal inputs give equal results,
    which is what lets the run cache the calculation."""

    month: dt.date
    municipality_cbs: str
    facts: Mapping[str, Any]


class Calculated(Protocol):
    """What the run needs from a calculation result (``CalculationResult`` fits)."""

    @property
    def benefit_per_month(self) -> Decimal: ...

    @property
    def explanation(self) -> tuple[str, ...]: ...


Calculator = Callable[[BenefitFacts], Calculated]


def default_calculate(facts: BenefitFacts) -> Calculated:
    """The product's calculation, imported when first needed."""
    from samen.income import calculation

    return calculation.calculate(facts_to_input(facts))


def facts_to_input(facts: BenefitFacts) -> Any:
    """Adapter from the stored facts (JSON of :class:`BenefitFact`) to
    ``samen.income.calculation.CalculationInput``; the peildatum is the month's first day.

    Stored form (Dutch keys; dates ISO, amounts as strings)::

        {"aanvrager": {"geboortedatum": "1980-05-01"},
         "partner": {"geboortedatum": "..."} | null,
         "kinderen": [{"geboortedatum": "..."}],
         "medebewoners": [{"geboortedatum": "...", "studeert": false,
                           "commerciele_huur": false}],
         "inkomsten": [{"persoon": "aanvrager", "soort": "arbeid",
                        "netto_per_maand": "250.00"}],
         "vrijlating_maanden_gebruikt": 0,
         "inrichting": false,
         "mantelzorg_tijdelijk_elders": false,
         "aanvrager_geen_beroep_op_ouders": false,
         "partner_geen_beroep_op_ouders": false}
    """
    from samen.income import calculation as c

    f = facts.facts

    def person(data: Mapping[str, Any]) -> Any:
        return c.Person(birth_date=dt.date.fromisoformat(data["geboortedatum"]))

    return c.CalculationInput(
        peildatum=facts.month,
        municipality_code=facts.municipality_cbs,
        applicant=person(f["aanvrager"]),
        partner=person(f["partner"]) if f.get("partner") else None,
        children=tuple(person(k) for k in f.get("kinderen", ())),
        housemates=tuple(
            c.Housemate(
                birth_date=dt.date.fromisoformat(h["geboortedatum"]),
                studies=bool(h.get("studeert", False)),
                commercial_rent=bool(h.get("commerciele_huur", False)),
            )
            for h in f.get("medebewoners", ())
        ),
        incomes=tuple(
            c.Income(
                person=i["persoon"], kind=i["soort"], net_per_month=Decimal(i["netto_per_maand"])
            )
            for i in f.get("inkomsten", ())
        ),
        exemption_months_used=int(f.get("vrijlating_maanden_gebruikt", 0)),
        in_institution=bool(f.get("inrichting", False)),
        temporary_caregiver_elsewhere=bool(f.get("mantelzorg_tijdelijk_elders", False)),
        applicant_without_parental_support=bool(f.get("aanvrager_geen_beroep_op_ouders", False)),
        partner_without_parental_support=bool(f.get("partner_geen_beroep_op_ouders", False)),
    )


def month_label(month: dt.date) -> str:
    return f"{MONTHS_NL[month.month - 1]} {month.year}"


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@functools.lru_cache(maxsize=256)
def _last_of_month(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _quantize(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal):
        raise TypeError(f"Een bedrag moet een Decimal zijn, geen {type(amount).__name__}.")
    value = amount.quantize(CENT)
    if value < 0:
        raise ValueError(f"De berekening gaf een negatief bedrag: {value}.")
    return value


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def paid_days(month: dt.date, start: Any, end: Any) -> tuple[int, int]:
    """(days of ``month`` the benefit runs, days in the month): a benefit that starts or
    ends within the month is paid for its calendar days only."""
    last = _last_of_month(month)
    whole_start = start is None or (isinstance(start, dt.date) and start <= month)
    if whole_start and (end is None or (isinstance(end, dt.date) and end >= last)):
        return last.day, last.day  # the whole month, without parsing dates
    first_day = max(month, _as_date(start) or month)
    last_day = min(last, _as_date(end) or last)
    return max(0, (last_day - first_day).days + 1), last.day


def _amount(result: Calculated, days: tuple[int, int]) -> tuple[Decimal, Decimal, list[str]]:
    """(paid, reserved vakantietoeslag, explanation) for the month. The vakantietoeslag is
    reserved each month and paid once a year (art. 19 lid 3 Participatiewet), so the month
    pays ``payable_per_month`` when the calculation gives it; a part of a month is paid and
    reserved for its calendar days."""
    monthly = getattr(result, "payable_per_month", result.benefit_per_month)
    reserved = getattr(result, "holiday_allowance", None) or Decimal("0.00")
    lines: list[str] = []
    running, total = days
    if running < total:
        monthly = monthly * running / total
        reserved = reserved * running / total
        lines.append(f"Deel van de maand: {running} van {total} dagen.")
    reserved = _quantize(reserved)
    if reserved:
        lines.append(
            f"Gereserveerde vakantietoeslag deze maand: {euro(reserved)} "
            "(wordt eenmaal per jaar betaald)."
        )
    amount = _quantize(monthly)
    lines.append(f"Betaald over deze maand: {euro(amount)}.")
    return amount, reserved, lines


def _calculation_json(
    month: dt.date,
    facts: Mapping[str, Any],
    result: Calculated,
    days: tuple[int, int] | None = None,
    amounts: tuple[Decimal, Decimal, list[str]] | None = None,
) -> str:
    days = days or (_last_of_month(month).day, _last_of_month(month).day)
    amount, reserved, lines = amounts or _amount(result, days)
    return json.dumps(
        {
            "maand": month.isoformat(),
            "bedrag": str(amount),
            "vakantietoeslag": str(reserved),
            "bijstandPerMaand": str(_quantize(result.benefit_per_month)),
            "dagen": list(days),
            "feiten": facts,
            "toelichting": [*result.explanation, *lines],
        },
        ensure_ascii=False,
        default=str,
    )


def active_benefits(month: dt.date) -> Any:
    """The benefits to pay for ``month``: active, started on or before its last day and not
    ended before its first day."""
    return Benefit.objects.filter(
        status=Benefit.Status.ACTIVE, start_date__lte=_last_of_month(month)
    ).exclude(end_date__lt=month)


def _batch_sql(vendor: str) -> str:
    b, f, m, line = (
        Benefit._meta.db_table,
        BenefitFact._meta.db_table,
        Municipality._meta.db_table,
        PaymentLine._meta.db_table,
    )
    facts = "f.facts::text" if vendor == "postgresql" else "f.facts"
    # The facts in force on the first day paid: the 1st, or the start of a new benefit.
    first_paid = (
        "GREATEST(%s::date, b.start_date)" if vendor == "postgresql" else "MAX(%s, b.start_date)"
    )
    return f"""
        SELECT b.id, m.cbs_code,
            (SELECT {facts} FROM {f} f
              WHERE f.benefit_id = b.id AND f.valid_from <= {first_paid}
              ORDER BY f.valid_from DESC, f.id DESC LIMIT 1),
            b.start_date, b.end_date
        FROM {b} b JOIN {m} m ON m.id = b.municipality_id
        WHERE b.id > %s AND b.id <= %s AND b.status = %s AND b.start_date <= %s
          AND (b.end_date IS NULL OR b.end_date >= %s)
          AND NOT EXISTS (SELECT 1 FROM {line} l
                          WHERE l.benefit_id = b.id AND l.month = %s AND l.kind = %s
                            AND l.benefit_id > %s AND l.benefit_id <= %s)
        ORDER BY b.id
    """  # noqa: S608 (table names come from the models, values are parameters)


class NotCalculable(Exception):
    """The calculation refused one benefit's facts (for example a situation the rules do not
    cover, or a figure missing for the month). That benefit is not paid and is listed on the
    run; the others are paid."""


def _calculation_errors() -> tuple[type[Exception], ...]:
    from samen.income.calculation import CalculationError
    from samen.income.norms import NormError

    return (CalculationError, NormError, KeyError, ValueError)


CALCULATION_ERRORS = _calculation_errors()
MAX_PROBLEMS = 100


#: what one benefit's month writes: (paid amount, reserved vakantietoeslag, JSON, COPY text)
Entry = tuple[Decimal, Decimal, str, str]


@dataclass
class _Cache:
    """Calculation results per (municipality, facts as stored): amount, JSON, COPY text."""

    calculate: Calculator
    month: dt.date
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    calls: int = 0

    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    results: dict[tuple[str, str], Calculated] = field(default_factory=dict)

    def get(self, cbs: str, facts_text: Any, days: tuple[int, int] | None = None) -> Entry:
        """The result for these inputs; raises :class:`NotCalculable` (remembered, so equal
        inputs fail once) when the calculation refuses them."""
        raw = facts_text if isinstance(facts_text, str) else json.dumps(facts_text, sort_keys=True)
        key = (cbs, raw)
        if key in self.failures:
            raise NotCalculable(self.failures[key])
        full = _last_of_month(self.month).day
        days = days or (full, full)
        if days[0] < full:  # a part of the month: its own amount and explanation
            result = self.results.get(key) or self._calculate(key, cbs, raw)
            return self._entry(raw, result, days)
        hit = self.entries.get(key)
        if hit is None:
            hit = self._entry(raw, self._calculate(key, cbs, raw), days)
            self.entries[key] = hit
        return hit

    def _entry(self, raw: str, result: Calculated, days: tuple[int, int]) -> Entry:
        amounts = _amount(result, days)
        text = _calculation_json(self.month, json.loads(raw), result, days, amounts)
        return (amounts[0], amounts[1], text, text.replace("\\", "\\\\"))

    def _calculate(self, key: tuple[str, str], cbs: str, raw: str) -> Calculated:
        try:
            result = self.calculate(BenefitFacts(self.month, cbs, json.loads(raw)))
        except CALCULATION_ERRORS as error:
            self.failures[key] = str(error)
            raise NotCalculable(str(error)) from None
        self.calls += 1
        self.results[key] = result
        return result


def _write_batch(
    run: PaymentRun, rows: list[tuple[int, Entry]], line_ids: dict[int, int] | None = None
) -> int:
    """Write one batch of regular lines; returns how many were new. On PostgreSQL, with
    ``line_ids``, that dict gets the new lines' ids per benefit (for their deductions)."""
    line = PaymentLine._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_TABLE} "
                "(benefit_id bigint, amount numeric(12,2), holiday numeric(12,2), "
                "calculation text) "
                "ON COMMIT DELETE ROWS"
            )
            cursor.execute(f"TRUNCATE {STAGE_TABLE}")
            text = "".join(
                f"{bid}\t{amount}\t{holiday}\t{copy}\n" for bid, (amount, holiday, _, copy) in rows
            )
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(
                f"COPY {STAGE_TABLE} (benefit_id, amount, holiday, calculation) FROM STDIN"
            ) as copy:
                copy.write(text)
            cursor.execute(
                f"""INSERT INTO {line}
                        (run_id, benefit_id, month, kind, amount, holiday_allowance,
                         calculation, reason, created_at)
                    SELECT %s, s.benefit_id, %s, %s, s.amount, s.holiday,
                           s.calculation::jsonb, '', %s
                    FROM {STAGE_TABLE} s
                    ON CONFLICT (benefit_id, month, kind) DO NOTHING"""  # noqa: S608
                + (" RETURNING benefit_id, id" if line_ids is not None else ""),
                [run.pk, run.month, PaymentLine.Kind.REGULAR, now],
            )
            if line_ids is not None:
                line_ids.update(cursor.fetchall())
            return int(cursor.rowcount)
        ops = connection.ops
        month = ops.adapt_datefield_value(run.month)
        created = ops.adapt_datetimefield_value(now)
        cursor.executemany(
            f"""INSERT INTO {line}
                    (run_id, benefit_id, month, kind, amount, holiday_allowance,
                     calculation, reason, created_at)
                VALUES (%s, %s, %s, %s, %s, %s, %s, '', %s)
                ON CONFLICT (benefit_id, month, kind) DO NOTHING""",  # noqa: S608
            [
                (
                    run.pk,
                    bid,
                    month,
                    PaymentLine.Kind.REGULAR,
                    str(amount),
                    str(holiday),
                    text,
                    created,
                )
                for bid, (amount, holiday, text, _) in rows
            ],
        )
        return int(cursor.rowcount)


def _apply_deductions(
    month: dt.date, rows: list[tuple[int, Entry]], facts_of: Mapping[int, Any]
) -> tuple[list[tuple[int, Entry]], dict[int, list[deductions.Deduction]]]:
    """Ask the registered providers (:mod:`samen.income.deductions`) what to deduct from
    this batch's months, and give each benefit with deductions its own entry: the line
    pays the net after deductions, and its calculation lists and explains each one."""
    candidates = [
        deductions.Candidate(
            benefit_id=bid,
            month=month,
            amount=amount,
            reserved=holiday,
            facts_text=facts_of[bid]
            if isinstance(facts_of[bid], str)
            else json.dumps(facts_of[bid]),
            available=amount,
        )
        for bid, (amount, holiday, _, _) in rows
        if amount > 0
    ]
    found = deductions.deduct(month, candidates)
    if not found:
        return rows, found
    out = []
    for bid, entry in rows:
        taken = found.get(bid)
        if not taken:
            out.append((bid, entry))
            continue
        amount, holiday, text, _ = entry
        total = sum((d.amount for d in taken), Decimal("0.00"))
        net = amount - total
        calculation = json.loads(text)
        calculation["bedragVoorInhoudingen"] = str(amount)
        calculation["bedrag"] = str(net)
        calculation["inhoudingen"] = [
            {
                "soort": d.kind,
                "bedrag": str(d.amount),
                "ontvanger": d.creditor_name,
                "kenmerk": d.reference,
                "toelichting": d.explanation,
            }
            for d in taken
        ]
        calculation["toelichting"] = [
            *calculation.get("toelichting", []),
            *(d.explanation for d in taken),
            f"Aan u betaald na inhoudingen: {euro(net)}.",
        ]
        new_text = json.dumps(calculation, ensure_ascii=False, default=str)
        out.append((bid, (net, holiday, new_text, new_text.replace("\\", "\\\\"))))
    return out, found


def _write_deductions(
    run: PaymentRun,
    found: Mapping[int, list[deductions.Deduction]],
    line_ids: dict[int, int] | None = None,
) -> None:
    """The deductions of the lines just written, in the same transaction as those lines:
    only for lines this batch wrote (``line_ids`` from the insert on PostgreSQL; looked up
    elsewhere), unique per line and position."""
    fresh = line_ids is not None
    if line_ids is None:
        line_ids = dict(
            PaymentLine.objects.filter(
                run=run,
                month=run.month,
                kind=PaymentLine.Kind.REGULAR,
                benefit_id__in=list(found),
            ).values_list("benefit_id", "pk")
        )
    table = PaymentDeduction._meta.db_table
    now = timezone.now()
    created = now if fresh else connection.ops.adapt_datetimefield_value(now)
    values = [
        (
            line_ids[bid],
            position,
            d.kind,
            str(d.amount),
            d.creditor_name[:70],
            d.creditor_iban,
            d.reference[:140],
            d.explanation[:500],
            d.source[:40],
            d.source_id,
            created,
        )
        for bid, taken in found.items()
        if bid in line_ids
        for position, d in enumerate(taken, start=1)
    ]
    columns = (
        "line_id, position, kind, amount, creditor_name, creditor_iban, reference, "
        "explanation, source, source_id, created_at"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and fresh:
            # The lines were inserted by this transaction a moment ago: their deductions
            # cannot exist yet, so a plain COPY is safe (and far cheaper than INSERTs).
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        cursor.executemany(
            f"""INSERT INTO {table} (line_id, position, kind, amount, creditor_name,
                    creditor_iban, reference, explanation, source, source_id, created_at)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (line_id, position) DO NOTHING""",  # noqa: S608
            values,
        )


class RunReleased(Exception):
    """The run of this month has been released (four eyes): its lines and files are final."""


def _start(month: dt.date) -> PaymentRun:
    with transaction.atomic():
        run, _ = PaymentRun.objects.select_for_update().get_or_create(month=month)
        if run.released:
            # The row lock orders this against a release: a run released meanwhile is
            # never resumed, so nothing is added to files that may already be at the bank.
            raise RunReleased(
                f"De betaalrun van {month_label(month)} is vrijgegeven: er kan niets meer bij. "
                "Wat nog betaald moet worden, gaat mee in een volgende betaalrun."
            )
        run.status = PaymentRun.Status.RUNNING
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        run.attempts += 1
        run.missing_facts = 0
        run.not_calculated = 0
        run.problems = []
        run.total = active_benefits(month).count()
        run.done = PaymentLine.objects.filter(month=month, kind=PaymentLine.Kind.REGULAR).count()
        run.save()
    return run


def _pay_supplements(run: PaymentRun) -> int:
    """Pay the open supplements (aanvullingen) in this run: one aanvulling line per benefit,
    naming the months it concerns. A benefit that already has an aanvulling line in this
    month keeps newer supplements for the next run."""
    paid = 0
    open_by_benefit: dict[int, list[Supplement]] = {}
    for supplement in Supplement.objects.filter(paid_by__isnull=True, amount__gt=0).order_by(
        "benefit_id", "month", "pk"
    ):
        open_by_benefit.setdefault(supplement.benefit_id, []).append(supplement)
    for benefit_id, supplements in open_by_benefit.items():
        with transaction.atomic():
            if PaymentLine.objects.filter(
                benefit_id=benefit_id, month=run.month, kind=PaymentLine.Kind.SUPPLEMENT
            ).exists():
                continue
            months = ", ".join(month_label(s.month) for s in supplements)
            line = PaymentLine.objects.create(
                run=run,
                benefit_id=benefit_id,
                month=run.month,
                kind=PaymentLine.Kind.SUPPLEMENT,
                amount=sum((s.amount for s in supplements), Decimal("0.00")),
                reason=f"Aanvulling over {months} na herberekening"[:300],
                calculation={
                    "aanvullingen": [
                        {
                            "maand": s.month.isoformat(),
                            "bedrag": str(s.amount),
                            "reden": s.reason,
                        }
                        for s in supplements
                    ]
                },
            )
            Supplement.objects.filter(
                pk__in=[s.pk for s in supplements], paid_by__isnull=True
            ).update(paid_by=line)
            paid += 1
    return paid


def _finish(run: PaymentRun) -> None:
    totals: dict[str, dict[str, Any]] = {}
    amount_total = Decimal("0.00")
    rows = (
        PaymentLine.objects.filter(run=run)
        .values("benefit__municipality__cbs_code")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("benefit__municipality__cbs_code")
    )
    for row in rows:
        amount = Decimal(row["amount"] or 0).quantize(CENT)
        totals[row["benefit__municipality__cbs_code"]] = {"aantal": row["n"], "bedrag": str(amount)}
        amount_total += amount
    # Transfers to third parties (a garnishee, the client's landlord) leave the same account
    # in the same file: they count in the run's total and per municipality.
    transfers = (
        PaymentDeduction.objects.filter(line__run=run)
        .exclude(creditor_iban="")
        .values("line__benefit__municipality__cbs_code")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    for row in transfers:
        amount = Decimal(row["amount"] or 0).quantize(CENT)
        entry = totals.setdefault(
            row["line__benefit__municipality__cbs_code"], {"aantal": 0, "bedrag": "0.00"}
        )
        entry["overboekingen"] = row["n"]
        entry["aantal"] += row["n"]
        entry["bedrag"] = str(Decimal(entry["bedrag"]) + amount)
        amount_total += amount
    # One-off payments (a penalty for not deciding in time) are transfers of their own.
    for row in (
        OneOffPayment.objects.filter(run=run)
        .values("municipality__cbs_code")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    ):
        amount = Decimal(row["amount"] or 0).quantize(CENT)
        entry = totals.setdefault(row["municipality__cbs_code"], {"aantal": 0, "bedrag": "0.00"})
        entry["eenmalig"] = row["n"]
        entry["aantal"] += row["n"]
        entry["bedrag"] = str(Decimal(entry["bedrag"]) + amount)
        amount_total += amount
    run.refresh_from_db(fields=["done", "missing_facts", "not_calculated", "problems"])
    run.totals_per_municipality = totals
    run.amount_total = amount_total
    run.status = PaymentRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()


def run_month(
    month: dt.date,
    *,
    calculate: Calculator | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> PaymentRun:
    """Pay every active benefit for ``month`` (the first day of a month) exactly once, and
    the open supplements. Safe to run again at any time: after a crash it completes the
    rest; after success it pays only what is new (for example a benefit granted since)."""
    if month.day != 1:
        raise ValueError(f"Een betaalrun gaat over een hele maand: geef de 1e op, niet {month}.")
    if batch_size < 1:
        raise ValueError("batch_size moet minstens 1 zijn.")
    calculator = calculate or default_calculate
    with _only_one_run(month):
        return _run(month, calculator, batch_size)


@contextlib.contextmanager
def _only_one_run(month: dt.date) -> Iterator[None]:
    """On PostgreSQL, a session advisory lock per month: a second run of the same month
    (a double click, Celery delivering the task twice) is refused while the first runs,
    instead of doing the work twice. The unique constraint would still pay nobody twice.
    SQLite, the single-user embedded default, serialises writers itself."""
    if connection.vendor != "postgresql":
        yield
        return
    key = month.year * 100 + month.month
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK_CLASS, key])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise RunInProgress(f"De betaalrun van {month_label(month)} loopt al.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_CLASS, key])


class RunInProgress(Exception):
    """The run of this month is already running (in another process)."""


RUN_LOCK_CLASS = 0x52554E  # "RUN"


def _run(month: dt.date, calculator: Calculator, batch_size: int) -> PaymentRun:
    run = _start(month)
    problems: list[dict[str, Any]] = []
    cache = _Cache(calculator, month)
    sql = _batch_sql(connection.vendor)
    window_sql = (
        f"SELECT MAX(id), COUNT(*) FROM (SELECT id FROM {Benefit._meta.db_table} "  # noqa: S608
        "WHERE id > %s ORDER BY id LIMIT %s) w"
    )
    last_id = 0
    try:
        while True:
            with connection.cursor() as cursor:
                # The window of the next ``batch_size`` benefit ids (keyset pagination by id),
                # then the unpaid active ones in it: every query stays O(batch), also when
                # most of the month is already paid (a resumed or repeated run).
                cursor.execute(window_sql, [last_id, batch_size])
                high, count = cursor.fetchone()
                if not count:
                    break
                cursor.execute(
                    sql,
                    [
                        month,
                        last_id,
                        high,
                        Benefit.Status.ACTIVE,
                        _last_of_month(month),
                        month,
                        month,
                        PaymentLine.Kind.REGULAR,
                        last_id,
                        high,
                    ],
                )
                batch = cursor.fetchall()
            last_id = high
            rows = []
            missing = 0
            failed: list[dict[str, Any]] = []
            facts_of: dict[int, Any] = {}
            for benefit_id, cbs, facts_text, start, end in batch:
                if facts_text is None:
                    missing += 1
                    continue
                try:
                    rows.append(
                        (benefit_id, cache.get(cbs, facts_text, paid_days(month, start, end)))
                    )
                    facts_of[benefit_id] = facts_text
                except NotCalculable as problem:
                    failed.append({"uitkering": benefit_id, "reden": str(problem)})
            deducted: dict[int, list[deductions.Deduction]] = {}
            if rows and deductions.active():
                rows, deducted = _apply_deductions(month, rows, facts_of)
            with transaction.atomic():
                line_ids: dict[int, int] | None = (
                    {} if deducted and connection.vendor == "postgresql" else None
                )
                written = _write_batch(run, rows, line_ids) if rows else 0
                if deducted:
                    _write_deductions(run, deducted, line_ids)
                PaymentRun.objects.filter(pk=run.pk).update(
                    done=F("done") + written,
                    missing_facts=F("missing_facts") + missing,
                    not_calculated=F("not_calculated") + len(failed),
                )
                if failed and len(problems) < MAX_PROBLEMS:
                    problems.extend(failed[: MAX_PROBLEMS - len(problems)])
                    PaymentRun.objects.filter(pk=run.pk).update(problems=problems)
        run.refresh_from_db()
        run.supplements = _pay_supplements(run)
        from samen.income import holiday_allowance  # it imports this module

        one_offs.pay(run)

        holiday_allowance.pay(run, batch_size)
        holiday_allowance.claim_overpaid(run, batch_size)
        run.holiday_allowances = PaymentLine.objects.filter(
            run=run, kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE
        ).count()
        _finish(run)
    except Exception as exc:
        PaymentRun.objects.filter(pk=run.pk).update(
            status=PaymentRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.exception("Betaalrun %s mislukt", month_label(month))
        raise
    logger.info(
        "Betaalrun %s gereed: %s van %s, %s berekeningen",
        month_label(month),
        run.done,
        run.total,
        cache.calls,
    )
    return run
