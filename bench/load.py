# ruff: noqa: S603
# (the commands it starts are the product's own gunicorn, from the same virtual environment)
"""Load at national scale: N persons and N cases on PostgreSQL, served by gunicorn as in
production, driven by 1, 4 and 16 concurrent clients.

Loads N persons (with address and registration) and N cases (with their first status) with
``COPY``, spread over the six SZMH municipalities by caseload; a consulent for Vaals and the
Participatiewet (up to zaakvertrouwelijk) with a personal API token and 40 open cases of
their own; 50 colleagues who hold the other open cases. Then starts gunicorn with the
project's ``gunicorn.conf.py`` in production mode and, per endpoint and number of clients,
sends requests for a bounded time from keep-alive connections (threads + http.client):

- ``personen``: ``GET /api/v1/personen?paginaGrootte=50``, the audited person list (50 audit
  entries per request; the script checks that they were written);
- ``zaak``: ``GET /api/v1/zaken/{id}``, a case detail (one audit entry);
- ``werkvoorraad``: ``GET /api/v1/werkvoorraad``, the consulent's 40 open cases (audited);
- ``zaaktypen``: ``GET /api/v1/zaaktypen``, an unaudited reference list (18 rows);
- ``klein``: ``GET /api/v1/domeinen/participatiewet``, the smallest authenticated request, at
  one client: its median is the fixed cost of an authenticated request.

Then the person list at 16 clients against the same server with the audit written but not
chained (``bench/unchained_wsgi.py``), alternating with the chained product.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench_load \\
        .venv/bin/python bench/load.py --n 1000        # then --n 1000000 compares with it

Each N gets its own database (``<name>_<N>``, recreated unless ``--keep`` finds it loaded);
its name must contain "bench". The figures go to ``bench/results/load-<N>.json``; a run of
1,000,000 compares its medians with those of 1,000. Exits with 1 when a target is not met.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bulk import CASELOAD, ROOT, copy_rows, database_exists, municipality_ids, prepare_database

BENCH = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_load"
RESULTS = BENCH / "results"
CONSULENT = "bench.consulent"
COLLEAGUES = 50
OWN_CASES = 40
CASE_TYPE = "pw-aanvraag-algemene-bijstand"
AUDIT_KEY = "bench-load-audit-key-only-for-the-benchmark-database"  # noqa: S105
CORES = os.cpu_count() or 1
# The targets of issue 11 item 5.
TARGET_PER_CORE = 60.0  # audited 50-person list, 16 clients, requests/s per core
TARGET_FIXED_MS = 3.0  # the smallest authenticated request, median at one client
TARGET_GROWTH = 1.20  # 1,000,000 rows against 1,000: at most 20 % slower (median, 1 client)
TARGET_CHAIN = 0.90  # audited throughput with the chain >= 90 % of written but unchained
GIVEN = ["Jan", "Maria", "Mohamed", "Anna", "Piet", "Fatima", "Kees", "Sanne", "Ahmet", "Eva"]


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
def loaded(n: int) -> bool:
    from rest_framework.authtoken.models import Token

    from samen.cases.models import Case
    from samen.people.models import Person

    return (
        Person.objects.count() == n
        and Case.objects.count() == n
        and Token.objects.filter(user__username=CONSULENT).exists()
    )


def load(n: int, seed: int = 2026) -> float:
    """Staff, grant and token with the ORM; persons, addresses, registrations, cases and
    their first status with COPY. Returns the seconds it took."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from samen.access.models import Confidentiality, Grant, Role
    from samen.cases.models import CaseType
    from samen.organisation.models import Domain, Staff

    t0 = time.perf_counter()
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    ids = municipality_ids()
    pw = Domain.objects.get(code="participatiewet")
    case_type = CaseType.objects.filter(code=CASE_TYPE).order_by("-valid_from").first()
    assert case_type is not None, CASE_TYPE
    users = get_user_model().objects
    staff_ids = []
    for number in range(COLLEAGUES + 1):
        username = CONSULENT if number == 0 else f"bench.collega.{number}"
        user, _ = users.get_or_create(username=username)
        staff, _ = Staff.objects.get_or_create(
            user=user,
            defaults={
                "employee_number": f"BENCH{number}",
                "name": f"Bench {'Consulent' if number == 0 else f'Collega {number}'}",
                "employer_id": ids["GM0981"],
            },
        )
        staff_ids.append(staff.pk)
    consulent = Staff.objects.get(pk=staff_ids[0])
    if not Grant.objects.filter(staff=consulent).exists():
        grant = Grant.objects.create(
            staff=consulent,
            status=Grant.Status.APPROVED,  # as if a second person approved it
            role=Role.objects.get(code="consulent"),
            max_confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
            valid_from=dt.date(2016, 1, 1),
        )
        grant.municipalities.set([ids["GM0981"]])
        grant.domains.set([pw])
    Token.objects.get_or_create(user=consulent.user)

    codes = list(CASELOAD)
    munis = rnd.choices(codes, [CASELOAD[c][1] for c in codes], k=n)
    vaals = [i for i in range(1, n + 1) if munis[i - 1] == "GM0981"]
    own = set(vaals[:OWN_CASES])
    assert len(own) == OWN_CASES, f"te weinig personen in Vaals bij N = {n}"
    secret = {i for i in range(1, n + 1) if rnd.random() < 0.03} - own  # fraud: vertrouwelijk
    today = dt.date.today()
    now = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}+00"
    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor
        cur.execute(
            "TRUNCATE cases_statuschange, cases_case, people_address, people_registration, "
            "people_person RESTART IDENTITY CASCADE"
        )
        copy_rows(
            cur,
            "COPY people_person (bsn, given_names, surname_prefix, surname, birth_date, "
            "version, created_at, updated_at) FROM STDIN",
            (
                # surnames in an order unrelated to id and municipality
                f"{i:09d}\t{GIVEN[i % 10]}\t\tAchternaam{(i * 7919) % 1_000_003:07d}"
                f"\t{1950 + i % 50}-0{1 + i % 9}-1{i % 9}\t1\t{now}\t{now}\n"
                for i in range(1, n + 1)
            ),
        )
        copy_rows(
            cur,
            "COPY people_address (person_id, street, house_number, postal_code, city, "
            "municipality_id, valid_from, valid_until) FROM STDIN",
            (
                f"{i}\tKerkstraat\t{i % 200 + 1}\t6291 AA\t{CASELOAD[munis[i - 1]][0]}"
                f"\t{ids[munis[i - 1]]}\t2016-01-01\t\\N\n"
                for i in range(1, n + 1)
            ),
        )
        copy_rows(
            cur,
            "COPY people_registration (person_id, domain_id, subject, confidentiality, "
            "registered_on) FROM STDIN",
            (
                f"{i}\t{pw.pk}\t{'Onderzoek' if i in secret else 'Algemene bijstand'}"
                f"\t{5 if i in secret else 4}\t2020-01-01\n"
                for i in range(1, n + 1)
            ),
        )

        def case(i: int) -> str:
            if i in own or rnd.random() < 0.3:
                status, decided, closed = "in_behandeling", "\\N", "\\N"
                staff = staff_ids[0] if i in own else staff_ids[1 + i % COLLEAGUES]
                received = today - dt.timedelta(days=rnd.randrange(0, 56))
            else:
                received = today - dt.timedelta(days=rnd.randrange(60, 3000))
                status, staff = "afgesloten", staff_ids[1 + i % COLLEAGUES]
                decided = str(received + dt.timedelta(days=rnd.randrange(10, 50)))
                closed = decided
            deadline = received + dt.timedelta(weeks=8)
            explanation = json.dumps(
                [
                    f"Aanvraag ontvangen op {received:%d-%m-%Y}.",
                    f"Beslistermijn 8 weken: uiterlijk {deadline:%d-%m-%Y}.",
                ]
            )
            return (
                f"BENCH-{i:07d}\t{case_type.pk}\t{i}\t{ids[munis[i - 1]]}\t{pw.pk}\t4\t{status}"
                f"\t{received}\t{received}\t\\N\t{deadline}\t{explanation}\t{staff}\t\\N"
                f"\t{decided}\t{closed}\t1\t{now}\n"
            )

        copy_rows(
            cur,
            "COPY cases_case (reference, case_type_id, person_id, municipality_id, domain_id, "
            "confidentiality, status, reported_on, received_on, search_period_until, deadline, "
            "deadline_explanation, assigned_to_id, team_id, decided_on, closed_on, version, "
            "created_at) FROM STDIN",
            (case(i) for i in range(1, n + 1)),
        )
        copy_rows(
            cur,
            "COPY cases_statuschange (case_id, status, on_date, at, by_id, by_name, note) "
            "FROM STDIN",
            (
                f"{i}\tontvangen\t2026-01-01\t{now}\t{staff_ids[1 + i % COLLEAGUES]}"
                f"\tBench Collega\tAanvraag ontvangen\n"
                for i in range(1, n + 1)
            ),
        )
        # A database in use has been vacuumed and analysed by autovacuum.
        for table in (
            "people_person",
            "people_address",
            "people_registration",
            "cases_case",
            "cases_statuschange",
        ):
            cur.execute(f"VACUUM (ANALYZE) {table}")
        cur.execute(
            "CREATE SEQUENCE IF NOT EXISTS bench_unchained_audit "
            "INCREMENT BY -1000 START WITH -1000 MAXVALUE -1"
        )
    return time.perf_counter() - t0


@dataclass(frozen=True)
class Fixture:
    token: str
    case_ids: list[int]


def fixture() -> Fixture:
    from rest_framework.authtoken.models import Token

    from samen.cases.models import Case

    token = Token.objects.get(user__username=CONSULENT).key
    own = Case.objects.filter(assigned_to__user__username=CONSULENT).order_by("pk")
    return Fixture(token, list(own.values_list("pk", flat=True)))


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn with the project's gunicorn.conf.py in production mode."""

    def __init__(self, url: str, work: Path, app: str = "samen.wsgi:application") -> None:
        self.port = free_port()
        self.log = work / f"gunicorn-{app.split('.')[0].split(':')[0]}-{self.port}.log"
        checkpoints = work / "checkpoints"
        checkpoints.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
        env.update(
            DATABASE_URL=url,
            SAMEN_ENV="production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            SAMEN_AUDIT_KEY=AUDIT_KEY,
            SAMEN_AUDIT_CHECKPOINT_DIR=str(checkpoints),
            SAMEN_DATA_DIR=str(work),
            ALLOWED_HOSTS="127.0.0.1",
            SAMEN_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_FORWARDED_ALLOW_IPS="127.0.0.1",
            PYTHONPATH=os.pathsep.join(
                [str(ROOT), str(BENCH), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", app],
            env=env,
            cwd=ROOT,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, token: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopte:\n{self.log.read_text()[-3000:]}")
            try:
                status, _ = get(self.port, "/api/v1/zaaktypen", token)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn antwoordt niet binnen {seconds:.0f} s:\n{self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def headers(token: str) -> dict[str, str]:
    # As behind the TLS proxy: production redirects plain HTTP to HTTPS.
    return {
        "Authorization": f"Token {token}",
        "X-Forwarded-Proto": "https",
        "Host": "127.0.0.1",
        "Accept": "application/json",
    }


def get(port: int, path: str, token: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers(token))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------
# The load driver
# ---------------------------------------------------------------------------------------------
@dataclass
class Level:
    clients: int
    requests: int
    seconds: float
    rps: float
    rps_per_core: float
    median_ms: float
    p95_ms: float
    errors: int
    client_cpu: float  # share of one core used by this driver
    machine_busy: float  # share of all cores busy (everything on the machine)
    ok_total: int = 0  # every 200, also those that ended after the time was up


def _machine_ticks() -> tuple[int, int]:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]
    return sum(values[:8]) - idle, sum(values[:8])


def drive(port: int, token: str, paths: list[str], clients: int, seconds: float) -> Level:
    """``clients`` threads, each on its own keep-alive connection, send requests in a loop
    for ``seconds``; only requests that end within the time count for the rate."""
    hdrs = headers(token)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    ok = [0] * clients
    errors = [0] * clients
    problems: list[str] = []
    start_barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        k = number
        start_barrier.wait()
        while True:
            path = paths[k % len(paths)]
            k += clients
            begin = time.perf_counter()
            if begin >= stop_at[0]:
                break
            try:
                connection.request("GET", path, headers=hdrs)
                response = connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                connection.close()  # closed by the server (keep-alive ended, worker recycled)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            end = time.perf_counter()
            if response.status == 200:
                ok[number] += 1
                if end <= stop_at[0]:
                    latencies[number].append(end - begin)
            else:
                errors[number] += 1
                if len(problems) < 3:
                    problems.append(f"{response.status} {path}: {body[:300]!r}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    busy0, total0 = _machine_ticks()
    cpu0 = time.process_time()
    begin = time.perf_counter()
    stop_at[0] = begin + seconds
    start_barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = min(time.perf_counter(), stop_at[0]) - begin
    cpu = time.process_time() - cpu0
    busy1, total1 = _machine_ticks()
    for problem in problems:
        print(f"  fout: {problem}")
    flat = sorted(x for per in latencies for x in per)
    if not flat:
        raise SystemExit(f"geen enkel geslaagd verzoek op {paths[0]}")
    rps = len(flat) / elapsed
    return Level(
        clients=clients,
        requests=len(flat),
        seconds=round(elapsed, 2),
        rps=rps,
        rps_per_core=rps / CORES,
        median_ms=statistics.median(flat) * 1000,
        p95_ms=(statistics.quantiles(flat, n=20, method="inclusive")[18] if len(flat) > 1 else 0)
        * 1000,
        errors=sum(errors),
        client_cpu=cpu / elapsed,
        machine_busy=(busy1 - busy0) / max(total1 - total0, 1),
        ok_total=sum(ok),
    )


def audit_mark() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM access_auditentry")
        return int(cursor.fetchone()[0])


def audit_written_since(mark: int) -> int:
    from samen.access.models import AuditEntry

    return AuditEntry.objects.filter(pk__gt=mark).count()


@dataclass(frozen=True)
class Endpoint:
    name: str
    paths: list[str]
    audited_per_request: int  # audit entries each request must write
    rows: int  # rows each answer must show


def endpoints(fx: Fixture) -> list[Endpoint]:
    return [
        Endpoint("personen", ["/api/v1/personen?paginaGrootte=50"], 50, 50),
        Endpoint("zaak", [f"/api/v1/zaken/{pk}" for pk in fx.case_ids], 1, 1),
        Endpoint("werkvoorraad", ["/api/v1/werkvoorraad"], OWN_CASES, OWN_CASES),
        Endpoint("zaaktypen", ["/api/v1/zaaktypen"], 0, 18),
    ]


SMALL = Endpoint("klein", ["/api/v1/domeinen/participatiewet"], 0, 1)


def check_answer(port: int, token: str, endpoint: Endpoint) -> None:
    """One request, its rows and its audit entries, before the load starts."""
    mark = audit_mark()
    status, body = get(port, endpoint.paths[0], token)
    assert status == 200, (status, body[:500])
    data = json.loads(body)
    rows = (
        len(data["results"])
        if isinstance(data, dict) and "results" in data
        else len(data)
        if isinstance(data, list)
        else 1
    )
    assert rows == endpoint.rows, f"{endpoint.name}: {rows} regels, {endpoint.rows} verwacht"
    written = audit_written_since(mark)
    assert written == endpoint.audited_per_request, (
        f"{endpoint.name}: {written} auditregels, {endpoint.audited_per_request} verwacht"
    )


def run_endpoint(
    port: int, token: str, endpoint: Endpoint, levels: list[int], seconds: float, warmup: float
) -> dict[int, Level]:
    check_answer(port, token, endpoint)
    drive(port, token, endpoint.paths, max(levels), warmup)  # every thread its connection
    found = {}
    for clients in levels:
        mark = audit_mark()
        level = drive(port, token, endpoint.paths, clients, seconds)
        written = audit_written_since(mark)
        expected = endpoint.audited_per_request * level.ok_total
        audit_note = ""
        if endpoint.audited_per_request:
            audit_note = f"  audit {written}/{expected}"
            if written != expected:
                raise SystemExit(
                    f"{endpoint.name}: {written} auditregels geschreven, {expected} verwacht"
                )
        print(
            f"{endpoint.name:<13}{clients:>3}  {level.rps:8.1f} {level.rps_per_core:8.1f}"
            f"  {level.median_ms:8.2f} {level.p95_ms:8.2f}  {level.errors:>4}"
            f"  {level.client_cpu * 100:5.0f} % {level.machine_busy * 100:5.0f} %{audit_note}",
            flush=True,
        )
        found[clients] = level
    return found


HEADER = (
    f"{'verzoek':<13}{'cl':>3}  {'verz./s':>8} {'per kern':>8}  {'mediaan':>8} {'p95':>8}"
    f"  {'fout':>4}  {'client':>7} {'machine':>7}"
)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
@dataclass
class Report:
    n: int
    date: str
    machine: str
    cores: int
    gunicorn: str
    load_before: list[float]
    load_after: list[float] = field(default_factory=list)
    setup_seconds: float = 0.0
    levels: dict[str, dict[str, Any]] = field(default_factory=dict)
    fixed_ms: float = 0.0
    chained_rps: list[float] = field(default_factory=list)
    unchained_rps: list[float] = field(default_factory=list)


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.node()}: {CORES} kernen, {model or platform.processor()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="persons and cases (1000|1000000)")
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint and level")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each endpoint")
    parser.add_argument("--levels", default="1,4,16", help="numbers of concurrent clients")
    parser.add_argument(
        "--only", default="", help="only these endpoints (comma separated; 'keten': only the chain)"
    )
    parser.add_argument(
        "--chain-rounds", type=int, default=2, help="alternations chained/unchained at 16 clients"
    )
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    parser.add_argument(
        "--load-only", action="store_true", help="load the database and stop (then --keep)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="where load-<N>.json goes")
    args = parser.parse_args()
    levels = sorted({int(x) for x in args.levels.split(",")})

    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    url = f"{base.rsplit('/', 1)[0]}/{base.rsplit('/', 1)[1].split('?')[0]}_{args.n}"
    reuse = args.keep and database_exists(url)
    name = prepare_database(url, recreate=not reuse, what="de belasting op PostgreSQL")
    workers = os.environ.get("GUNICORN_WORKERS", str(CORES))
    threads = os.environ.get("GUNICORN_THREADS", "8")
    report = Report(
        n=args.n,
        date=dt.datetime.now().isoformat(timespec="minutes"),
        machine=machine(),
        cores=CORES,
        gunicorn=f"{workers} workers x {threads} threads (gthread)",
        load_before=list(os.getloadavg()),
    )
    print(f"database: postgresql ({name}); N = {args.n:,}; {report.machine}")
    print(f"belasting van de machine vooraf (1/5/15 min): {report.load_before}")
    if reuse and loaded(args.n):
        print("opzet: bestaande database hergebruikt (--keep)")
    else:
        report.setup_seconds = load(args.n)
        print(
            f"opzet (COPY van personen, adressen, inschrijvingen, zaken): "
            f"{report.setup_seconds:.1f} s"
        )
    if args.load_only:
        return 0
    fx = fixture()
    from django.db import connections

    connections.close_all()

    work = Path(tempfile.mkdtemp(prefix="samen-load-"))
    print(f"gunicorn: gunicorn.conf.py, productiemodus, {report.gunicorn}; logs in {work}")
    print(f"{args.seconds:.0f} s per verzoek en aantal clients; tijden in ms\n")
    print(HEADER)
    server = Server(url, work)
    try:
        server.wait(fx.token)
        only = set(filter(None, args.only.split(",")))
        if not only or SMALL.name in only:
            small = run_endpoint(server.port, fx.token, SMALL, [1], args.seconds, args.warmup)
            report.fixed_ms = small[1].median_ms
            report.levels[SMALL.name] = {str(k): asdict(v) for k, v in small.items()}
        for endpoint in endpoints(fx):
            if only and endpoint.name not in only:
                continue
            found = run_endpoint(server.port, fx.token, endpoint, levels, args.seconds, args.warmup)
            report.levels[endpoint.name] = {str(k): asdict(v) for k, v in found.items()}
        persons = endpoints(fx)[0]
        top = max(levels)
    finally:
        server.stop()

    print(f"\nketen: personen bij {top} clients, afwisselend zonder en met de keten")
    # Fresh servers, alternating, so that drift on the machine hits both variants alike.
    for _ in range(args.chain_rounds):
        variants = [
            ("met keten", "samen.wsgi:application", report.chained_rps),
            ("zonder keten", "unchained_wsgi:application", report.unchained_rps),
        ]
        for label, app, into in variants:
            server = Server(url, work, app)
            try:
                server.wait(fx.token)
                drive(server.port, fx.token, persons.paths, top, args.warmup)
                mark = audit_mark()
                level = drive(server.port, fx.token, persons.paths, top, args.seconds)
                written = audit_written_since(mark)
                assert written == 50 * level.ok_total, (written, level.ok_total)
                into.append(level.rps)
                print(
                    f"  {label:<13} {level.rps:8.1f} verz./s  mediaan {level.median_ms:7.2f}"
                    f"  p95 {level.p95_ms:7.2f}  (audit {written})",
                    flush=True,
                )
            finally:
                server.stop()
    report.load_after = list(os.getloadavg())
    return verdicts(report, args)


def verdicts(report: Report, args: argparse.Namespace) -> int:
    top = str(max(int(x) for x in args.levels.split(",")))
    print(f"\nbelasting van de machine achteraf (1/5/15 min): {report.load_after}")
    results = []
    if top in report.levels.get("personen", {}):
        persons = report.levels["personen"][top]["rps_per_core"]
        results.append(
            (
                f"personen (50, met audit) bij {top} clients >= {TARGET_PER_CORE:.0f} verz./s "
                f"per kern bij N = {report.n:,}",
                persons >= TARGET_PER_CORE,
                f"{persons:.1f}",
            )
        )
    if SMALL.name in report.levels:
        results.append(
            (
                f"vaste kosten van een klein geauthenticeerd verzoek < {TARGET_FIXED_MS:.0f} ms "
                "(mediaan, 1 client)",
                report.fixed_ms < TARGET_FIXED_MS,
                f"{report.fixed_ms:.2f} ms",
            )
        )
    if report.chained_rps and report.unchained_rps:
        chain = statistics.mean(report.chained_rps) / statistics.mean(report.unchained_rps)
        results.append(
            (
                f"met keten >= {TARGET_CHAIN * 100:.0f} % van zonder keten (personen, "
                f"{top} clients)",
                chain >= TARGET_CHAIN,
                f"{chain * 100:.1f} %",
            )
        )
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"load-{report.n}.json").write_text(json.dumps(asdict(report), indent=2))
    small_file = args.results / "load-1000.json"
    if report.n >= 1_000_000:
        if small_file.exists():
            small = json.loads(small_file.read_text())
            print(f"\nN = {report.n:,} tegen N = {small['n']:,} ({small['date']}), mediaan:")
            for name, per_level in report.levels.items():
                for level, figures in per_level.items():
                    before = small["levels"].get(name, {}).get(level)
                    if not before:
                        continue
                    ratio = figures["median_ms"] / before["median_ms"]
                    print(
                        f"  {name:<13}{level:>3} clients  {before['median_ms']:7.2f} ->"
                        f" {figures['median_ms']:7.2f} ms  x{ratio:.2f}"
                    )
                    if level == "1":
                        results.append(
                            (
                                f"{name} bij {report.n:,} hoogstens "
                                f"{(TARGET_GROWTH - 1) * 100:.0f} % trager dan bij "
                                f"{small['n']:,} (mediaan, 1 client)",
                                ratio <= TARGET_GROWTH,
                                f"x{ratio:.2f}",
                            )
                        )
        else:
            results.append(
                (f"vergelijking met N = 1.000 (eerst --n 1000; {small_file})", False, "ontbreekt")
            )
    print()
    for label, ok, value in results:
        print(f"doel {label}: {'gehaald' if ok else 'NIET gehaald'} ({value})")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
