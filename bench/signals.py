"""Importing and matching Inlichtingenbureau signals on PostgreSQL (issue 16: 200,000 signals
against 450,000 benefits in under 60 seconds, with the ratio to a plain COPY of the file).

Sets up N benefits (default 450,000) with ``COPY``: one person each with a BSN that passes
the elfproef, all paid by Maastricht (an IB file belongs to one municipality), every second
client with a fixed consulent, 10 % of the benefits ended before the signals' month. Writes a
``detentie`` file of S signals (default 200,000) in the documented format (docs/enforcement.md):
90 % for benefit holders, 10 % for BSNs without a benefit. Then it times, in this order:

1. a plain ``COPY`` of the same file into an unlogged table (the baseline);
2. :func:`samen.enforcement.signals.import_file` as the screen calls it: parsing every field,
   the access policy, reading the benefits through ``income.matching``, the fixed consulents,
   the handling term, ``bulk_create`` of the signals and one audit entry per signal, in one
   transaction;
3. the same file again (must change nothing).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench_signals \\
        .venv/bin/python bench/signals.py

The database is RECREATED (its name must contain "bench"). Exits with 1 when the target is
not met or the second import changed anything. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import copy_rows, municipality_ids, prepare_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_signals"
TARGET_SECONDS = 60.0
USERNAME = "bench.handhaving"
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def valid_bsns(count: int) -> list[str]:
    found = []
    n = 100_000_000
    while len(found) < count:
        digits = str(n)
        if sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0:
            found.append(digits)
        n += 1
    return found


def set_up(benefits: int, signals: int) -> tuple[object, object, bytes]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from samen.access.models import Confidentiality, Grant, Role
    from samen.organisation.models import Domain, Municipality, Staff

    ids = municipality_ids()
    maastricht = Municipality.objects.get(cbs_code="GM0935")
    domain = Domain.objects.get(code="participatiewet").pk
    user = get_user_model().objects.create(username=USERNAME)
    staff = Staff.objects.create(
        user=user, employee_number="BENCH-HH", name="Bench Handhaving", employer=maastricht
    )
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=staff,
        role=Role.objects.get(code="handhaving"),
        max_confidentiality=Confidentiality.VERTROUWELIJK,
        valid_from=dt.date(2016, 1, 1),
    )
    grant.municipalities.set([ids["GM0935"]])
    grant.domains.set([domain])
    bsns = valid_bsns(benefits + signals // 10 + 1)
    holders, strangers = bsns[:benefits], bsns[benefits:]
    now = "2026-02-20 12:00:00+00"
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM people_person")
        first = cur.fetchone()[0] + 1
        copy_rows(
            cur,
            "COPY people_person (bsn, given_names, surname_prefix, surname, birth_date, "
            "version, created_at, updated_at) FROM STDIN",
            (
                f"{bsn}\tJan\t\tBench {i}\t1970-01-0{1 + i % 9}\t1\t{now}\t{now}\n"
                for i, bsn in enumerate(holders)
            ),
        )
        copy_rows(
            cur,
            "COPY income_benefit (person_id, municipality_id, domain_id, confidentiality, iban, "
            "start_date, end_date, status, version, created_at) FROM STDIN",
            (
                f"{first + i}\t{maastricht.pk}\t{domain}\t4\tNL91ABNA0417164300\t2025-01-01\t"
                + ("2025-12-31\tbeeindigd" if i % 10 == 9 else "\\N\tactief")
                + f"\t1\t{now}\n"
                for i in range(benefits)
            ),
        )
        copy_rows(
            cur,
            "COPY cases_assignment (person_id, domain_id, staff_id, reason, valid_from) FROM STDIN",
            (
                f"{first + i}\t{domain}\t{staff.pk}\tbench\t2025-01-01\n"
                for i in range(0, benefits, 2)
            ),
        )
        cur.execute("ANALYZE people_person; ANALYZE income_benefit; ANALYZE cases_assignment")
    rnd = random.Random(16)  # noqa: S311 (synthetic data, not security)
    chosen = rnd.sample(holders, signals - signals // 10) + strangers[: signals // 10]
    out = io.StringIO()
    out.write("bsn;begindatum;einddatum;inrichting\n")
    for i, bsn in enumerate(chosen):
        out.write(f"{bsn};2026-0{1 + i % 9}-{1 + i % 28:02d};;PI {i % 40}\n")
    return get_user_model().objects.get(pk=user.pk), maastricht, out.getvalue().encode()


def plain_copy(content: bytes) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute(
            "CREATE UNLOGGED TABLE bench_copy (bsn text, begindatum date, einddatum date, "
            "inrichting text)"
        )
        started = time.perf_counter()
        with cur.copy(
            "COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy:
            copy.write(content)
        seconds = time.perf_counter() - started
        cur.execute("DROP TABLE bench_copy")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benefits", type=int, default=450_000)
    parser.add_argument("--signals", type=int, default=200_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = prepare_database(url, recreate=True, what="het inlezen van signalen")
    t0 = time.perf_counter()
    user, maastricht, content = set_up(args.benefits, args.signals)
    print(
        f"database {name}: {args.benefits:,} uitkeringen en een bestand van {args.signals:,} "
        f"signalen ({len(content) / 1e6:.1f} MB) klaargezet in {time.perf_counter() - t0:.1f} s"
    )
    from samen.access.models import AuditEntry
    from samen.enforcement import signals
    from samen.enforcement.models import Signal

    baseline = plain_copy(content)
    t1 = time.perf_counter()
    result = signals.import_file(user, maastricht, "detentie", "bench.csv", content)
    seconds = time.perf_counter() - t1
    t2 = time.perf_counter()
    again = signals.import_file(user, maastricht, "detentie", "bench-nogmaals.csv", content)
    second = time.perf_counter() - t2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stored = Signal.objects.count()
    assigned = Signal.objects.filter(assigned_to__isnull=False).count()
    audited = AuditEntry.objects.filter(object_type="ib-signaal").count()
    print(
        f"import: {result.created:,} signalen, {result.matched:,} gekoppeld, "
        f"{result.created - result.matched:,} niet gekoppeld, {assigned:,} bij een vaste "
        f"consulent, {audited:,} auditregels"
    )
    print(f"import: {seconds:.1f} s ({result.created / seconds:,.0f} signalen/s)")
    print(f"gewone COPY van hetzelfde bestand: {baseline:.2f} s")
    print(f"verhouding import / COPY: {seconds / baseline:.0f}")
    print(f"tweede import van hetzelfde bestand: {second:.2f} s, nieuw: {again.created}")
    print(f"piekgeheugen van het proces: {peak:.0f} MB")
    print(f"verhouding tot het doel (60 s): {seconds / TARGET_SECONDS:.2f}")
    ok = (
        seconds <= TARGET_SECONDS
        and again.already_imported
        and again.created == 0
        and stored == result.created == args.signals
        and audited == stored
    )
    print("doel gehaald" if ok else "DOEL NIET GEHAALD")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
