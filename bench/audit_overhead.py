"""What does the audit trail cost a caseworker? Lists 50 persons through the API
(`GET /api/v1/personen?paginaGrootte=50`) as a consulent, many times with audit on and with
audit off, and prints the median and p95 of both, their ratio, and whether the target is met
(audit adds less than 20 % to that request).

Audit off means: inside this script only, ``samen.access.audit.record`` is replaced by a
function that does nothing. The product has no such switch.

    .venv/bin/python bench/audit_overhead.py                       # temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench \\
        .venv/bin/python bench/audit_overhead.py                   # PostgreSQL

Options: ``--rounds N`` (default 200 per variant), ``--persons N`` (default 600),
``--sqlite-rollback-journal`` (SQLite only: measure with SQLite's own defaults, a rollback
journal and a disk sync at every commit, instead of the product's WAL journal with
synchronous=NORMAL). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.20  # audit may add less than 20 %
CONSULENT = "bench.consulent"
PAGE = "/api/v1/personen?paginaGrootte=50"


def sqlite_rollback_journal(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=DELETE")
            cursor.execute("PRAGMA synchronous=FULL")


def setup_django(rollback_journal: bool = False) -> tuple[str, str | None]:
    """Configure Django on DATABASE_URL, or on a fresh temporary SQLite database."""
    sys.path.insert(0, str(ROOT))
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="samen-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # DEBUG keeps every query: not what we measure
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created

    if rollback_journal:
        connection_created.connect(sqlite_rollback_journal, weak=False)

    call_command("migrate", verbosity=0)
    return connection.vendor, tmp


def valid_bsns(count: int) -> list[str]:
    found = []
    for n in range(10_000_000):
        digits = f"99{n:07d}"
        total = sum(int(d) * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True))
        if total % 11 == 0:
            found.append(digits)
            if len(found) == count:
                return found
    raise RuntimeError("not enough BSNs")


def populate(persons: int) -> str:
    """A consulent with a grant for Vaals and the Participatiewet; ``persons`` persons in
    Vaals known in that domain, and as many elsewhere that the consulent must not see.
    Idempotent: a second run on the same database adds nothing. Returns a token."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from samen.access.models import Confidentiality, Grant, Role
    from samen.organisation.models import Domain, Municipality, Staff
    from samen.people.models import Address, Person, Registration

    def municipality(code: str, name: str) -> Municipality:
        found, _ = Municipality.objects.get_or_create(cbs_code=code, defaults={"name": name})
        return found

    vaals = municipality("GM0981", "Vaals")
    maastricht = municipality("GM0935", "Maastricht")
    pw = Domain.objects.get(code="participatiewet")
    user, _ = get_user_model().objects.get_or_create(username=CONSULENT)
    staff, _ = Staff.objects.get_or_create(
        user=user,
        defaults={"employee_number": "BENCH1", "name": "Bench Consulent", "employer": vaals},
    )
    if not Grant.objects.filter(staff=staff).exists():
        grant = Grant.objects.create(
            status=Grant.Status.APPROVED,  # as if a second person approved it
            staff=staff,
            role=Role.objects.get(code="consulent"),
            max_confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
            valid_from=dt.date(2016, 1, 1),
        )
        grant.municipalities.set([vaals])
        grant.domains.set([pw])

    bsns = valid_bsns(2 * persons)
    existing = set(Person.objects.filter(bsn__in=bsns).values_list("bsn", flat=True))
    todo = [(n, b) for n, b in enumerate(bsns) if b not in existing]
    created = Person.objects.bulk_create(
        [
            Person(
                bsn=bsn,
                given_names=f"Voornaam{n}",
                surname=f"Achternaam{n:05d}",
                birth_date=dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            )
            for n, bsn in todo
        ],
        batch_size=500,
    )
    people = Person.objects.filter(bsn__in=[b for _, b in todo]).order_by("bsn")
    index = {b: n for n, b in todo}
    addresses, registrations = [], []
    for person in people:
        home = vaals if index[person.bsn] < persons else maastricht
        addresses.append(
            Address(
                person=person,
                street="Kerkstraat",
                house_number=str(index[person.bsn]),
                postal_code="6291 AA",
                city=home.name,
                municipality=home,
                valid_from=dt.date(2016, 1, 1),
            )
        )
        registrations.append(
            Registration(
                person=person,
                domain=pw,
                subject="Algemene bijstand",
                registered_on=dt.date(2020, 1, 1),
            )
        )
    Address.objects.bulk_create(addresses, batch_size=500)
    Registration.objects.bulk_create(registrations, batch_size=500)
    if created:
        print(f"{len(created)} personen aangemaakt ({persons} in Vaals zichtbaar).")
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def measure(request: Callable[[], Any], rounds: int) -> tuple[list[float], list[float]]:
    """Alternate audit on and off (which goes first alternates too), so drift in the machine
    or in the database hits both the same."""
    from samen.access import audit

    real = audit.record

    def no_op(**kwargs: Any) -> list[Any]:
        return []

    on: list[float] = []
    off: list[float] = []
    for n in range(rounds):
        order = [(on, real), (off, no_op)]
        if n % 2:
            order.reverse()
        for timings, record in order:
            audit.record = record  # type: ignore[assignment]
            try:
                start = time.perf_counter()
                request()
                timings.append(time.perf_counter() - start)
            finally:
                audit.record = real  # type: ignore[assignment]
    return on, off


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="requests per variant")
    parser.add_argument("--persons", type=int, default=600, help="persons in Vaals (>= 500)")
    parser.add_argument(
        "--sqlite-rollback-journal",
        action="store_true",
        help="SQLite: rollback journal, synchronous=FULL (SQLite's defaults) instead of WAL",
    )
    args = parser.parse_args()

    vendor, tmp = setup_django(rollback_journal=args.sqlite_rollback_journal)
    try:
        from django.db import connection
        from django.test import Client

        from samen.access.models import AuditEntry

        key = populate(max(args.persons, 500))
        client = Client(HTTP_AUTHORIZATION=f"Token {key}")

        def request() -> None:
            response = client.get(PAGE)
            assert response.status_code == 200, response.content[:500]
            assert len(response.json()["results"]) == 50

        before = AuditEntry.objects.count()
        for _ in range(10):  # warm up caches and connections
            request()
        on, off = measure(request, args.rounds)
        written = AuditEntry.objects.count() - before
        expected = 50 * (10 + args.rounds)
        assert written == expected, f"{written} auditregels geschreven, {expected} verwacht"

        ms = 1000
        median_on, median_off = statistics.median(on) * ms, statistics.median(off) * ms
        p95_on, p95_off = p95(on) * ms, p95(off) * ms
        ratio = median_on / median_off
        wal = ""
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
                    cursor.execute("PRAGMA synchronous").fetchone()[0]
                ]
            wal = f" (journal_mode={mode}, synchronous={sync})"
        print(f"database: {vendor}{wal} ({connection.settings_dict['NAME']})")
        print(f"verzoek: GET {PAGE} als consulent, {args.rounds} keer per variant")
        print(f"audit aan:  mediaan {median_on:7.2f} ms   p95 {p95_on:7.2f} ms")
        print(f"audit uit:  mediaan {median_off:7.2f} ms   p95 {p95_off:7.2f} ms")
        print(f"verhouding: mediaan {ratio:.3f}   p95 {p95_on / p95_off:.3f}")
        met = ratio < TARGET
        verdict = "gehaald" if met else "NIET gehaald"
        print(
            f"doel (audit voegt < 20 % toe aan de mediaan): {verdict} (+{(ratio - 1) * 100:.1f} %)"
        )
        return 0 if met else 1
    finally:
        if tmp:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
