"""Importing a camt.053 bank statement with N credits on PostgreSQL (issue 15: 100,000
credits in under 30 seconds).

Sets up N claims (one principal each) with ``COPY`` over the six SZMH municipalities and an
administration employee whose grant covers all of them, writes a camt.053.001.02 statement
with N credits (95 % quoting an existing claim's payment reference, 3 % an unknown one, 2 %
none) and N/50 debits, then times :func:`samen.recovery.bank.import_statement` as the screen
and the API call it: parsing (pycamt), the policy, the balances, the receipts and credits
(``bulk_create``) and the audit entries, in one transaction. Then it imports the same file
again (must change nothing) and prints both times and the ratio to the 30 s target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench_camt \\
        .venv/bin/python bench/camt_import.py --n 100000

The database is RECREATED (its name must contain "bench"). Exits with 1 when the target is
not met or the second import changed anything. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import CASELOAD, copy_rows, municipality_ids, prepare_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_camt"
TARGET_SECONDS = 30.0
NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
USERNAME = "bench.administratie"


def set_up(n: int) -> object:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection

    from samen.access.models import Confidentiality, Grant, Role
    from samen.organisation.models import Domain, Municipality, Staff

    ids = municipality_ids()
    domain = Domain.objects.get(code="participatiewet").pk
    user = get_user_model().objects.create(username=USERNAME)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_bankstatement", "view_bankstatement"])
    )
    staff = Staff.objects.create(
        user=user,
        employee_number="BENCH-ADM",
        name="Bench Administratie",
        employer=Municipality.objects.get(cbs_code="GM0935"),
    )
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=staff,
        role=Role.objects.get(code="administratie"),
        max_confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
        valid_from=dt.date(2016, 1, 1),
    )
    grant.municipalities.set(list(ids.values()))
    grant.domains.set([domain])
    rnd = random.Random(2026)  # noqa: S311 (synthetic data, not security)
    codes = list(CASELOAD)
    weights = [CASELOAD[c][1] for c in codes]
    munis = rnd.choices(codes, weights, k=n)
    now = "2026-02-20 12:00:00+00"
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        copy_rows(
            cur,
            "COPY people_person (bsn, given_names, surname_prefix, surname, birth_date, "
            "version, created_at, updated_at) FROM STDIN",
            (
                f"{i:09d}\tJan\t\tBench {i}\t1970-01-0{1 + i % 9}\t1\t{now}\t{now}\n"
                for i in range(1, n + 1)
            ),
        )
        copy_rows(
            cur,
            "COPY recovery_claim (person_id, municipality_id, domain_id, confidentiality, "
            "origin, principal, costs, description, established_on, version, created_at) "
            "FROM STDIN",
            (
                f"{i}\t{ids[munis[i - 1]]}\t{domain}\t3\toverige\t500.00\t0.00\tBench\t"
                f"2026-01-05\t1\t{now}\n"
                for i in range(1, n + 1)
            ),
        )
        copy_rows(
            cur,
            "COPY recovery_movement (claim_id, kind, amount, booked_on, reason, recorded_by, "
            "created_at) FROM STDIN",
            (
                f"{i}\thoofdsom\t500.00\t2026-01-05\tHoofdsom\tbench\t{now}\n"
                for i in range(1, n + 1)
            ),
        )
        cur.execute("ANALYZE recovery_claim; ANALYZE recovery_movement; ANALYZE people_person")
    return get_user_model().objects.get(pk=user.pk)


def statement(n: int) -> bytes:
    """A camt.053.001.02 statement with ``n`` credits and ``n // 50`` debits."""
    rnd = random.Random(53)  # noqa: S311
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<Document xmlns="{NS}"><BkToCstmrStmt>',
        "<GrpHdr><MsgId>BENCH-MSG-1</MsgId><CreDtTm>2026-03-02T06:00:00</CreDtTm></GrpHdr>",
        "<Stmt><Id>BENCH-2026-03-02</Id><CreDtTm>2026-03-02T06:00:00</CreDtTm>",
        "<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>",
    ]
    for i in range(1, n + n // 50 + 1):
        debit = i > n
        draw = rnd.random()
        if debit:
            remittance = f"Betaling {i}"
        elif draw < 0.95:
            remittance = f"Aflossing VORD-{rnd.randint(1, n):08d} termijn maart"
        elif draw < 0.98:
            remittance = f"VORD-{n + rnd.randint(1, 10**6):08d}"
        else:
            remittance = "Terugbetaling"
        parts.append(
            f'<Ntry><Amt Ccy="EUR">{rnd.randint(1, 40)}.{rnd.randint(0, 99):02d}</Amt>'
            f"<CdtDbtInd>{'DBIT' if debit else 'CRDT'}</CdtDbtInd><Sts>BOOK</Sts>"
            "<BookgDt><Dt>2026-03-01</Dt></BookgDt><ValDt><Dt>2026-03-01</Dt></ValDt>"
            f"<AcctSvcrRef>BENCH{i:010d}</AcctSvcrRef>"
            "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            f"<RltdPties><Dbtr><Nm>Debiteur {i}</Nm></Dbtr><DbtrAcct><Id><IBAN>"
            f"NL20INGB{i:010d}</IBAN></Id></DbtrAcct></RltdPties>"
            f"<RmtInf><Ustrd>{remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    parts.append("</Stmt></BkToCstmrStmt></Document>")
    return "".join(parts).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="credits (and claims)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = prepare_database(url, recreate=True, what="de import van een bankafschrift")
    t0 = time.perf_counter()
    user = set_up(args.n)
    content = statement(args.n)
    print(
        f"database {name}: {args.n:,} vorderingen en een afschrift van "
        f"{len(content) / 1e6:.1f} MB klaargezet in {time.perf_counter() - t0:.1f} s"
    )
    from samen.recovery import bank
    from samen.recovery.models import BankCredit, Movement

    t1 = time.perf_counter()
    result = bank.import_statement(user, content, "bench.xml")
    seconds = time.perf_counter() - t1
    statement_row = result.statement
    t2 = time.perf_counter()
    again = bank.import_statement(user, content, "bench-nogmaals.xml")
    second = time.perf_counter() - t2
    receipts = Movement.objects.filter(kind="ontvangst").count()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = seconds / TARGET_SECONDS
    print(
        f"import: {statement_row.credits:,} bijschrijvingen, {statement_row.matched:,} "
        f"gekoppeld, {result.unmatched:,} onbekend, {statement_row.skipped:,} overgeslagen"
    )
    print(f"import: {seconds:.1f} s ({statement_row.credits / seconds:,.0f} bijschrijvingen/s)")
    print(f"tweede import van hetzelfde bestand: {second:.2f} s, nieuw: {again.created}")
    print(f"piekgeheugen van het proces: {peak:.0f} MB")
    print(f"verhouding tot het doel (30 s): {ratio:.2f}")
    ok = (
        seconds <= TARGET_SECONDS
        and not again.created
        and receipts == statement_row.matched
        and BankCredit.objects.count() == statement_row.credits
    )
    print("doel gehaald" if ok else "DOEL NIET GEHAALD")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
