"""The audit trail: every read records one entry per person shown, with who, on whose
behalf, what, why, the request id and the client address; the hash chain is verified by
`samen audit verify`, which names the first altered row; the table is append-only (on
PostgreSQL a trigger refuses UPDATE and DELETE); deleting a person keeps its entries; and
appends never leave gaps or forks in the chain."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.access import audit
from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.people import services
from samen.people.models import Person
from tests.access import helpers

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


@pytest.fixture
def vaals() -> dict[str, Any]:
    """A Vaals consulent for the Participatiewet, two Vaals residents (one also known in
    the Wmo) and a Maastricht resident."""
    munis = helpers.municipalities("GM0981", "GM0935")
    doms = helpers.domains("participatiewet", "wmo")
    pw, wmo = doms["participatiewet"], doms["wmo"]
    consulent = helpers.staff_user("c.vaals", name="Carla Vaals")
    helpers.grant(consulent, "consulent", [munis["GM0981"]], [pw])
    return {
        "consulent": consulent,
        "anna": helpers.person(
            helpers.BSNS[0], munis["GM0981"], [(pw, helpers.Z), (wmo, helpers.Z)], surname="A"
        ),
        "bert": helpers.person(helpers.BSNS[1], munis["GM0981"], [(pw, helpers.Z)], surname="B"),
        "elsewhere": helpers.person(helpers.BSNS[2], munis["GM0935"], [(pw, helpers.Z)]),
    }


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def verify() -> tuple[int, str]:
    """Run `samen audit verify`: (exit code, output)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


def tamper(sql: str, params: list[Any]) -> None:
    """Alter the audit table behind the application's back. On PostgreSQL the append-only
    trigger must be bypassed first (as a superuser could), in the same connection."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def read_everything(world: dict[str, Any]) -> None:
    client = token_client(world["consulent"])
    assert client.get("/api/v1/personen").json()["count"] == 2
    for name in ("anna", "bert"):
        assert client.get(f"/api/v1/personen/{world[name].pk}").status_code == 200


# ---------------------------------------------------------------------------------------------
# What is recorded
# ---------------------------------------------------------------------------------------------
def test_a_list_records_one_entry_per_person_shown(vaals: dict[str, Any]) -> None:
    client = token_client(vaals["consulent"])
    response = client.get(
        "/api/v1/personen", HTTP_X_REQUEST_ID="lijst-0001-abcdef", REMOTE_ADDR="192.0.2.17"
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lijst-0001-abcdef"
    assert [p["bsn"] for p in response.json()["results"]] == [
        vaals["anna"].bsn,
        vaals["bert"].bsn,
    ]

    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.data_subject_id for e in entries] == [vaals["anna"].bsn, vaals["bert"].bsn]
    for entry, shown in zip(entries, (vaals["anna"], vaals["bert"]), strict=True):
        assert entry.actor_id == vaals["consulent"].pk
        assert entry.actor_name == "Carla Vaals"
        assert entry.roles == "Consulent"
        assert entry.municipality_code == "GM0981"
        # Anna is also known in the Wmo, which this consulent does not hold: not recorded.
        assert entry.domain_code == "participatiewet"
        assert (entry.object_type, entry.object_id) == ("persoon", str(shown.pk))
        assert entry.action == AuditEntry.Kind.LIST
        assert entry.purpose == Purpose.UITVOERING.value
        assert entry.trace_id == "lijst-0001-abcdef"
        assert entry.client_address == "192.0.2.17"
        assert entry.changes == {}
    assert vaals["elsewhere"].bsn not in {e.data_subject_id for e in entries}


def test_a_detail_records_one_read_and_a_refusal_records_the_attempt(
    vaals: dict[str, Any],
) -> None:
    client = token_client(vaals["consulent"])
    anna = vaals["anna"]
    response = client.get(f"/api/v1/personen/{anna.pk}", HTTP_X_REQUEST_ID="detail-0002-xyz")
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.data_subject_id) == (
        "read",
        str(anna.pk),
        anna.bsn,
    )
    assert (entry.trace_id, entry.client_address) == ("detail-0002-xyz", "127.0.0.1")
    assert (entry.municipality_code, entry.domain_code) == ("GM0981", "participatiewet")

    elsewhere = vaals["elsewhere"]
    assert client.get(f"/api/v1/personen/{elsewhere.pk}").status_code == 404
    refused = AuditEntry.objects.get(action=AuditEntry.Kind.REFUSED)
    assert (refused.object_id, refused.actor_id) == (str(elsewhere.pk), vaals["consulent"].pk)
    assert (refused.municipality_code, refused.domain_code) == ("", "")


def test_a_request_without_a_request_id_gets_one(vaals: dict[str, Any]) -> None:
    client = token_client(vaals["consulent"])
    first = client.get("/api/v1/personen")
    second = client.get("/api/v1/personen")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    traces = set(AuditEntry.objects.values_list("trace_id", flat=True))
    assert traces == {first["X-Request-ID"], second["X-Request-ID"]}


def test_a_change_records_the_changed_fields_with_old_and_new_values(
    vaals: dict[str, Any],
) -> None:
    client = token_client(vaals["consulent"])
    bert = vaals["bert"]
    response = client.patch(
        f"/api/v1/personen/{bert.pk}", {"achternaam": "Bakker", "versie": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.get(action=AuditEntry.Kind.UPDATE)
    assert entry.changes == {"fields": {"surname": ["B", "Bakker"]}}
    assert entry.data_subject_id == bert.bsn


# ---------------------------------------------------------------------------------------------
# The chain
# ---------------------------------------------------------------------------------------------
def test_verify_passes_and_then_names_the_row_that_was_altered(vaals: dict[str, Any]) -> None:
    read_everything(vaals)
    code, output = verify()
    assert code == 0
    assert "4 regels, keten intact" in output

    second = AuditEntry.objects.get(sequence=2)
    tamper(
        "UPDATE access_auditentry SET purpose = %s WHERE id = %s", ["nieuwsgierigheid", second.pk]
    )
    code, output = verify()
    assert code == 1
    assert f"verbroken bij regel 2 (id {second.pk})" in output
    assert "inhoud is gewijzigd" in output


def test_verify_names_the_row_after_a_deleted_one(vaals: dict[str, Any]) -> None:
    read_everything(vaals)
    third = AuditEntry.objects.get(sequence=3)
    tamper("DELETE FROM access_auditentry WHERE id = %s", [third.pk])
    code, output = verify()
    assert code == 1
    assert "verbroken bij regel 4" in output
    assert "volgnummer 3 ontbreekt" in output


def test_verify_notices_a_rewritten_hash(vaals: dict[str, Any]) -> None:
    """Rewriting a row and its own hash, even with the audit key, still breaks the link to
    the next row."""
    read_everything(vaals)
    first = AuditEntry.objects.get(sequence=1)
    values = {name: getattr(first, name) for name in audit.HASHED_FIELDS}
    values["data_subject_id"] = "999999999"
    tamper(
        "UPDATE access_auditentry SET data_subject_id = %s, entry_hash = %s WHERE id = %s",
        ["999999999", audit.compute_hash(values), first.pk],
    )
    code, output = verify()
    assert code == 1
    assert "verbroken bij regel 2" in output
    assert "vorige hash klopt niet" in output


@postgresql_only
def test_the_database_refuses_update_and_delete_of_audit_entries(vaals: dict[str, Any]) -> None:
    read_everything(vaals)
    before = list(AuditEntry.objects.order_by("sequence").values())
    statements = [
        ("UPDATE access_auditentry SET purpose = 'x' WHERE sequence = 1", "UPDATE"),
        ("DELETE FROM access_auditentry WHERE sequence = 1", "DELETE"),
        ("DELETE FROM access_auditentry", "DELETE"),
    ]
    for sql, operation in statements:
        with (
            pytest.raises(DatabaseError, match=f"alleen-toevoegen: {operation} is niet"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
        AuditEntry.objects.filter(sequence=2).update(actor_name="iemand anders")
    with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
        AuditEntry.objects.filter(sequence=2).delete()
    assert list(AuditEntry.objects.order_by("sequence").values()) == before
    assert verify()[0] == 0


@postgresql_only
def test_the_database_refuses_truncate_of_the_audit_table(vaals: dict[str, Any]) -> None:
    read_everything(vaals)
    for sql in ("TRUNCATE access_auditentry", "TRUNCATE access_auditentry RESTART IDENTITY"):
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen: TRUNCATE is niet toegestaan"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 4
    assert verify()[0] == 0


def test_deleting_a_person_keeps_its_audit_entries(vaals: dict[str, Any]) -> None:
    read_everything(vaals)
    anna = vaals["anna"]
    about_anna = AuditEntry.objects.filter(data_subject_id=anna.bsn).count()
    assert about_anna == 2
    Person.objects.filter(pk=anna.pk).delete()
    assert AuditEntry.objects.filter(data_subject_id=anna.bsn).count() == about_anna
    assert AuditEntry.objects.count() == 4
    assert verify()[0] == 0


# ---------------------------------------------------------------------------------------------
# Appends: no gaps, no forks
# ---------------------------------------------------------------------------------------------
def subjects(n: int, prefix: str) -> list[audit.Subject]:
    return [audit.Subject("persoon", f"{prefix}{i}") for i in range(n)]


def test_interleaved_appends_make_one_chain_without_gaps(vaals: dict[str, Any]) -> None:
    consulent = vaals["consulent"]
    assert AuditEntry.objects.count() == 0
    for round_ in range(3):
        audit.record(
            actor=consulent, action="read", subjects=subjects(3, f"a{round_}-"), purpose="t"
        )
        services.list_persons(consulent, Purpose.UITVOERING)
        audit.record(actor=None, action="read", subjects=subjects(1, f"b{round_}-"), purpose="t")
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, 3 * (3 + 2 + 1) + 1))
    code, output = verify()
    assert code == 0
    assert output.startswith("Audittrail in orde: 18 regels, keten intact.\n")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_make_one_chain_without_gaps() -> None:
    """Threads with their own connections append at the same time: the advisory lock
    serialises them, so the sequence has no gaps or duplicates and the chain verifies."""
    assert AuditEntry.objects.count() == 0
    threads, errors = 4, []
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                audit.record(
                    actor=None,
                    action="read",
                    subjects=subjects(1 + i % 3, f"t{n}-{i}-"),
                    purpose="t",
                )
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    total = threads * sum(1 + i % 3 for i in range(10))
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, total + 1))
    assert verify()[0] == 0
