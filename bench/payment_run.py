"""The monthly payment run at national scale: N synthetic benefits, one month, on PostgreSQL.

Sets up N persons, benefits and facts with ``COPY`` (households spread over the six SZMH
municipalities in proportion to their caseload, incomes and household kinds drawn so that
many share one calculation input), then times ``samen.income.payments.run_month`` and
prints dossiers per second and peak memory of the run. The floor is the time PostgreSQL
needs to ``COPY`` the same number of payment rows (same columns, same JSON, same indexes)
into a copy of the payment-line table; the ratio is run / floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench_payments \\
        .venv/bin/python bench/payment_run.py --n 450000

Targets: ratio within 4x the COPY floor and peak memory under 1 GB for every N; the
1,000,000 run under 120 s. Exits with 1 when a target is not met.

``--deductions`` (issue 15) puts a claim with a payment arrangement (an offset) and a
garnishment on every tenth benefit, and on every twentieth a second, preferent
garnishment of "everything above the voet"; it times the run first without recovery's
deduction provider (today's run, same data) and then with it, and reports the ratio
(target: within 1.5x). The database is EMPTIED
(persons and income tables): its name must contain "bench". See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

from bulk import CASELOAD, copy_rows, municipality_ids, prepare_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_payments"
MONTH = dt.date(2026, 3, 1)
TARGET_RATIO = 4.0
TARGET_SECONDS_1M = 120.0
TARGET_PEAK_MB = 1024.0
TARGET_DEDUCTIONS = 1.5
# Households are drawn from a limited set of birth dates, compositions and incomes, as in
# reality many households share one calculation input; the run calls the product's own
# calculation (``samen.income.calculation.calculate``) once per distinct input.
APPLICANT_BIRTHS = ["1962-03-01", "1975-06-15", "1988-09-30", "1996-01-20"]
PARTNER_BIRTHS = ["1964-11-11", "1979-02-02", "1990-07-07"]
CHILD_BIRTHS = ["2012-05-05", "2019-02-02"]
HOUSEMATES = [
    {"geboortedatum": "1958-01-01", "studeert": False, "commerciele_huur": False},
    {"geboortedatum": "2001-01-01", "studeert": False, "commerciele_huur": False},
    {"geboortedatum": "1985-04-04", "studeert": True, "commerciele_huur": False},
    {"geboortedatum": "1980-08-08", "studeert": False, "commerciele_huur": True},
]


def setup_django() -> str:
    return prepare_database(os.environ.get("DATABASE_URL", DEFAULT_URL))


def set_up(n: int, seed: int = 2026) -> float:
    from django.db import connection
    from schwifty import IBAN

    from samen.organisation.models import Domain

    t0 = time.perf_counter()
    domain = Domain.objects.get(code="participatiewet").pk
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    ids = municipality_ids()
    codes = list(CASELOAD)
    weights = [CASELOAD[c][1] for c in codes]
    ibans = [
        str(IBAN.generate("NL", bank_code="INGB", account_code=f"{i:010d}")) for i in range(1, 1001)
    ]
    now = "2026-02-20 12:00:00+00"
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute(
            "TRUNCATE income_supplement, income_recoveryclaim, income_paymentline, "
            "income_paymentrun, income_benefitfact, income_benefit, people_person "
            "RESTART IDENTITY CASCADE"
        )
        copy_rows(
            cur,
            "COPY people_person (bsn, given_names, surname_prefix, surname, birth_date, "
            "version, created_at, updated_at) FROM STDIN",
            (
                f"{i:09d}\tJan\t\tBench {i}\t{1950 + i % 50}-0{1 + i % 9}-1{i % 9}"
                f"\t1\t{now}\t{now}\n"
                for i in range(1, n + 1)
            ),
        )
        munis = rnd.choices(codes, weights, k=n)
        copy_rows(
            cur,
            "COPY income_benefit (person_id, case_id, municipality_id, domain_id, "
            "confidentiality, iban, start_date, end_date, status, version, created_at) "
            "FROM STDIN",
            (
                f"{i}\t\\N\t{ids[munis[i - 1]]}\t{domain}\t4\t{ibans[i % 1000]}"
                f"\t2025-01-01\t\\N\tactief\t1\t{now}\n"
                for i in range(1, n + 1)
            ),
        )

        def facts(i: int) -> str:
            partner = {"geboortedatum": rnd.choice(PARTNER_BIRTHS)} if rnd.random() < 0.3 else None
            children = [{"geboortedatum": c} for c in CHILD_BIRTHS[: rnd.choice([0, 0, 1, 2])]]
            housemates = [rnd.choice(HOUSEMATES)] if rnd.random() < 0.2 else []
            incomes = (
                []
                if rnd.random() < 0.7
                else [
                    {
                        "persoon": "aanvrager",
                        "soort": rnd.choice(["arbeid", "overig"]),
                        "netto_per_maand": f"{50 * rnd.randint(1, 20)}.00",
                    }
                ]
            )
            value = {
                "aanvrager": {"geboortedatum": rnd.choice(APPLICANT_BIRTHS)},
                "partner": partner,
                "kinderen": children,
                "medebewoners": housemates,
                "inkomsten": incomes,
                "vrijlating_maanden_gebruikt": rnd.choice([0, 3, 6]),
            }
            return json.dumps(value).replace("\\", "\\\\")

        copy_rows(
            cur,
            "COPY income_benefitfact (benefit_id, valid_from, facts, reason, created_at) "
            "FROM STDIN",
            (f"{i}\t2025-01-01\t{facts(i)}\t\t{now}\n" for i in range(1, n + 1)),
        )
        cur.execute("ANALYZE")
    return time.perf_counter() - t0


def set_up_deductions(n: int) -> tuple[float, int]:
    """Every tenth benefit: a claim of its municipality with an arrangement of 50.00 a
    month (offset) and a concurrent garnishment of 25.00; every twentieth also a preferent
    garnishment of everything above the voet. Returns (seconds, benefits with deductions)."""
    from django.db import connection
    from schwifty import IBAN

    t0 = time.perf_counter()
    now = "2026-02-20 12:00:00+00"
    garnishee = str(IBAN.generate("NL", bank_code="INGB", account_code="0099000001"))
    chosen = range(10, n + 1, 10)
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute(
            "TRUNCATE recovery_offsetbooking, recovery_garnishment, recovery_arrangement, "
            "recovery_movement, recovery_claim RESTART IDENTITY CASCADE"
        )
        cur.execute(
            "SELECT id, municipality_id, domain_id FROM income_benefit WHERE MOD(id, 10) = 0"
        )
        benefit = {row[0]: row for row in cur.fetchall()}
        copy_rows(
            cur,
            "COPY recovery_claim (id, person_id, municipality_id, domain_id, confidentiality, "
            "origin, principal, costs, description, established_on, version, created_at) "
            "FROM STDIN",
            (
                f"{i}\t{i}\t{benefit[i][1]}\t{benefit[i][2]}\t4\tinlichtingenplicht\t1200.00"
                f"\t0\tBench\t2026-01-15\t1\t{now}\n"
                for i in chosen
            ),
        )
        copy_rows(
            cur,
            "COPY recovery_movement (claim_id, kind, amount, booked_on, reason, recorded_by, "
            "created_at) FROM STDIN",
            (f"{i}\thoofdsom\t1200.00\t2026-01-15\tHoofdsom\t\t{now}\n" for i in chosen),
        )
        copy_rows(
            cur,
            "COPY recovery_arrangement (claim_id, instalment, start_month, day_of_month, reason, "
            "version, created_at) FROM STDIN",
            (f"{i}\t50.00\t2026-02-01\t28\tBench\t1\t{now}\n" for i in chosen),
        )
        copy_rows(
            cur,
            "COPY recovery_garnishment (benefit_id, garnishee, iban, reference, monthly_amount, "
            "served_on, preferent, reason, version, created_at) FROM STDIN",
            (
                line
                for i in chosen
                for line in (
                    [f"{i}\tDeurwaarder\t{garnishee}\tDW-{i}\t25.00\t2025-11-01\tf\t\t1\t{now}\n"]
                    + (
                        [
                            f"{i}\tBelastingdienst\t{garnishee}\tBD-{i}\t\\N\t2026-01-01\tt\t\t1\t{now}\n"
                        ]
                        if i % 20 == 0
                        else []
                    )
                )
            ),
        )
        cur.execute("SELECT setval('recovery_claim_id_seq', %s)", [max(n, 1)])
        cur.execute("ANALYZE")
    return time.perf_counter() - t0, len(chosen)


def reset_run() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE recovery_offsetbooking, income_paymentdeduction, income_paymentline, "
            "income_paymentrun RESTART IDENTITY CASCADE"
        )


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb(reset_worked: bool) -> float:
    if reset_worked:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def copy_floor(n: int, run_id: int) -> float:
    """COPY the same rows into a copy of the payment-line table (same columns, defaults and
    indexes; foreign keys are not copied by LIKE), in one transaction."""
    from django.db import connection, transaction

    from samen.income.models import PaymentLine

    # The same kind of rows as the run wrote: calculation texts sampled from its own lines
    # (the product's explanation lines make them far longer than a bare amount).
    with connection.cursor() as django_cursor:
        django_cursor.execute(
            f"SELECT amount, holiday_allowance, calculation::text "  # noqa: S608
            f"FROM {PaymentLine._meta.db_table} "
            "WHERE run_id = %s ORDER BY id LIMIT 20000",
            [run_id],
        )
        sample = [
            (f"{amount}\t{holiday}", text.replace("\\", "\\\\"))
            for amount, holiday, text in django_cursor.fetchall()
        ]
    table = PaymentLine._meta.db_table
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute("DROP TABLE IF EXISTS bench_copy_floor")
        cur.execute(f"CREATE TABLE bench_copy_floor (LIKE {table} INCLUDING ALL)")
        connection.commit() if not connection.get_autocommit() else None
        t0 = time.perf_counter()
        with transaction.atomic():
            copy_rows(
                cur,
                "COPY bench_copy_floor (run_id, benefit_id, month, kind, amount, "
                "holiday_allowance, calculation, reason, created_at) FROM STDIN",
                (
                    f"{run_id}\t{i}\t{MONTH}\tregulier\t{sample[i % len(sample)][0]}"
                    f"\t{sample[i % len(sample)][1]}\t\t2026-02-20 12:00:00+00\n"
                    for i in range(1, n + 1)
                ),
            )
        seconds = time.perf_counter() - t0
        cur.execute("DROP TABLE bench_copy_floor")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=5500, help="number of benefits (5500|450000|1000000)"
    )
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--payout",
        action="store_true",
        help="run April and May as well, then time June: its run also pays the vakantietoeslag "
        "reserved in March to May (one extra line per benefit)",
    )
    parser.add_argument(
        "--deductions",
        action="store_true",
        help="offsets and garnishments on 10 %% of the benefits: time the run without and with "
        "recovery's deductions (target within 1.5x)",
    )
    args = parser.parse_args()
    name = setup_django()

    from samen.income.models import PaymentLine, PaymentRun
    from samen.income.payments import run_month

    print(f"database: postgresql ({name}); N = {args.n:,}; maand {MONTH:%m-%Y}")
    print(f"opzet (COPY van personen, uitkeringen, feiten): {set_up(args.n):.1f} s")

    baseline = None
    if args.deductions:
        from samen.income import deductions as hook
        from samen.recovery.run_deductions import book_offsets, provide

        seconds_setup, chosen = set_up_deductions(args.n)
        print(f"opzet inhoudingen ({chosen:,} uitkeringen): {seconds_setup:.1f} s")
        hook.unregister(provide)
        t0 = time.perf_counter()
        run_month(MONTH, batch_size=args.batch_size)
        baseline = time.perf_counter() - t0
        print(f"betaalrun zonder inhoudingen: {baseline:.1f} s")
        reset_run()
        hook.register(provide, on_release=book_offsets)

    reset_worked = reset_peak()
    t0 = time.perf_counter()
    run = run_month(MONTH, batch_size=args.batch_size)  # the product's calculation
    seconds = time.perf_counter() - t0
    peak = peak_mb(reset_worked)
    lines = PaymentLine.objects.filter(month=MONTH).count()
    assert lines == args.n == run.done, (lines, run.done)

    t1 = time.perf_counter()
    again = run_month(MONTH, batch_size=args.batch_size)
    rerun = time.perf_counter() - t1
    assert PaymentLine.objects.filter(month=MONTH).count() == args.n and again.done == args.n

    floor = copy_floor(args.n, run.pk)
    ratio = seconds / floor
    print(
        f"betaalrun: {seconds:.1f} s, {args.n / seconds:,.0f} dossiers/s, "
        f"piekgeheugen {peak:.0f} MB{'' if reset_worked else ' (ru_maxrss, incl. opzet)'}"
    )
    print(f"totaal {run.amount_total} over {len(run.totals_per_municipality)} gemeenten")
    print(f"nogmaals draaien (niets te doen): {rerun:.1f} s, 0 nieuwe regels")
    print(f"vloer (COPY van {args.n:,} betaalregels): {floor:.1f} s; verhouding {ratio:.2f}")
    assert PaymentRun.objects.get(month=MONTH).status == PaymentRun.Status.DONE
    if baseline is not None:
        from samen.income.models import PaymentDeduction

        counted = PaymentDeduction.objects.filter(line__month=MONTH).count()
        print(
            f"betaalrun met inhoudingen: {seconds:.1f} s, {counted:,} inhoudingen; "
            f"verhouding met/zonder {seconds / baseline:.2f}"
        )
    if args.payout:
        for month in (dt.date(2026, 4, 1), dt.date(2026, 5, 1)):
            run_month(month, batch_size=args.batch_size)
        june = dt.date(2026, 6, 1)
        t2 = time.perf_counter()
        june_run = run_month(june, batch_size=args.batch_size)
        june_seconds = time.perf_counter() - t2
        reserving = (
            PaymentLine.objects.filter(month__lt=june, holiday_allowance__gt=0)
            .values("benefit_id")
            .distinct()
            .count()
        )
        assert june_run.holiday_allowances == reserving, (june_run.holiday_allowances, reserving)
        print(
            f"juni met uitbetaling vakantietoeslag (maart t/m mei): {june_seconds:.1f} s "
            f"({june_seconds / seconds:.2f}x maart), {june_run.holiday_allowances:,} "
            f"uitbetalingen, piekgeheugen {peak_mb(reset_worked):.0f} MB"
        )

    verdicts = [
        (f"binnen {TARGET_RATIO:.0f}x de COPY-vloer", ratio <= TARGET_RATIO),
        (f"piekgeheugen < {TARGET_PEAK_MB:.0f} MB", peak < TARGET_PEAK_MB),
    ]
    if baseline is not None:
        verdicts.append(
            (
                f"met inhoudingen binnen {TARGET_DEDUCTIONS}x",
                seconds / baseline <= TARGET_DEDUCTIONS,
            )
        )
    if args.n >= 1_000_000:
        verdicts.append(
            (f"< {TARGET_SECONDS_1M:.0f} s voor 1.000.000", seconds < TARGET_SECONDS_1M)
        )
    for label, ok in verdicts:
        print(f"doel {label}: {'gehaald' if ok else 'NIET gehaald'}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
