"""Taking a decision with its letter: N granting decisions on bijstand applications through
the real service (``samen.cases.services.decide``), each with its PDF letter, and the
download of that letter (``letter_pdf``). Prints per decision the total, the decision
without the letter, the letter's data (template and queries), the HTML rendering, the PDF
rendering (WeasyPrint) and the audit writes, each with median and max, and whether the
target is met (a decision with its PDF letter under 1 s, judged on the median).

    .venv/bin/python bench/decision.py                             # temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench \\
        .venv/bin/python bench/decision.py                         # PostgreSQL

The split is measured by wrapping the functions involved inside this script only
(``decisions._template_for`` and ``decisions._letter_data``, ``letters._document`` (the HTML),
``letters.render_pdf``, ``audit.record``); the product has no timing hooks. Options:
``--rounds N`` (decisions timed, default 20), ``--warmup N`` (decisions before timing,
default 2: the first letter loads Pango, fontconfig and the fonts), ``--profile FILE``
(write a cProfile of the timed decisions), ``--gc-freeze`` (``gc.freeze()`` after the
set-up, as a gunicorn worker does once it has loaded). See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0  # seconds for a decision with its PDF letter (issue 12)
BASELINE = 4.6  # seconds, as the issue found it
TODAY = dt.date(2026, 11, 24)  # the services refuse a decision date in the future
CONSULENT = "consulent.vaals"
CASE_TYPE = "pw-aanvraag-algemene-bijstand"
DECISION_TYPE = "pw-algemene-bijstand"
IBAN = "NL91ABNA0417164300"  # a valid test IBAN


def setup_django() -> tuple[str, str | None]:
    """Configure Django on DATABASE_URL, or on a fresh temporary SQLite database."""
    sys.path.insert(0, str(ROOT))
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="samen-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG keeps every query: not what we measure
    os.environ["SAMEN_DEMO"] = "1"  # the demo users may log in, as after `make run`
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    timezone.localdate = lambda *a, **k: TODAY  # type: ignore[assignment]
    call_command("migrate", verbosity=0)
    return connection.vendor, tmp


def bsns(count: int, skip: set[str]) -> list[str]:
    """Test BSNs (99xxxxxxx, elfproef) not yet in use."""
    found = []
    for n in range(3_000_000, 10_000_000):
        digits = f"99{n:07d}"
        total = sum(int(d) * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True))
        if total % 11 == 0 and digits not in skip:
            found.append(digits)
            if len(found) == count:
                return found
    raise RuntimeError("not enough BSNs")


def cases_ready_for_decision(count: int) -> list[int]:
    """The demo (organisation, mandates, grants, persons and cases, as ``samen demo laden``),
    and ``count`` Vaals residents who applied for algemene bijstand four weeks ago, whose cases
    the Vaals consulent handles."""
    from django.contrib.auth import get_user_model

    from samen.access.demo import load_grants
    from samen.access.policy import forget
    from samen.cases import services
    from samen.cases.demo import load_cases
    from samen.organisation.demo import load_demo
    from samen.organisation.models import Domain, Municipality
    from samen.people.demo import load_persons
    from samen.people.models import Address, Person, Registration

    # the demo as `make run` loads it: organisation, grants, persons, cases with letters
    load_demo()
    load_grants()
    load_persons()
    load_cases()
    vaals = Municipality.objects.get(cbs_code="GM0981")
    pw = Domain.objects.get(code="participatiewet")
    consulent = get_user_model().objects.get(username=CONSULENT)
    forget(consulent)
    reported = TODAY - dt.timedelta(weeks=4)
    ids = []
    for n, bsn in enumerate(bsns(count, set(Person.objects.values_list("bsn", flat=True)))):
        person = Person.objects.create(
            bsn=bsn,
            given_names="Anna",
            surname=f"Bench {n:04d}",
            birth_date=dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
        )
        Address.objects.create(
            person=person,
            street="Kerkstraat",
            house_number=str(n + 1),
            postal_code="6291 AB",
            city="Vaals",
            municipality=vaals,
            valid_from=dt.date(2010, 1, 1),
        )
        Registration.objects.create(
            person=person, domain=pw, subject="Algemene bijstand", registered_on=reported
        )
        case = services.open_case(consulent, services.NewCase(person.pk, CASE_TYPE, reported))
        services.start_handling(consulent, case.pk, version=None)
        ids.append(case.pk)
    return ids


class Split:
    """Seconds spent in wrapped functions during one decision, outermost call only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.first: dict[str, float] = {}  # the first call of each, whenever it came
        self.depth: dict[str, int] = defaultdict(int)

    def wrap(self, owner: Any, name: str, label: str) -> None:
        real: Callable[..., Any] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[label] += 1
            start = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.depth[label] -= 1
                if not self.depth[label]:
                    seconds = time.perf_counter() - start
                    self.seconds[label] += seconds
                    self.first.setdefault(label, seconds)

        setattr(owner, name, timed)

    def reset(self) -> None:
        self.seconds.clear()


def through_the_screen(consulent: Any, case_ids: list[int]) -> list[float]:
    """The same decision as a consulent takes it: the decision form posted, and the case
    page it leads to (Django's test client, so without the network and the browser)."""
    from django.test import Client

    from samen.cases.models import Case, Decision

    client = Client()
    client.force_login(consulent)
    seconds = []
    for pk in case_ids:
        case = Case.objects.get(pk=pk)
        start = time.perf_counter()
        response = client.post(
            f"/zaken/{pk}/besluit",
            {
                "version": case.version,
                "decision_type": DECISION_TYPE,
                "outcome": "toegekend",
                "decided_on": (TODAY - dt.timedelta(days=1)).isoformat(),
                "effective_from": (TODAY - dt.timedelta(weeks=4)).isoformat(),
                "iban": IBAN,
                "reasoning": "U heeft geen inkomen en geen vermogen.",
            },
            follow=True,
        )
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:2000]
        assert Decision.objects.filter(case_id=pk).exists(), response.content[:2000]
    return seconds


def against_plain_weasyprint(
    letters: Any, data: Any, body: str, rounds: int
) -> tuple[list[float], list[float]]:
    """The last decision's letter printed by ``letters.render_pdf`` and, alternately, by
    WeasyPrint without anything kept between letters (the self-contained HTML of
    ``render_html``, a new font configuration each time), in this one process, so that the
    load on the machine hits both alike. Both must give the same bytes."""
    from weasyprint import HTML

    ours: list[float] = []
    plain: list[float] = []
    for n in range(rounds):
        order = [(ours, None), (plain, HTML)]
        if n % 2:
            order.reverse()
        results = []
        for timings, html in order:
            start = time.perf_counter()
            if html is None:
                results.append(letters.render_pdf(data, body))
            else:
                document = html(string=letters.render_html(data, body), url_fetcher=_refuse)
                results.append(document.write_pdf(pdf_tags=True))
            timings.append(time.perf_counter() - start)
        assert results[0] == results[1], "render_pdf gaf een andere PDF dan WeasyPrint zelf"
    return ours, plain


def _refuse(url: str, *args: object, **kwargs: object) -> Any:
    raise ValueError(f"Een brief haalt geen externe bronnen op ({url}).")


def line(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{label:<34} mediaan {statistics.median(ms):8.1f} ms   max {max(ms):8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="decisions timed")
    parser.add_argument("--warmup", type=int, default=2, help="decisions before timing")
    parser.add_argument("--profile", help="write a cProfile of the timed decisions here")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the set-up, as gunicorn.conf.py does when a worker has started",
    )
    args = parser.parse_args()
    vendor, tmp = setup_django()
    try:
        from django.contrib.auth import get_user_model
        from django.db import connection

        from samen.access import audit
        from samen.access.policy import forget
        from samen.cases import letters, services
        from samen.cases.models import Letter, Status

        try:  # decide() and the letter's data live in samen.cases.decisions
            from samen.cases import decisions as deciding
        except ImportError:  # before services.py was split by purpose
            deciding = services
        split = Split()
        split.wrap(deciding, "_template_for", "data")
        split.wrap(deciding, "_letter_data", "data")
        # the HTML: render_html and render_pdf both use _document (before: render_pdf called
        # render_html; the fallback lets this script measure that version too)
        split.wrap(letters, "_document" if hasattr(letters, "_document") else "render_html", "html")
        split.wrap(letters, "render_pdf", "pdf")
        last_letter: list[tuple[Any, str]] = []  # what render_pdf was last asked to print
        timed_render_pdf = letters.render_pdf

        def keep_letter(data: Any, body: str) -> bytes:
            last_letter[:] = [(data, body)]
            return timed_render_pdf(data, body)

        letters.render_pdf = keep_letter  # type: ignore[assignment]
        split.wrap(audit, "record", "audit")
        # Once per process: loading WeasyPrint (Pango, HarfBuzz, fontconfig) and the house
        # style (letters.prepare, which gunicorn calls when a worker starts), and the first
        # letter after it, which the demo's own decisions render during the set-up.
        import_start = time.perf_counter()
        import weasyprint

        if hasattr(letters, "prepare"):
            letters.prepare()
        import_seconds = time.perf_counter() - import_start
        setup_start = time.perf_counter()
        all_ids = cases_ready_for_decision(args.warmup + 2 * args.rounds)
        case_ids, screen_ids = all_ids[: -args.rounds], all_ids[-args.rounds :]
        setup_seconds = time.perf_counter() - setup_start
        if args.gc_freeze:  # as a gunicorn worker does after loading (gunicorn.conf.py)
            import gc

            gc.freeze()
        consulent = get_user_model().objects.get(username=CONSULENT)
        profile = cProfile.Profile() if args.profile else None
        rows: dict[str, list[float]] = defaultdict(list)
        warmups: list[tuple[float, float]] = []  # (total, WeasyPrint) of the untimed decisions
        for n, pk in enumerate(case_ids):
            forget(consulent)  # a new request: the policy is read again
            split.reset()
            timed = n >= args.warmup
            if profile is not None and timed:
                profile.enable()
            start = time.perf_counter()
            decision = services.decide(
                consulent,
                pk,
                services.NewDecision(
                    decision_type_code=DECISION_TYPE,
                    outcome="toegekend",
                    decided_on=TODAY - dt.timedelta(days=1),
                    reasoning="U heeft geen inkomen en geen vermogen.\n\nU woont alleen.",
                    effective_from=TODAY - dt.timedelta(weeks=4),
                    iban=IBAN,
                ),
            )
            total = time.perf_counter() - start
            forget(consulent)
            download_start = time.perf_counter()
            _, pdf = services.letter_pdf(consulent, pk, decision.pk)
            download = time.perf_counter() - download_start
            if profile is not None and timed:
                profile.disable()
            assert pdf.startswith(b"%PDF") and decision.case.status == Status.BESLUIT_GENOMEN
            if not timed:
                warmups.append((total, split.seconds["pdf"] - split.seconds["html"]))
                continue
            s = split.seconds
            html, pdf_total = s["html"], s["pdf"]
            rows["total"].append(total)
            rows["without"].append(total - pdf_total - s["data"])
            rows["data"].append(s["data"])
            rows["html"].append(html)
            rows["weasyprint"].append(pdf_total - html)
            rows["audit"].append(s["audit"])
            rows["download"].append(download)
        assert Letter.objects.filter(decision__case_id__in=case_ids).count() == len(case_ids)
        if profile is not None:
            profile.dump_stats(args.profile)
        rows["screen"] = through_the_screen(consulent, screen_ids)
        ours, plain = against_plain_weasyprint(letters, *last_letter[0], args.rounds)

        first_pdf = split.first["pdf"]  # in the set-up, or else the first warm-up decision
        print(
            f"database: {vendor} ({connection.settings_dict['NAME']})"
            + ("; gc.freeze() na de opzet" if args.gc_freeze else "")
        )
        print(
            f"opzet: {len(case_ids)} aanvragen algemene bijstand in Vaals, in behandeling "
            f"({setup_seconds:.1f} s); WeasyPrint {weasyprint.__version__}"
        )
        print(f"besluit 'toegekend' met PDF-brief, {args.rounds} keer (na {args.warmup} opwarmen)")
        print(
            f"eenmaal per proces: WeasyPrint laden {import_seconds * 1000:.0f} ms, de eerste brief "
            f"daarna {first_pdf * 1000:.0f} ms (HTML en PDF)"
        )
        for n, (total, weasy) in enumerate(warmups, 1):
            print(f"opwarmen {n}: {total * 1000:.1f} ms, waarvan PDF {weasy * 1000:.1f} ms")
        print(line("totaal per besluit", rows["total"]))
        print(line("  besluit zonder brief", rows["without"]))
        print(line("  briefgegevens (sjabloon, query's)", rows["data"]))
        print(line("  brief als HTML", rows["html"]))
        print(line("  PDF (WeasyPrint)", rows["weasyprint"]))
        print(line("  audit (alle regels van het besluit)", rows["audit"]))
        print(line("brief openen (letter_pdf)", rows["download"]))
        print(line("via het scherm (POST + zaakpagina)", rows["screen"]))
        print(f"dezelfde brief, {args.rounds} keer om en om (de PDF's zijn byte voor byte gelijk):")
        print(line("  render_pdf", ours))
        print(line("  WeasyPrint zonder meer (basislijn)", plain))
        print(
            f"  verhouding render_pdf / basislijn: mediaan "
            f"{statistics.median(ours) / statistics.median(plain):.3f}"
        )
        median = statistics.median(rows["total"])
        print(f"verhouding tot de {BASELINE} s uit het issue: {median / BASELINE:.3f}")
        met = median < TARGET
        verdict = "gehaald" if met else "NIET gehaald"
        print(f"doel (besluit met PDF-brief < {TARGET:.0f} s, mediaan): {verdict}")
        return 0 if met else 1
    finally:
        if tmp:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
