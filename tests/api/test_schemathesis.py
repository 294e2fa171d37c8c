"""Issue 10 item 6: schemathesis over the whole published document, as a consulent.

Every operation of ``/api/v1/openapi.json`` is called in-process (WSGI) as the Vaals
consulent, with a personal token, against the demo organisation with residents, an open case
and a decided case whose benefit has been paid for two months. Schemathesis sends the
document's examples, its coverage cases (boundaries and each way a value can break the
document, negative ones included) and a bounded number of generated requests per operation,
with a fixed seed, and fails on:

- any 5xx (``not_a_server_error``);
- a status code, content type, header or body that the document does not describe
  (``status_code_conformance``, ``content_type_conformance``, ``response_headers_conformance``,
  ``response_schema_conformance``);
- a request that breaks the document but is accepted (``negative_data_rejection``): the
  server refuses what the document forbids.

``positive_data_acceptance`` is not used: the business rules refuse much that the document
allows (a decision without a mandate, a date in the future).

Random ids and codes would only ever meet a 404 or "unknown code". So half of the generated
requests are *aimed*: a well-formed id, code, BSN or date is replaced by one of the world's own
(a case, its decision, the benefit, a person, a municipality, a case type; a date in the months
the world lives in), and a well-formed ``versie`` or ``If-Match`` by the object's current
version, read just before the request. Only values that already satisfy the document are
replaced, so a request that breaks the document still breaks it. The other half go as
generated.

The figures (operations, requests, status codes, per phase and per operation) are written to
``test-artifacts/schemathesis-<database>.json`` and printed at the end of the module.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connection
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from samen.cases import services as cases
from samen.cases.models import Case, Decision
from samen.common import codes
from samen.income.models import Benefit
from samen.organisation.models import ContractedTask, Domain, Mandate, Municipality, Staff, Team
from samen.people.models import Person
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401

# Bounded and reproducible: the same requests on every run of the same database.
MAX_EXAMPLES = 30
SEED = 20261006
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The world lives on 2026-05-15 (the benefit fixture's today); aimed dates fall before it.
FIRST_DAY, TODAY = dt.date(2026, 1, 1), dt.date(2026, 5, 15)
DATE_KEYS = {
    "peildatum",
    "datum",
    "datumMelding",
    "datumBericht",
    "besluitdatum",
    "ingangsdatum",
    "einddatum",
    "uiterlijk",
}


@dataclass
class Figures:
    operations: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    phases: Counter[str] = field(default_factory=Counter)
    documented: int = 0
    aimed: set[int] = field(default_factory=set)  # id() of the cases that were aimed
    aimed_requests: int = 0
    per_operation: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    started: float = field(default_factory=time.monotonic)

    def record(self, case: Any, status: int) -> None:
        label = case.operation.label
        self.operations.add(label)
        self.statuses[status] += 1
        self.per_operation[label][status] += 1
        self.phases[case.meta.phase.name.value if case.meta else "?"] += 1
        if id(case) in self.aimed:
            self.aimed.discard(id(case))
            self.aimed_requests += 1

    def summary(self) -> dict[str, Any]:
        return {
            "schemathesis": schemathesis.__version__,
            "database": connection.vendor,
            "maxExamples": MAX_EXAMPLES,
            "seed": SEED,
            "operationsInDocument": self.documented,
            "operationsCalled": len(self.operations),
            "requests": sum(self.statuses.values()),
            "aimedRequests": self.aimed_requests,
            "serverErrors": sum(n for code, n in self.statuses.items() if code >= 500),
            "statuses": {str(code): n for code, n in sorted(self.statuses.items())},
            "phases": dict(sorted(self.phases.items())),
            "seconds": round(time.monotonic() - self.started, 1),
            "perOperation": {
                label: {str(code): n for code, n in sorted(counts.items())}
                for label, counts in sorted(self.per_operation.items())
            },
        }


FIGURES = Figures()


@dataclass
class Targets:
    """The world's own objects, by the name of the value that refers to them."""

    ids: dict[str, list[int]]  # first path segment -> ids of that resource
    values: dict[str, list[Any]]  # parameter or body key -> real values
    versions: dict[str, Callable[[int], int | None]]

    def version(self, resource: str, pk: Any) -> int | None:
        lookup = self.versions.get(resource)
        return lookup(pk) if lookup and isinstance(pk, int) else None


def _version_of(model: Any) -> Callable[[int], int | None]:
    def lookup(pk: int) -> int | None:
        found: int | None = model.objects.filter(pk=pk).values_list("version", flat=True).first()
        return found

    return lookup


def _well_formed(key: str, value: Any) -> bool:
    """Whether ``value`` already satisfies the document for ``key``: only such values are
    replaced, so a request that breaks the document keeps breaking it."""
    if key in DATE_KEYS:
        try:
            return isinstance(value, str) and dt.date.fromisoformat(value) is not None
        except ValueError:
            return False
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= codes.MAX_ID
    if not isinstance(value, str):
        return False
    parse = {
        "gemeente": codes.parse_cbs_code,
        "cbsCode": codes.parse_cbs_code,
        "bsn": codes.parse_bsn_shape,
        "medewerker": codes.parse_employee_number,
    }.get(key, codes.parse_slug)
    try:
        parse(value)
    except codes.InputError:
        return False
    return value == value.strip()


def _aim(case: Any, targets: Targets) -> st.SearchStrategy[Any]:
    """Half of the cases as generated, half pointed at the world's own objects."""
    resource = case.operation.path.strip("/").split("/")[0]

    @st.composite
    def aimed(draw: Any) -> Any:
        if not draw(st.booleans()):
            return case
        FIGURES.aimed.add(id(case))

        def pick(key: str, value: Any, choices: list[Any] | None) -> Any:
            if choices and _well_formed(key, value):
                return draw(st.sampled_from(choices))
            if key in DATE_KEYS and _well_formed(key, value):
                return draw(st.dates(FIRST_DAY, TODAY)).isoformat()
            return value

        path = case.path_parameters or {}
        for key, value in list(path.items()):
            choices = targets.ids.get(resource) if key == "id" else targets.values.get(key)
            path[key] = pick(key, value, choices)
        for key, value in list((case.query or {}).items()):
            case.query[key] = pick(key, value, targets.values.get(key))
        version = targets.version(resource, path.get("id"))
        if isinstance(case.body, dict):
            _aim_body(case.body, pick, targets, version)
        header = (case.headers or {}).get("If-Match")
        if version is not None and header is not None and fields_version(header):
            case.headers["If-Match"] = f'"{version}"'
        return case

    return aimed()


def fields_version(header: str) -> bool:
    from samen.api.fields import VERSION_IN_HEADER

    return VERSION_IN_HEADER.match(header) is not None


def _aim_body(body: dict[str, Any], pick: Any, targets: Targets, version: int | None) -> None:
    for key, value in list(body.items()):
        if key == "versie":
            if version is not None and isinstance(value, int) and 1 <= value <= codes.MAX_VERSION:
                body[key] = version
        elif isinstance(value, dict):
            _aim_body(value, pick, targets, None)
        else:
            body[key] = pick(key, value, targets.values.get(key))


@pytest.fixture
def fuzz_world(world: World, benefit: Benefit, settings: Any) -> Targets:  # noqa: F811
    """The demo organisation and grants, five residents, the decided case of the Vaals
    resident with its letter and paid benefit, and an open case of a young Vaals resident."""
    settings.DEMO_MODE = True  # the demo consulent may log in
    consulent = world.user("consulent.vaals")
    young = world.persons["vaals_young"]
    open_case = cases.open_case(
        consulent, cases.NewCase(young.pk, "pw-aanvraag-algemene-bijstand", dt.date(2026, 4, 20))
    )
    return Targets(
        ids={
            "personen": [p.pk for p in world.persons.values()],
            "zaken": [open_case.pk, benefit.case_id],
            "uitkeringen": [benefit.pk],
            "gecontracteerde-taken": list(
                ContractedTask.objects.order_by("pk").values_list("pk", flat=True)[:5]
            ),
            "mandaten": list(Mandate.objects.order_by("pk").values_list("pk", flat=True)[:5]),
        },
        values={
            "besluitId": list(Decision.objects.values_list("pk", flat=True)),
            "persoon": [young.pk, world.persons["vaals"].pk, world.persons["maastricht"].pk],
            "cbsCode": ["GM0981", "GM0935"],
            "gemeente": list(Municipality.objects.values_list("cbs_code", flat=True)),
            "domein": list(Domain.objects.values_list("code", flat=True)),
            "code": ["participatiewet", "wmo", "pw-aanvraag-algemene-bijstand"],
            "zaaktype": ["pw-aanvraag-algemene-bijstand", world.bijstand.code, world.wmo.code],
            "besluittype": ["pw-algemene-bijstand", "pw-herziening-intrekking"],
            "medewerker": list(Staff.objects.values_list("employee_number", flat=True)[:5]),
            "bsn": [p.bsn for p in world.persons.values()],
            "team": list(Team.objects.values_list("pk", flat=True)),
            "uitkomst": ["toegekend", "afgewezen"],
        },
        versions={
            "zaken": _version_of(Case),
            "personen": _version_of(Person),
            "uitkeringen": _version_of(Benefit),
        },
    )


@pytest.fixture
def keep_the_test_connection() -> Any:
    """The WSGI handler closes the database connection after every request when it is inside
    a transaction; the test's transaction is one, so on PostgreSQL the next request found the
    connection closed. Django's own test client disconnects the same handler."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(fuzz_world: Targets, keep_the_test_connection: None) -> Any:
    token, _ = Token.objects.get_or_create(user=get_consulent())
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Token {token.key}"},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"stateful": {"enabled": False}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        }
    )
    loaded = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=config
    )

    FIGURES.documented = sum(1 for _ in loaded.get_all_operations())

    @loaded.hook
    def flatmap_case(context: Any, case: Any) -> Any:
        return _aim(case, fuzz_world)

    return loaded


def get_consulent() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="consulent.vaals")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_survives_schemathesis(case: Any) -> None:
    response = case.call()
    FIGURES.record(case, response.status_code)
    case.validate_response(response)


@pytest.fixture(scope="module", autouse=True)
def figures() -> Any:
    """Write and print the figures once every operation has run."""
    yield
    if not FIGURES.operations:
        return  # the test was deselected
    summary = FIGURES.summary()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"schemathesis-{summary['database']}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print("\nschemathesis:", json.dumps({k: v for k, v in summary.items() if k != "perOperation"}))
