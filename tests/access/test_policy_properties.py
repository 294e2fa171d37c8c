"""The one access policy, as a property: for staff with random grants and persons in random
municipalities and domains, every path to personal data (the service list and detail, the
API list and detail, the export) shows each actor exactly what an independent oracle allows,
no more and no less, and every person shown is in the audit trail.

The oracle below is plain Python over the generated data and knows nothing of the policy
module: a person is visible for an action when one grant that is valid today and whose role
allows the action covers the municipality of the person's address today and one of its
registrations (domain, and a confidentiality no higher than the grant's); of a visible
person the actor sees exactly the registrations that such a grant covers.

Also: the policy costs a fixed number of queries, whatever the number of grants,
municipalities and domains.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from samen.access.models import Action, AuditEntry, Role
from samen.access.policy import Purpose, forget
from samen.people import services
from tests.access import helpers

pytestmark = pytest.mark.django_db

MUNIS = ["GM0935", "GM0938", "GM0981"]
DOMAINS = ["participatiewet", "wmo", "jeugd"]
# What each role may do with personal data, written out independently of the role table.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "consulent": frozenset({"read", "change"}),
    "toetser": frozenset({"read"}),
    "interne-controle": frozenset({"read", "export"}),
    "contactpersoon": frozenset(),
    "alleen-export": frozenset({"export"}),  # made by the fixture: export without read
}
PERIODS = ["lopend", "verlopen", "toekomstig", "eindigt-vandaag", "begint-vandaag"]
LEVEL_NAMES = {
    1: "openbaar",
    2: "beperkt_openbaar",
    3: "intern",
    4: "zaakvertrouwelijk",
    5: "vertrouwelijk",
    6: "confidentieel",
    7: "geheim",
    8: "zeer_geheim",
}


# ---------------------------------------------------------------------------------------------
# Generated data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrantSpec:
    role: str
    munis: frozenset[int]
    domains: frozenset[int]
    level: int
    period: str

    def valid_today(self) -> bool:
        return self.period in ("lopend", "eindigt-vandaag", "begint-vandaag")

    def dates(self, today: dt.date) -> tuple[dt.date, dt.date | None]:
        day = dt.timedelta(days=1)
        return {
            "lopend": (helpers.LONG_AGO, None),
            "verlopen": (helpers.LONG_AGO, today - day),
            "toekomstig": (today + day, None),
            "eindigt-vandaag": (helpers.LONG_AGO, today),
            "begint-vandaag": (today, today + 30 * day),
        }[self.period]


@dataclass(frozen=True)
class PersonSpec:
    muni: int  # where the person lives today
    previous: int | None  # lived elsewhere until yesterday
    moves_to: int | None  # moves elsewhere tomorrow
    registrations: tuple[tuple[int, int], ...]  # (domain, confidentiality)


grants = st.builds(
    GrantSpec,
    role=st.sampled_from(sorted(ROLE_ACTIONS)),
    munis=st.frozensets(st.integers(0, len(MUNIS) - 1)),
    domains=st.frozensets(st.integers(0, len(DOMAINS) - 1)),
    level=st.integers(1, 8),
    period=st.sampled_from(["lopend", "lopend", *PERIODS]),
)
persons = st.builds(
    PersonSpec,
    muni=st.integers(0, len(MUNIS) - 1),
    previous=st.none() | st.integers(0, len(MUNIS) - 1),
    moves_to=st.none() | st.integers(0, len(MUNIS) - 1),
    registrations=st.lists(
        st.tuples(st.integers(0, len(DOMAINS) - 1), st.integers(1, 8)), max_size=3
    ).map(tuple),
)
worlds = st.fixed_dictionaries(
    {
        "staff": st.lists(st.lists(grants, max_size=3), min_size=2, max_size=6),
        "persons": st.lists(persons, min_size=2, max_size=10),
    }
)


# ---------------------------------------------------------------------------------------------
# The oracle
# ---------------------------------------------------------------------------------------------
def oracle(
    staff: list[GrantSpec], people: list[PersonSpec], action: str
) -> dict[int, list[tuple[str, int]]]:
    """Index of each visible person -> the registrations (domain code, level) shown."""
    usable = [g for g in staff if g.valid_today() and action in ROLE_ACTIONS[g.role]]
    visible: dict[int, list[tuple[str, int]]] = {}
    for index, p in enumerate(people):
        shown = [
            (DOMAINS[domain], level)
            for domain, level in p.registrations
            if any(p.muni in g.munis and domain in g.domains and level <= g.level for g in usable)
        ]
        if shown:
            visible[index] = sorted(shown)
    return visible


# ---------------------------------------------------------------------------------------------
# Building the world in the database
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def reference() -> tuple[list[Any], list[Any]]:
    Role.objects.get_or_create(
        code="alleen-export",
        defaults={"name": "Alleen export", "may_read": False, "may_export": True},
    )
    munis = helpers.municipalities(*MUNIS)
    doms = helpers.domains(*DOMAINS)
    return [munis[c] for c in MUNIS], [doms[c] for c in DOMAINS]


def build(world: dict[str, Any], munis: list[Any], doms: list[Any]) -> tuple[list, list]:
    today = helpers.today()
    day = dt.timedelta(days=1)
    users = []
    for n, grant_specs in enumerate(world["staff"]):
        user = helpers.staff_user(f"prop{n}")
        for g in grant_specs:
            valid_from, valid_until = g.dates(today)
            helpers.grant(
                user,
                g.role,
                [munis[i] for i in sorted(g.munis)],
                [doms[i] for i in sorted(g.domains)],
                level=g.level,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        users.append(user)
    people = []
    for n, p in enumerate(world["persons"]):
        registrations = [(doms[d], level) for d, level in p.registrations]
        since = helpers.LONG_AGO if p.previous is None else today
        until = None if p.moves_to is None else today
        created = helpers.person(
            helpers.BSNS[n], munis[p.muni], registrations, since=since, until=until
        )
        if p.previous is not None:
            helpers.move(created, munis[p.previous], helpers.LONG_AGO, today - day)
        if p.moves_to is not None:
            helpers.move(created, munis[p.moves_to], today + day)
        people.append(created)
    return users, people


def audited(user: Any, kind: str) -> Counter[str]:
    return Counter(
        AuditEntry.objects.filter(actor_id=user.pk, action=kind).values_list(
            "data_subject_id", flat=True
        )
    )


def of_view(view: services.PersonView) -> list[tuple[str, int]]:
    return sorted((r.domain.code, r.confidentiality) for r in view.registrations)


def of_api(body: dict[str, Any]) -> list[tuple[str, int]]:
    levels = {name: level for level, name in LEVEL_NAMES.items()}
    return sorted((r["domein"], levels[r["vertrouwelijkheid"]]) for r in body["inschrijvingen"])


# ---------------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------------
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
def test_every_path_shows_exactly_what_the_grants_allow(reference, world) -> None:
    munis, doms = reference
    with transaction.atomic():
        users, people = build(world, munis, doms)
        bsn_of = {i: p.bsn for i, p in enumerate(people)}
        for user, staff in zip(users, world["staff"], strict=True):
            check_actor(user, staff, world["persons"], people, bsn_of)
        transaction.set_rollback(True)


def check_actor(
    user: Any,
    staff: list[GrantSpec],
    specs: list[PersonSpec],
    people: list[Any],
    bsn_of: dict[int, str],
) -> None:
    forget(user)
    expected = {bsn_of[i]: regs for i, regs in oracle(staff, specs, Action.READ).items()}
    exported = {bsn_of[i]: regs for i, regs in oracle(staff, specs, Action.EXPORT).items()}

    # The service list.
    page = services.list_persons(user, Purpose.UITVOERING, limit=500)
    assert {v.person.bsn: of_view(v) for v in page.items} == expected
    assert page.total == len(expected)
    assert audited(user, "list") == Counter(list(expected))

    # The service detail: visible persons with their registrations, the others not found.
    for p in people:
        if p.bsn in expected:
            view = services.get_person(user, p.pk, Purpose.UITVOERING)
            assert of_view(view) == expected[p.bsn]
        else:
            with pytest.raises(services.NotVisible):
                services.get_person(user, p.pk, Purpose.UITVOERING)
    assert audited(user, "read") == Counter(list(expected))

    # The API list and detail (as the same user, authenticated by the test client).
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/personen?paginaGrootte=500")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(expected)
    assert {r["bsn"]: of_api(r) for r in body["results"]} == expected
    assert audited(user, "list") == Counter(dict.fromkeys(expected, 2))
    for p in people:
        response = client.get(f"/api/v1/personen/{p.pk}")
        if p.bsn in expected:
            assert response.status_code == 200, response.content
            assert of_api(response.json()) == expected[p.bsn]
        else:
            assert response.status_code == 404, response.content
            assert p.bsn not in response.content.decode()
    assert audited(user, "read") == Counter(dict.fromkeys(expected, 2))
    # Refusals are audited too, one per person not shown, per path (service and API).
    refused = AuditEntry.objects.filter(actor_id=user.pk, action="refused").count()
    assert refused == 2 * (len(people) - len(expected))

    # The export.
    export = services.list_persons(user, Purpose.UITVOERING, limit=500, action=Action.EXPORT)
    assert {v.person.bsn: of_view(v) for v in export.items} == exported
    assert audited(user, "export") == Counter(list(exported))


# ---------------------------------------------------------------------------------------------
# Fixed cost
# ---------------------------------------------------------------------------------------------
def queries_for_list(user: Any) -> tuple[int, int]:
    forget(user)
    with CaptureQueriesContext(connection) as captured:
        page = services.list_persons(user, Purpose.UITVOERING, limit=50)
    return len(captured.captured_queries), len(page.items)


def test_the_policy_costs_a_fixed_number_of_queries(db: None) -> None:
    munis = list(helpers.municipalities().values())
    doms = list(helpers.domains("participatiewet", "minima", "wmo", "jeugd", "onderwijs").values())
    for n, municipality in enumerate(munis):
        for m, domain in enumerate(doms):
            helpers.person(helpers.BSNS[n * len(doms) + m], municipality, [(domain, helpers.Z)])

    one = helpers.staff_with("een.autorisatie", "consulent", munis[:1], doms[:1])
    many = helpers.staff_user("acht.autorisaties")
    for n in range(8):
        helpers.grant(many, "consulent", munis, doms, level=1 + n % 8)

    few_queries, few_shown = queries_for_list(one)
    many_queries, many_shown = queries_for_list(many)
    assert (few_shown, many_shown) == (1, len(munis) * len(doms))
    assert few_queries == many_queries
    # And the detail: the same cost for both.
    counts = []
    for user in (one, many):
        visible = services.list_persons(user, Purpose.UITVOERING, limit=1).items[0].person
        forget(user)
        with CaptureQueriesContext(connection) as captured:
            services.get_person(user, visible.pk, Purpose.UITVOERING)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
