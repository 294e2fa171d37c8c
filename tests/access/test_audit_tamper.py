"""Tampering with the audit trail as the database superuser, behind the application's back,
and what `samen audit verify` says about it: a removed tail and an emptied table are found by
the checkpoints outside the database; TRUNCATE is refused by a trigger; a rewrite of the chain
without the audit key is found by the HMAC, a rewrite with the key by the checkpoints; an
edited or forged checkpoint file is found by its signature.

Each tamper bypasses the append-only triggers the way a superuser can
(``session_replication_role = replica`` or ``ALTER TABLE ... DISABLE TRIGGER``), inside the
test's own transaction."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from samen.access import audit, checkpoints
from samen.access.models import AuditEntry, AuditKeyStart

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="TRUNCATE and the append-only triggers are PostgreSQL's",
)
KEYED, UNKEYED = audit.KEYED, audit.UNKEYED
# 2 December 2026, 10:00 in Amsterdam.
AT_TEN = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
AT_NINE = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


def append(count: int, prefix: str = "p") -> None:
    """``count`` audit entries, as the application writes them."""
    audit.record(
        actor=None,
        action="read",
        subjects=[audit.Subject("persoon", f"{prefix}{i}", f"99999{i:04d}") for i in range(count)],
        purpose="uitvoering",
    )


def checkpoint_at(moment: dt.datetime, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        path, _taken = audit.take_checkpoint()
    return path


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


def as_superuser(sql: str, params: list[Any] | None = None) -> None:
    """Run ``sql`` with every trigger bypassed, in this connection (on SQLite there are none)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params or [])
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


Digest = Callable[[dict[str, Any]], tuple[str, str]]


def rewrite(from_sequence: int, digest: Digest, purpose: str = "nieuwsgierigheid") -> None:
    """Change the purpose of entry ``from_sequence`` and recompute its hash and every later
    one, linking each to the one before: a careful rewrite of the chain. ``digest`` gives the
    (hash scheme, hash) the attacker writes for the entry's values."""
    before = AuditEntry.objects.filter(sequence=from_sequence - 1).first()
    previous = before.entry_hash if before else audit.GENESIS
    for entry in AuditEntry.objects.filter(sequence__gte=from_sequence).order_by("sequence"):
        values = {name: getattr(entry, name) for name in audit.HASHED_FIELDS}
        if entry.sequence == from_sequence:
            values["purpose"] = purpose
        values["previous_hash"] = previous
        scheme, previous = digest(values)
        as_superuser(
            "UPDATE access_auditentry SET purpose = %s, previous_hash = %s, entry_hash = %s, "
            "hash_scheme = %s WHERE id = %s",
            [values["purpose"], values["previous_hash"], previous, scheme, entry.pk],
        )


def with_the_key(values: dict[str, Any]) -> tuple[str, str]:
    return KEYED, audit.compute_hash(values)


def sha256_labelled_keyed(values: dict[str, Any]) -> tuple[str, str]:
    return KEYED, audit.compute_hash(values, UNKEYED)


def sha256_labelled_unkeyed(values: dict[str, Any]) -> tuple[str, str]:
    return UNKEYED, audit.compute_hash(values, UNKEYED)


def guessed_key(values: dict[str, Any]) -> tuple[str, str]:
    return KEYED, audit.compute_hash(values, KEYED, key=b"samen-development-key")


# ---------------------------------------------------------------------------------------------
# Shortened or emptied
# ---------------------------------------------------------------------------------------------
def test_a_removed_tail_is_found_by_the_checkpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    append(58)
    checkpoint_at(AT_TEN, monkeypatch)
    assert verify()[0] == 0

    as_superuser("DELETE FROM access_auditentry WHERE sequence >= 54")
    code, output = verify()
    assert code == 1, output
    assert (
        "Volgnummer 54 tot en met 58 ontbreken sinds het checkpoint van 2 december 2026 10:00."
        in output
    )
    assert "verbroken" not in output  # the chain alone cannot see a missing end
    assert "(53 regels, 1 checkpoint in" in output


def test_a_removed_last_entry_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    append(5)
    checkpoint_at(AT_TEN, monkeypatch)
    as_superuser("DELETE FROM access_auditentry WHERE sequence = 5")
    code, output = verify()
    assert code == 1
    assert "Volgnummer 5 ontbreekt sinds het checkpoint van 2 december 2026 10:00." in output


def test_a_tail_replaced_by_new_entries_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing the end and letting the application append again gives a consistent chain
    that reaches the checkpoint's sequence, but not with its hash."""
    append(6)
    checkpoint_at(AT_TEN, monkeypatch)
    as_superuser("DELETE FROM access_auditentry WHERE sequence >= 4")
    append(3, prefix="nieuw")
    code, output = verify()
    assert code == 1
    assert "verbroken" not in output
    assert (
        "Regel 6 is herschreven: de hash verschilt van die in het checkpoint van "
        "2 december 2026 10:00." in output
    )


def test_an_emptied_table_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    append(58)
    checkpoint_at(AT_TEN, monkeypatch)
    as_superuser("DELETE FROM access_auditentry")
    code, output = verify()
    assert code == 1
    assert (
        "De audittrail is leeg, maar het checkpoint van 2 december 2026 10:00 noemt "
        "volgnummer 58." in output
    )
    assert "(0 regels, 1 checkpoint in" in output


@postgresql_only
def test_truncate_is_refused_and_a_forced_truncate_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    append(58)
    checkpoint_at(AT_TEN, monkeypatch)
    with (
        pytest.raises(DatabaseError, match="alleen-toevoegen: TRUNCATE is niet toegestaan"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE access_auditentry")
    assert AuditEntry.objects.count() == 58

    # The table's owner or a superuser can still disable the trigger and truncate.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE access_auditentry DISABLE TRIGGER access_auditentry_no_truncate"
        )
        cursor.execute("TRUNCATE access_auditentry")
        cursor.execute("ALTER TABLE access_auditentry ENABLE TRIGGER access_auditentry_no_truncate")
    assert AuditEntry.objects.count() == 0
    code, output = verify()
    assert code == 1
    assert (
        "De audittrail is leeg, maar het checkpoint van 2 december 2026 10:00 noemt "
        "volgnummer 58." in output
    )


# ---------------------------------------------------------------------------------------------
# Rewritten
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("digest", "from_sequence", "reason"),
    [
        pytest.param(
            sha256_labelled_keyed,
            3,
            "de inhoud is gewijzigd of de hash is niet met de auditsleutel gemaakt",
            id="sha256-as-before",
        ),
        pytest.param(
            guessed_key,
            3,
            "de inhoud is gewijzigd of de hash is niet met de auditsleutel gemaakt",
            id="guessed-key",
        ),
        pytest.param(
            sha256_labelled_unkeyed,
            3,
            "de regel is zonder sleutel gehasht, maar alleen de regels tot en met volgnummer 0 "
            "zijn van vóór de auditsleutel (herschreven?)",
            id="passed-off-as-unkeyed",
        ),
        pytest.param(
            sha256_labelled_unkeyed,
            1,
            "de regel is zonder sleutel gehasht, maar alleen de regels tot en met volgnummer 0 "
            "zijn van vóór de auditsleutel (herschreven?)",
            id="whole-chain-passed-off-as-unkeyed",
        ),
    ],
)
def test_a_rewrite_without_the_key_is_found_by_the_hmac(
    digest: Digest, from_sequence: int, reason: str
) -> None:
    """No checkpoint at all: the keyed hash alone shows the rewrite, however carefully every
    later hash was recomputed."""
    append(6)
    rewrite(from_sequence, digest)
    assert AuditEntry.objects.get(sequence=from_sequence).purpose == "nieuwsgierigheid"
    entry = AuditEntry.objects.get(sequence=from_sequence)
    code, output = verify()
    assert code == 1
    assert f"- Audittrail verbroken bij regel {from_sequence} (id {entry.pk}): {reason}." in output


def test_the_same_rewrite_with_the_key_is_not_seen_by_the_chain_alone() -> None:
    """Why the checkpoints exist: with the key a rewrite is consistent."""
    append(6)
    rewrite(3, with_the_key)
    code, output = verify()
    assert code == 0
    assert "keten intact" in output
    assert "nog geen checkpoints" in output


def test_a_rewrite_with_the_key_before_a_checkpoint_is_found_by_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    append(3)
    checkpoint_at(AT_NINE, monkeypatch)
    append(7)
    checkpoint_at(AT_TEN, monkeypatch)
    append(5)  # 15 entries; the rewrite starts between the checkpoints
    rewrite(6, with_the_key)
    code, output = verify()
    assert code == 1
    assert "verbroken" not in output  # the chain itself is consistent again
    assert (
        "- Regel 10 is herschreven: de hash verschilt van die in het checkpoint van "
        "2 december 2026 10:00; tot en met regel 3 klopt de audittrail nog met het checkpoint "
        "van 2 december 2026 09:00." in output
    )


# ---------------------------------------------------------------------------------------------
# The boundary of the unkeyed entries
# ---------------------------------------------------------------------------------------------
def test_a_moved_boundary_of_the_unkeyed_entries_is_found() -> None:
    """Moving the boundary would let a rewrite pass as old unkeyed entries: its signature
    stops it."""
    append(6)
    rewrite(1, sha256_labelled_unkeyed)
    as_superuser("UPDATE access_auditkeystart SET unkeyed_until = 100")
    code, output = verify()
    assert code == 1
    assert (
        "- De grens tussen regels zonder en met auditsleutel (access_auditkeystart) heeft een "
        "handtekening die niet klopt: gewijzigd, of SAMEN_AUDIT_KEY is een andere sleutel."
        in output
    )


def test_a_removed_boundary_of_the_unkeyed_entries_is_found() -> None:
    append(3)
    as_superuser("DELETE FROM access_auditkeystart")
    code, output = verify()
    assert code == 1
    assert (
        "De grens tussen regels zonder en met auditsleutel (access_auditkeystart) ontbreekt"
        in output
    )


@postgresql_only
def test_the_database_refuses_to_change_the_boundary() -> None:
    for sql in (
        "UPDATE access_auditkeystart SET unkeyed_until = 100",
        "DELETE FROM access_auditkeystart",
        "TRUNCATE access_auditkeystart",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditKeyStart.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Checkpoint files
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def checkpoint_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    append(4)
    path = checkpoint_at(AT_TEN, monkeypatch)
    os.chmod(path, 0o644)  # as the owner of the storage could, were it not write-once
    yield path


def test_an_edited_checkpoint_file_is_found(checkpoint_file: Path) -> None:
    content = json.loads(checkpoint_file.read_text())
    content["sequence"] = 3  # pretend the chain was shorter then
    checkpoint_file.write_text(json.dumps(content))
    code, output = verify()
    assert code == 1
    assert (
        f"- Checkpointbestand {checkpoint_file.name}: de handtekening klopt niet: het bestand "
        "is gewijzigd of niet met deze auditsleutel (SAMEN_AUDIT_KEY) gemaakt." in output
    )


def test_a_forged_checkpoint_file_is_not_believed(checkpoint_file: Path) -> None:
    forged = checkpoints.Checkpoint(AT_TEN, 99, "f" * 64, 99)
    (checkpoint_file.parent / "checkpoint-20261202T100000000000Z-99.json").write_bytes(
        checkpoints.encode(forged, b"a key that is not the audit key")
    )
    code, output = verify()
    assert code == 1
    assert "checkpoint-20261202T100000000000Z-99.json: de handtekening klopt niet" in output
    assert "ontbreken" not in output  # the forged file's claim is not used
    assert "(4 regels, 1 checkpoint in" in output


def test_an_unreadable_checkpoint_file_is_named(checkpoint_file: Path) -> None:
    checkpoint_file.write_bytes(b"\x00 half geschreven")
    code, output = verify()
    assert code == 1
    assert f"Checkpointbestand {checkpoint_file.name}: het bestand is geen leesbaar checkpoint" in (
        output
    )
