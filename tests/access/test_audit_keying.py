"""Entries written before the audit key existed (unkeyed SHA-256) stay verifiable after
migration 0004, which rewrites none of them; the entries after them carry an HMAC, and an
unkeyed entry after the boundary is refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry, AuditKeyStart

BEFORE = ("access", "0003_refuse_truncate")
AFTER = ("access", "0004_keyed_hashes")


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations() -> Any:
    """These tests migrate the access app back to before the key; afterwards the database
    goes forward to the newest migrations again, so later tests on this worker see today's
    schema (a later migration of access, such as the grant lifecycle, would be missing)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(target: tuple[str, str]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def physical_rows() -> list[tuple[Any, ...]]:
    """Where each row lives: PostgreSQL's row version and place (changed by any UPDATE or table
    rewrite); on SQLite the table's root page (changed when the table is copied) and rowid."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT id, xmin::text, ctid::text FROM access_auditentry ORDER BY id")
            return list(cursor.fetchall())
        cursor.execute("SELECT rootpage FROM sqlite_master WHERE name = 'access_auditentry'")
        (root,) = cursor.fetchone()
        cursor.execute("SELECT rowid FROM access_auditentry ORDER BY rowid")
        return [(root, rowid) for (rowid,) in cursor.fetchall()]


def old_entries(apps: Any, count: int) -> None:
    """Entries as the code before the key wrote them: SHA-256 without a key."""
    old = apps.get_model("access", "AuditEntry")
    previous = audit.GENESIS
    for sequence in range(1, count + 1):
        values = {
            "sequence": sequence,
            "occurred_at": timezone.now(),
            "actor_id": None,
            "actor_name": "(anoniem)",
            "roles": "",
            "municipality_code": "GM0981",
            "domain_code": "participatiewet",
            "action": "read",
            "object_type": "persoon",
            "object_id": str(sequence),
            "data_subject_id": "999990019",
            "purpose": "uitvoering",
            "changes": {},
            "trace_id": "oud",
            "client_address": "",
            "previous_hash": previous,
        }
        previous = audit.compute_hash(values, audit.UNKEYED)
        old.objects.create(**values, entry_hash=previous)


@pytest.mark.django_db(transaction=True)
def test_old_unkeyed_entries_stay_verifiable_and_are_not_rewritten() -> None:
    old_entries(migrate(BEFORE), 5)
    before = physical_rows()
    contents = list(AuditEntry.objects.order_by("sequence").values_list("sequence", "entry_hash"))
    migrate(AFTER)

    assert physical_rows() == before  # not one row written again
    assert set(AuditEntry.objects.values_list("hash_scheme", flat=True)) == {audit.UNKEYED}
    ordered = AuditEntry.objects.order_by("sequence")
    assert list(ordered.values_list("sequence", "entry_hash")) == contents
    [boundary] = AuditKeyStart.objects.all()
    assert boundary.unkeyed_until == 5
    assert boundary.signature == audit.key_start_signature(5)

    audit.record(
        actor=None, action="read", subjects=[audit.Subject("persoon", "nieuw")], purpose="t"
    )
    new = AuditEntry.objects.get(sequence=6)
    assert new.hash_scheme == audit.KEYED
    assert new.previous_hash == contents[-1][1]  # the new chain goes on from the old one
    code, output = verify()
    assert code == 0, output
    assert "6 regels, keten intact" in output


@pytest.mark.django_db(transaction=True)
def test_an_unkeyed_entry_after_the_boundary_is_refused() -> None:
    """An old process still writing after the migration, or someone passing a rewrite off as
    old entries: either way the entry is not trusted."""
    old_entries(migrate(BEFORE), 3)
    migrate(AFTER)
    audit.record(actor=None, action="read", subjects=[audit.Subject("persoon", "a")], purpose="t")
    entry = AuditEntry.objects.get(sequence=4)
    values = {name: getattr(entry, name) for name in audit.HASHED_FIELDS}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE access_auditentry SET hash_scheme = %s, entry_hash = %s WHERE id = %s",
            [audit.UNKEYED, audit.compute_hash(values, audit.UNKEYED), entry.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    code, output = verify()
    assert code == 1
    assert (
        f"verbroken bij regel 4 (id {entry.pk}): de regel is zonder sleutel gehasht, maar alleen "
        "de regels tot en met volgnummer 3 zijn van vóór de auditsleutel" in output
    )
