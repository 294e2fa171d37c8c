"""Every KPI for every municipality for one year, at national scale, on PostgreSQL.

Sets up N benefits (spread over the six SZMH municipalities by their caseload; started
between January 2024 and November 2026, a fifth ended), their facts (a quarter with income
from work), the payment lines of every month of 2026 they ran (one run per month;
July's released after the payment date) and N cases of the KPIs' case types
with a deadline and a decision date, all with ``COPY``. Then computes every KPI of the
catalogue that has a computation, through the registry (as the steering app does), for
every municipality and the three Marap periods of 2026, times refreshing the stored results
(``steering.computed.refresh_figures``, as the nightly task does) of every municipality over
the year, and times one report page (the figures and the trend of January-April 2026) for
Maastricht, the largest: once without stored results (computed once and stored), then warm,
reading the stored results.

The floor is one sequential scan of the largest table (the payment lines, warm); the ratio
is the time of all KPIs / the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench_steering \\
        .venv/bin/python bench/steering.py --n 450000

Targets (issue 13): all KPIs under 10 s; the report page under 300 ms with warm data. Exits
with 1 when a target is not met. The database is EMPTIED (persons, cases and income tables):
its name must contain "bench". See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from calendar import monthrange

from bulk import CASELOAD, copy_rows, municipality_ids, prepare_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_steering"
YEAR = 2026
TARGET_ALL_SECONDS = 10.0
TARGET_PAGE_MS = 300.0
NOW = "2026-12-01 12:00:00+00"
FIRST_START = dt.date(2024, 1, 1)
LAST_START = dt.date(2026, 11, 30)


def _months() -> list[dt.date]:
    return [dt.date(YEAR, m, 1) for m in range(1, 13)]


def _pay_on(month: dt.date) -> dt.date:
    return month.replace(day=25)


def set_up(n: int, seed: int = 2026) -> tuple[float, int]:
    """The rows, with COPY; returns the seconds and the number of payment lines."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from samen.cases.kpis import SCHEMES, TIMELINESS
    from samen.cases.models import CaseType
    from samen.organisation.models import Domain

    t0 = time.perf_counter()
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    domain = Domain.objects.get(code="participatiewet").pk
    ids = municipality_ids()
    codes = list(CASELOAD)
    weights = [CASELOAD[c][1] for c in codes]
    munis = rnd.choices(codes, weights, k=n)
    span = (LAST_START - FIRST_START).days
    starts = [FIRST_START + dt.timedelta(days=rnd.randrange(span)) for _ in range(n)]
    ends = [
        s + dt.timedelta(days=rnd.randrange(30, 700)) if rnd.random() < 0.2 else None
        for s in starts
    ]
    end_texts = [str(e) if e is not None else "\\N" for e in ends]
    kpi_codes = sorted({c for _l, cs in [*TIMELINESS.values(), *SCHEMES.values()] for c in cs})
    case_types = {
        ct.code: ct for ct in CaseType.objects.filter(code__in=kpi_codes).order_by("valid_from")
    }
    type_list = list(case_types.values())
    releaser = get_user_model().objects.get_or_create(username="bench-vrijgever")[0].pk
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute(
            "TRUNCATE income_supplement, income_recoveryclaim, income_paymentline, "
            "income_paymentrun, income_benefitfact, income_benefit, cases_case, people_person "
            "RESTART IDENTITY CASCADE"
        )
        copy_rows(
            cur,
            "COPY people_person (bsn, given_names, surname_prefix, surname, birth_date, "
            "version, created_at, updated_at) FROM STDIN",
            (
                f"{i:09d}\tJan\t\tBench {i}\t{1950 + i % 50}-0{1 + i % 9}-1{i % 9}"
                f"\t1\t{NOW}\t{NOW}\n"
                for i in range(1, n + 1)
            ),
        )
        copy_rows(
            cur,
            "COPY income_benefit (person_id, case_id, municipality_id, domain_id, "
            "confidentiality, iban, start_date, end_date, status, version, created_at) "
            "FROM STDIN",
            (
                f"{i}\t\\N\t{ids[munis[i - 1]]}\t{domain}\t4\tNL91ABNA0417164300"
                f"\t{starts[i - 1]}\t{end_texts[i - 1]}"
                f"\t{'beeindigd' if ends[i - 1] else 'actief'}\t1\t{NOW}\n"
                for i in range(1, n + 1)
            ),
        )

        def facts(i: int) -> str:
            kind = "arbeid" if rnd.random() < 0.25 else "overig"
            value = {
                "aanvrager": {"geboortedatum": "1980-01-01"},
                "inkomsten": [{"persoon": "aanvrager", "soort": kind, "netto_per_maand": "250.00"}],
            }
            return json.dumps(value).replace("\\", "\\\\")

        copy_rows(
            cur,
            "COPY income_benefitfact (benefit_id, valid_from, facts, reason, created_at) "
            "FROM STDIN",
            (f"{i}\t{starts[i - 1]}\t{facts(i)}\t\t{NOW}\n" for i in range(1, n + 1)),
        )
        run_ids = {}
        for month in _months():
            pay_on = _pay_on(month)
            late = 2 if month.month == 7 else -3  # July's run is released late
            cur.execute(
                "INSERT INTO income_paymentrun (month, status, total, done, supplements, "
                "holiday_allowances, missing_facts, amount_total, totals_per_municipality, "
                "not_calculated, problems, attempts, error, released_at, released_by_id) VALUES "
                "(%s, 'gereed', 0, 0, 0, 0, 0, 0, '{}', 0, '[]', 1, '', %s, %s) RETURNING id",
                [month, f"{pay_on + dt.timedelta(days=late)} 10:00:00+00", releaser],
            )
            run_ids[month] = cur.fetchone()[0]
        lines = 0

        def payment_lines():  # noqa: ANN202
            nonlocal lines
            for month in _months():
                last = month.replace(day=monthrange(YEAR, month.month)[1])
                for i in range(1, n + 1):
                    end = ends[i - 1]
                    if starts[i - 1] > last or (end is not None and end < month):
                        continue
                    run = run_ids[month]
                    lines += 1
                    yield (f"{run}\t{i}\t{month}\tregulier\t1000.00\t80.00\t{{}}\t\t{NOW}\n")

        copy_rows(
            cur,
            "COPY income_paymentline (run_id, benefit_id, month, kind, amount, "
            "holiday_allowance, calculation, reason, created_at) FROM STDIN",
            payment_lines(),
        )

        def cases():  # noqa: ANN202
            for i in range(1, n + 1):
                case_type = type_list[i % len(type_list)]
                received = dt.date(YEAR, 1, 1) + dt.timedelta(days=rnd.randrange(330))
                deadline = received + dt.timedelta(days=56)
                decided = received + dt.timedelta(days=rnd.randrange(10, 70))
                yield (
                    f"Z-BENCH-{i}\t{case_type.pk}\t{i}\t{ids[munis[i - 1]]}"
                    f"\t{case_type.domain_id}\t4\tbesluit_genomen\t{received}\t{received}"
                    f"\t{deadline}\t[]\t{decided}\t1\t{NOW}\n"
                )

        copy_rows(
            cur,
            "COPY cases_case (reference, case_type_id, person_id, municipality_id, domain_id, "
            "confidentiality, status, reported_on, received_on, deadline, "
            "deadline_explanation, decided_on, version, created_at) FROM STDIN",
            cases(),
        )
        cur.execute("ANALYZE")
    return time.perf_counter() - t0, lines


def seq_scan_floor() -> float:
    """One warm sequential scan of the payment lines (the largest table)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("SELECT count(*) FROM income_paymentline")  # warm the cache
        t0 = time.perf_counter()
        cursor.execute("SELECT count(*) FROM income_paymentline")
        cursor.fetchone()
        return time.perf_counter() - t0


def give_dvo(municipality: object) -> None:
    """The 2017 norms as Maastricht's DVO 2026-2027 (the bench has no GR memberships)."""
    from decimal import Decimal

    from samen.steering import reference
    from samen.steering.models import Dvo, DvoNorm, Kpi

    dvo, new = Dvo.objects.get_or_create(
        municipality=municipality,
        valid_from=reference.DVO_FROM,
        defaults={
            "valid_until": reference.DVO_UNTIL,
            "name": "DVO 2026-2027 (bench)",
            "source": reference.SOURCE_2017,
            "report_due_days": reference.REPORT_DUE_DAYS,
            "annual_due_month": reference.ANNUAL_DUE_MONTH,
            "annual_due_day": reference.ANNUAL_DUE_DAY,
        },
    )
    if new:
        found = {k.code: k for k in Kpi.objects.all()}
        for code, (comparator, value, note) in reference.NORMS_2017.items():
            DvoNorm.objects.create(
                dvo=dvo,
                kpi=found[code],
                comparator=comparator,
                value=Decimal(value) if value is not None else None,
                note=note,
            )


def director(maastricht: object) -> object:
    """A director with a figures grant for Maastricht (as the demo's), to open the report
    page through its URL, with the access policy, the audit and the template."""
    from django.contrib.auth import get_user_model

    from samen.access.models import Confidentiality, Grant, Role
    from samen.organisation.models import Domain, Staff

    user, _ = get_user_model().objects.get_or_create(username="bench-directeur")
    staff, _ = Staff.objects.get_or_create(
        user=user,
        defaults={"employee_number": "BENCHDIR", "name": "Bench Directeur", "employer": maastricht},
    )
    if not Grant.objects.filter(staff=staff).exists():
        grant = Grant.objects.create(
            status=Grant.Status.APPROVED,  # as if a second person approved it
            staff=staff,
            role=Role.objects.get(code="directeur"),
            max_confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
            valid_from=dt.date(2016, 1, 1),
        )
        grant.municipalities.set([maastricht])
        grant.domains.set([Domain.objects.get(code="participatiewet")])
    return user


def median_ms(work: object, rounds: int = 5) -> float:
    work()  # warm
    timings = []
    for _ in range(rounds):
        t1 = time.perf_counter()
        work()
        timings.append((time.perf_counter() - t1) * 1000)
    return sorted(timings)[len(timings) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5500, help="number of benefits (and cases)")
    parser.add_argument(
        "--keep", action="store_true", help="use the rows of an earlier run (no set-up)"
    )
    args = parser.parse_args()
    name = prepare_database(os.environ.get("DATABASE_URL", DEFAULT_URL))
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samen.common import kpis
    from samen.common.periods import Period
    from samen.organisation.models import Municipality
    from samen.steering import computed, figures
    from samen.steering.marap import MarapPeriod
    from samen.steering.models import ComputedValue, Kpi

    print(f"database: postgresql ({name}); N = {args.n:,}; jaar {YEAR}")
    if args.keep:
        from samen.income.models import PaymentLine

        lines = PaymentLine.objects.count()
        print(f"opzet: rijen van een eerdere run ({lines:,} betaalregels)")
    else:
        seconds, lines = set_up(args.n)
        print(
            f"opzet (COPY: personen, uitkeringen, feiten, {lines:,} betaalregels, zaken): "
            f"{seconds:.1f} s"
        )
    municipalities = list(Municipality.objects.filter(cbs_code__in=CASELOAD))
    codes = list(Kpi.objects.exclude(computation="").values_list("computation", flat=True))
    year = Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    periods = [MarapPeriod(YEAR, n).period for n in (1, 2, 3)]

    def every_kpi(over: list[Period]) -> int:
        """Every KPI for every municipality, as the nightly refresh computes them: per
        period and KPI one call for all municipalities (``kpis.compute_many``: one grouped
        pass where the app registered it, else one call per municipality)."""
        done = 0
        for period in over:
            for code in codes:
                found = kpis.compute_many(code, municipalities, period)
                assert len(found) == len(municipalities)
                done += len(found)
        return done

    floor = seq_scan_floor()
    print(f"vloer (één sequentiële scan van de betaalregels): {floor * 1000:.1f} ms")
    timed = {}
    for label, over in (
        ("het jaar als één periode (jaarcijfers)", [year]),
        ("de drie Marap-periodes", periods),
    ):
        every_kpi(over)  # warm
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            done = every_kpi(over)
            timed[label] = time.perf_counter() - t0
        print(
            f"alle KPI's over {label}: {done} berekeningen ({len(codes)} KPI's x "
            f"{len(municipalities)} gemeenten x {len(over)}), {len(queries)} queries, "
            f"{timed[label]:.2f} s; verhouding tot de vloer: {timed[label] / floor:.1f}"
        )
    slowest = []
    for code in codes:
        t0 = time.perf_counter()
        kpis.compute_many(code, municipalities, year)
        slowest.append((time.perf_counter() - t0, code))
    slowest.sort(reverse=True)
    print(
        "traagste KPI's over het jaar (alle gemeenten): "
        + "; ".join(f"{code} {seconds:.2f} s" for seconds, code in slowest[:6])
    )
    all_seconds = max(timed.values())
    whole_year = MarapPeriod.whole_year(YEAR)
    t0 = time.perf_counter()
    stored = computed.refresh_figures(municipalities, [whole_year])
    refresh_seconds = time.perf_counter() - t0
    print(
        f"bijwerken opgeslagen cijfers (refresh_figures) van alle gemeenten over het jaar, "
        f"met de bestandsanalyse: {stored} resultaten, {refresh_seconds:.2f} s"
    )

    maastricht = Municipality.objects.get(cbs_code="GM0935")
    give_dvo(maastricht)
    period = MarapPeriod(YEAR, 1)
    ComputedValue.objects.filter(municipality=maastricht).delete()

    def page_work() -> None:
        _report, shown = figures.of_period(maastricht, period)
        figures.trend(maastricht, period, shown)

    work_ms = median_ms(page_work)
    print(
        f"rapportage Maastricht {period.code}, cijfers en verloop (figures, opgeslagen "
        f"cijfers): mediaan {work_ms:.0f} ms"
    )
    client = Client()
    client.force_login(director(maastricht))
    url = f"/sturing/GM0935/{period.code}"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    ComputedValue.objects.filter(municipality=maastricht).delete()
    t0 = time.perf_counter()
    page()
    print(
        f"rapportagepagina GET {url} zonder opgeslagen cijfers (eenmaal berekend en "
        f"opgeslagen): {(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    page_ms = median_ms(page)
    with CaptureQueriesContext(connection) as queries:
        page()
    print(
        f"rapportagepagina GET {url} (view, toegang, audit, template): mediaan {page_ms:.0f} ms, "
        f"{len(queries)} queries"
    )

    met_all = all_seconds < TARGET_ALL_SECONDS
    met_page = page_ms < TARGET_PAGE_MS
    verdict = {True: "gehaald", False: "niet gehaald"}
    print(
        f"doel alle KPI's < {TARGET_ALL_SECONDS:.0f} s: {verdict[met_all]}; "
        f"pagina < {TARGET_PAGE_MS:.0f} ms: {verdict[met_page]}"
    )
    return 0 if met_all and met_page else 1


if __name__ == "__main__":
    sys.exit(main())
