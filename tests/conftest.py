"""Common fixtures: the SZMH organisation as the seeds describe it, the 2026 mandate chain,
and API clients. Every date is explicit; nothing depends on today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.organisation import models, services
from tests import factories

D = dt.date
GR_START = D(2016, 1, 1)
EM_LEFT = D(2025, 4, 9)  # last day of Eijsden-Margraten's membership
MANDATES_2026_ADOPTED = D(2026, 1, 27)
MANDATES_2026_FROM = D(2026, 1, 1)
SUBMANDATE_UNTIL = D(2027, 12, 31)  # the consulent's ondermandaat follows the DVO 2026-2027

PW_TYPES = [
    "pw-algemene-bijstand",
    "pw-herziening-intrekking",
    "pw-terugvordering",
    "pw-boete",
    "ioaw-uitkering",
    "ioaz-uitkering",
    "bbz-bijstand",
    "pw-beslissing-op-bezwaar",
]
CONSULENT_TYPES = ["pw-algemene-bijstand", "pw-herziening-intrekking"]


_MIGRATED_STATE: list[str] = []

# The audit tables refuse TRUNCATE, UPDATE and DELETE on PostgreSQL (access migrations 0002-0004),
# but the test harness needs both: Django's flush, which ends every transactional test, truncates
# every table, and Django's serialized rollback re-saves the seeded rows (an UPDATE of the signed
# boundary in access_auditkeystart). The product never does either; only here, as the superuser
# the tests connect as, are those triggers disabled around the flush and the reload, inside
# their own transaction (so they are enabled again whatever happens).
AUDIT_TRUNCATE_TRIGGERS = {
    "access_auditentry": "access_auditentry_no_truncate",
    "access_auditkeystart": "access_auditkeystart_no_truncate",
}
AUDIT_ROW_TRIGGERS = {"access_auditkeystart": "access_auditkeystart_append_only"}


def _toggled(triggers: dict[str, str], action: str) -> list[str]:
    return [f"ALTER TABLE {table} {action} TRIGGER {name}" for table, name in triggers.items()]


@pytest.fixture(scope="session", autouse=True)
def tests_pass_the_audit_triggers():  # noqa: ANN201
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.creation import DatabaseCreation
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush
    deserialize = DatabaseCreation.deserialize_db_from_string

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        truncated = {
            t: n for t, n in AUDIT_TRUNCATE_TRIGGERS.items() if any(t in s for s in sql_list)
        }
        flush(
            self,
            [*_toggled(truncated, "DISABLE"), *sql_list, *_toggled(truncated, "ENABLE")],
        )

    def deserialize_db_from_string(self: DatabaseCreation, data: str) -> None:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            for sql in _toggled(AUDIT_ROW_TRIGGERS, "DISABLE"):
                cursor.execute(sql)
            deserialize(self, data)
            for sql in _toggled(AUDIT_ROW_TRIGGERS, "ENABLE"):
                cursor.execute(sql)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        patch.setattr(DatabaseCreation, "deserialize_db_from_string", deserialize_db_from_string)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """After migrating the test database, keep a copy of what the data migrations seeded
    (CBS codes, domains, roles, decision types) to put back after a transactional test."""
    from django.db import connection

    with django_db_blocker.unblock():
        _MIGRATED_STATE[:] = [connection.creation.serialize_db_to_string()]
    yield


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # noqa: ANN201
    """A transactional test ends by emptying every table, the seeded rows included. Django
    avoids the harm by running such tests last, but pytest-xdist hands out whole files, so an
    ordinary test can follow one on the same worker; and Django's own serialized rollback
    silently restores nothing there, because the worker's test sees another connection
    object than the one that was serialised. So put the migrated state back here."""
    result = yield
    if nextitem is not None and _MIGRATED_STATE and _is_transactional(item):
        from django.core.management import call_command
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            # The flush may have re-created content types and permissions under new ids.
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(_MIGRATED_STATE[0])
    return result


@pytest.fixture(autouse=True)
def audit_checkpoint_dir(settings, tmp_path_factory):  # noqa: ANN001, ANN201
    """Every test has its own, empty checkpoint directory (never the project's own)."""
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(tmp_path_factory.mktemp("audit-checkpoints"))
    return settings.SAMEN_AUDIT_CHECKPOINT_DIR


@pytest.fixture(autouse=True)
def dossier_storage_dir(settings, tmp_path_factory):  # noqa: ANN001, ANN201
    """Every test stores the documents of the client's file in its own, empty folder."""
    folder = tmp_path_factory.mktemp("dossier")
    settings.STORAGES = {
        **settings.STORAGES,
        "dossier": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": "/niet-openbaar/"},
        },
    }
    return folder


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # noqa: ANN001
    """The production hasher takes a quarter second per password; tests need no security."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_lockout_unless_asked(settings) -> None:  # noqa: ANN001
    """django-axes needs the request in authenticate(), which the test client's login() does
    not pass; the lockout tests (tests/web/test_login_security.py) switch it on."""
    settings.AXES_ENABLED = False


@dataclass
class Organisation:
    municipalities: dict[str, models.Municipality]
    gr: models.Arrangement
    wmo_jeugd_contract: models.Arrangement
    domains: dict[str, models.Domain]
    tasks: list[models.ContractedTask] = field(default_factory=list)

    def __getitem__(self, name: str) -> models.Municipality:
        return self.municipalities[name]


@pytest.fixture
def szmh(db: None) -> Organisation:
    """The arrangement of DOMAIN.md section 1: the GR SZMH since 2016 with six members,
    Eijsden-Margraten until 2025-04-09; Participatiewet for every GR member (while a member);
    Wmo and Jeugd for Maastricht and, by contract since 2016, Valkenburg aan de Geul."""
    municipalities = {
        name: factories.MunicipalityFactory(cbs_code=code, name=name)
        for code, name in factories.CBS_NAMES.items()
    }
    maastricht = municipalities["Maastricht"]
    gr = factories.ArrangementFactory(
        name="Gemeenschappelijke regeling Sociale Zaken Maastricht-Heuvelland",
        short_name="GR SZMH",
        kind=models.Arrangement.Kind.CENTRUMGEMEENTE,
        executing_municipality=maastricht,
        valid_from=GR_START,
    )
    contract = factories.ArrangementFactory(
        name="Uitvoering Wmo en Jeugd",
        short_name="Wmo/Jeugd",
        kind=models.Arrangement.Kind.CONTRACT,
        executing_municipality=maastricht,
        valid_from=GR_START,
    )
    domains = {
        code: factories.DomainFactory(code=code)
        for code in ["participatiewet", "minima", "wmo", "jeugd"]
    }
    org = Organisation(municipalities, gr, contract, domains)
    for name, municipality in municipalities.items():
        until = EM_LEFT if name == "Eijsden-Margraten" else None
        factories.MembershipFactory(
            arrangement=gr, municipality=municipality, valid_from=GR_START, valid_until=until
        )
        for domain in ("participatiewet", "minima"):
            org.tasks.append(
                factories.ContractedTaskFactory(
                    municipality=municipality,
                    domain=domains[domain],
                    arrangement=gr,
                    valid_from=GR_START,
                    valid_until=until,
                    reference="DVO",
                )
            )
    for name in ("Maastricht", "Valkenburg aan de Geul"):
        for domain in ("wmo", "jeugd"):
            org.tasks.append(
                factories.ContractedTaskFactory(
                    municipality=municipalities[name],
                    domain=domains[domain],
                    arrangement=contract,
                    valid_from=GR_START,
                    reference="Contract Wmo/Jeugd",
                )
            )
    return org


@dataclass
class MandateChain:
    """The 2026 chain: college of Vaals -> college of Maastricht -> Manager Sociale Zekerheid
    -> Consulent (ondermandaat), and the staff who hold those functions."""

    vaals: models.Municipality
    maastricht: models.Municipality
    vaals_to_maastricht: models.Mandate
    maastricht_to_manager: models.Mandate
    manager_to_consulent: models.Mandate
    manager_function: models.Function
    consulent_function: models.Function
    manager: models.Staff
    consulent: models.Staff
    types: dict[str, models.DecisionType]


def decision_types(*codes: str) -> list[models.DecisionType]:
    return [factories.DecisionTypeFactory(code=code) for code in codes]


@pytest.fixture
def mandate_chain(szmh: Organisation) -> MandateChain:
    """Saved through ``services.save_mandate``, so the fixture itself obeys every rule."""
    vaals, maastricht = szmh["Vaals"], szmh["Maastricht"]
    manager_function = factories.FunctionFactory(
        code="manager-sociale-zekerheid", name="Manager Sociale Zekerheid"
    )
    consulent_function = factories.FunctionFactory(code="consulent", name="Consulent")
    manager = factories.StaffFactory(
        employee_number="M0001",
        name="Anna Jansen",
        employer=maastricht,
        user=factories.UserFactory(username="ajansen"),
    )
    consulent = factories.StaffFactory(
        employee_number="C0001",
        name="Bram Peters",
        employer=maastricht,
        user=factories.UserFactory(username="bpeters"),
    )
    factories.AppointmentFactory(staff=manager, function=manager_function, valid_from=D(2019, 1, 1))
    factories.AppointmentFactory(
        staff=consulent, function=consulent_function, valid_from=D(2020, 1, 1)
    )
    pw = decision_types(*PW_TYPES)
    common = {
        "adopted_on": MANDATES_2026_ADOPTED,
        "valid_from": MANDATES_2026_FROM,
        "retroactive_allowed": True,
    }
    vaals_to_maastricht = services.save_mandate(
        models.Mandate(
            title="Mandaatbesluit Participatiewet Vaals 2026",
            grantor_college=vaals,
            grantee_college=maastricht,
            legal_reference="Gemeenteblad Vaals 2026",
            **common,
        ),
        pw,
    )
    maastricht_to_manager = services.save_mandate(
        models.Mandate(
            title="Aanwijzings- en mandaatbesluit Sociale Zekerheid Maastricht 2026",
            grantor_college=maastricht,
            grantee_function=manager_function,
            **common,
        ),
        pw,
    )
    manager_to_consulent = services.save_mandate(
        models.Mandate(
            title="Ondermandaat consulenten 2026-2027",
            grantor_function=manager_function,
            grantee_function=consulent_function,
            valid_until=SUBMANDATE_UNTIL,
            **common,
        ),
        decision_types(*CONSULENT_TYPES),
    )
    return MandateChain(
        vaals=vaals,
        maastricht=maastricht,
        vaals_to_maastricht=vaals_to_maastricht,
        maastricht_to_manager=maastricht_to_manager,
        manager_to_consulent=manager_to_consulent,
        manager_function=manager_function,
        consulent_function=consulent_function,
        manager=manager,
        consulent=consulent,
        types={t.code: t for t in pw},
    )


@pytest.fixture
def api_user(db: None) -> models.Staff:
    """A staff member (not a demo user) who uses the API."""
    return factories.StaffFactory(
        employee_number="API001", name="Api Gebruiker", user=factories.UserFactory(username="api")
    )


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_client(api_user: models.Staff) -> APIClient:
    """An API client that authenticates with the user's personal token."""
    token, _ = Token.objects.get_or_create(user=api_user.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


class _SerialWSGIServer(WSGIServer):
    """The live server, one request at a time. On SQLite the test database lives in memory,
    and every thread of Django's threaded live server shares the test's one connection, which
    is not safe for two requests at once (a page's chart images and htmx parts load in
    parallel): a request interleaved with another's transaction once left the shared
    connection outside autocommit, and the next request failed with "on_commit() cannot be
    used in manual transaction management". On PostgreSQL each thread has a connection of
    its own, so the threaded server stays there. Set for the whole session here, not in
    tests/browser: the live server is session-wide and the first test to ask for it (the OIDC
    login test in tests/web, or a browser test) fixes its kind for the worker."""

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite() -> Iterator[None]:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = _SerialWSGIServer
    yield
    LiveServerThread.server_class = threaded
