"""The audit trail: one function records every read and change of personal data.

Entries are append-only and hash-chained: each entry's hash covers its content and the
previous entry's hash, so altering or removing a row breaks the chain at that row
(:func:`verify`). Appends are serialised (a PostgreSQL advisory lock; SQLite serialises
writers itself) so the chain has no forks. If the audit entry cannot be written, the
operation fails: there is no unaudited access.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from samen.access.models import AuditEntry

GENESIS = "0" * 64
ADVISORY_LOCK_KEY = 0x5A4D454E  # "SAMEN"

_context = threading.local()


@dataclass(frozen=True)
class Subject:
    """One object whose personal data is processed."""

    object_type: str
    object_id: str
    data_subject_id: str = ""  # BSN
    municipality_code: str = ""
    domain_code: str = ""


@dataclass
class RequestContext:
    trace_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_address: str = ""


def set_request_context(trace_id: str, client_address: str) -> None:
    _context.value = RequestContext(trace_id, client_address)


def clear_request_context() -> None:
    _context.value = None


def current_context() -> RequestContext:
    value = getattr(_context, "value", None)
    if value is None:
        value = RequestContext()
    return value


HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "roles",
    "municipality_code",
    "domain_code",
    "action",
    "object_type",
    "object_id",
    "data_subject_id",
    "purpose",
    "changes",
    "trace_id",
    "client_address",
    "previous_hash",
)


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def compute_hash(values: dict[str, Any]) -> str:
    payload = {name: values[name] for name in HASHED_FIELDS}
    payload["occurred_at"] = _timestamp(payload["occurred_at"])
    return _digest(payload)


def _actor(user: Any) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "(anoniem)"
    staff = getattr(user, "staff", None)
    return user.pk, staff.name if staff is not None else user.get_username()


# What every entry of one record() call shares, and what differs per subject.
SHARED = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "roles",
    "action",
    "purpose",
    "changes",
    "trace_id",
    "client_address",
)
PER_SUBJECT = (
    "sequence",
    "municipality_code",
    "domain_code",
    "object_type",
    "object_id",
    "data_subject_id",
    "previous_hash",
    "entry_hash",
)


def _field(name: str) -> models.Field:
    return cast(models.Field, AuditEntry._meta.get_field(name))


def _column(name: str) -> str:
    return connection.ops.quote_name(_field(name).column)


def _lock_and_last() -> tuple[int, str]:
    """Take the append lock (PostgreSQL: a transaction-level advisory lock, so concurrent
    writers queue; SQLite: the IMMEDIATE transaction already holds the write lock) and read
    the last entry's sequence and hash. On PostgreSQL both go in one round trip: two
    statements, the second with its own snapshot taken after the lock was granted."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    last = (
        f"SELECT {_column('sequence')}, {_column('entry_hash')} FROM {table} "  # noqa: S608
        f"ORDER BY {_column('sequence')} DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock({int(ADVISORY_LOCK_KEY)}); {last}")
            cursor.nextset()
        else:
            cursor.execute(last)
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _insert(shared: dict[str, Any], rows: list[tuple[Any, ...]]) -> None:
    """Write the entries in one statement. The ORM's bulk_create prepares every field of
    every row and cost more than the rest of a list request (bench/audit_overhead.py).
    PostgreSQL: one INSERT ... SELECT over the per-subject values sent as a JSON array;
    elsewhere one short INSERT executed for every row (SQLite steps it in C)."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    names = (*SHARED, *PER_SUBJECT)
    columns = ", ".join(_column(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The per-subject values travel as one JSON text: psycopg quotes one string far
            # faster than eight arrays, and PostgreSQL unpacks it in C.
            scalars = ", ".join(f"%s::{_field(name).db_type(connection)}" for name in SHARED)
            record_type = ", ".join(
                f"{_column(name)} {_field(name).db_type(connection)}" for name in PER_SUBJECT
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {scalars}, r.* "  # noqa: S608
                f"FROM json_to_recordset(%s::json) AS r({record_type})",
                [
                    *(shared[name] for name in SHARED),
                    json.dumps([dict(zip(PER_SUBJECT, row, strict=True)) for row in rows]),
                ],
            )
        else:
            common = tuple(shared[name] for name in SHARED)
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                [common + row for row in rows],
            )


def refused(actor: Any, policy: Any, purpose: Any, *subjects: Subject) -> int:
    """Record that ``actor`` was refused access to ``subjects``: one REFUSED entry each, with
    the roles of ``policy`` (a :class:`samen.access.policy.Policy`) and ``purpose`` (a
    ``Purpose``). Every service records a refusal this way before raising it."""
    return record(
        actor=actor,
        action=AuditEntry.Kind.REFUSED,
        subjects=subjects,
        purpose=purpose.value,
        roles=policy.role_names(),
    )


def record(
    *,
    actor: Any,
    action: str,
    subjects: Iterable[Subject],
    purpose: str,
    roles: str = "",
    changes: dict[str, Any] | None = None,
) -> int:
    """Record one audit entry per subject (a list read records every object shown).
    Returns the number of entries written."""
    subjects = list(subjects)
    if not subjects:
        return 0
    actor_id, actor_name = _actor(actor)
    # JSON round trip so the stored value hashes the same when read back.
    changes = json.loads(json.dumps(changes or {}, default=str, sort_keys=True))
    context = current_context()
    now = timezone.now()
    hashed_shared = {
        "occurred_at": _timestamp(now),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "roles": roles,
        "action": action,
        "purpose": purpose,
        "changes": changes,
        "trace_id": context.trace_id,
        "client_address": context.client_address,
    }
    stored_shared = {
        **hashed_shared,
        "occurred_at": _field("occurred_at").get_db_prep_save(now, connection),
        "changes": _field("changes").get_db_prep_save(changes, connection),
    }
    for attempt in range(5):
        try:
            with transaction.atomic():
                sequence, previous = _lock_and_last()
                rows = []
                for subject in subjects:
                    sequence += 1
                    linked_to = previous
                    payload = {
                        **hashed_shared,
                        "sequence": sequence,
                        "municipality_code": subject.municipality_code,
                        "domain_code": subject.domain_code,
                        "object_type": subject.object_type,
                        "object_id": subject.object_id,
                        "data_subject_id": subject.data_subject_id,
                        "previous_hash": linked_to,
                    }
                    previous = _digest(payload)
                    rows.append(  # in the order of PER_SUBJECT
                        (
                            sequence,
                            subject.municipality_code,
                            subject.domain_code,
                            subject.object_type,
                            subject.object_id,
                            subject.data_subject_id,
                            linked_to,
                            previous,
                        )
                    )
                _insert(stored_shared, rows)
                return len(rows)
        except IntegrityError:
            if attempt == 4:
                raise
    raise RuntimeError("unreachable")


@dataclass(frozen=True)
class Broken:
    sequence: int
    entry_id: int
    reason: str


def _walk(entries: Iterator[AuditEntry]) -> Broken | None:
    previous = GENESIS
    expected_sequence = 1
    for entry in entries:
        if entry.sequence != expected_sequence:
            return Broken(
                entry.sequence, entry.pk, f"volgnummer {expected_sequence} ontbreekt (verwijderd?)"
            )
        if entry.previous_hash != previous:
            return Broken(entry.sequence, entry.pk, "de vorige hash klopt niet")
        values = {name: getattr(entry, name) for name in HASHED_FIELDS}
        if compute_hash(values) != entry.entry_hash:
            return Broken(entry.sequence, entry.pk, "de inhoud is gewijzigd")
        previous = entry.entry_hash
        expected_sequence += 1
    return None


def verify() -> tuple[int, Broken | None]:
    """Walk the whole chain. Returns (number of entries checked, first broken entry)."""
    count = AuditEntry.objects.count()
    return count, _walk(AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000))
