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
from typing import Any

from django.db import IntegrityError, connection, transaction
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


def compute_hash(values: dict[str, Any]) -> str:
    payload = {}
    for name in HASHED_FIELDS:
        value = values[name]
        if name == "occurred_at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        payload[name] = value
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _actor(user: Any) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "(anoniem)"
    staff = getattr(user, "staff", None)
    return user.pk, staff.name if staff is not None else user.get_username()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def record(
    *,
    actor: Any,
    action: str,
    subjects: Iterable[Subject],
    purpose: str,
    roles: str = "",
    changes: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """Record one audit entry per subject (a list read records every object shown)."""
    subjects = list(subjects)
    if not subjects:
        return []
    actor_id, actor_name = _actor(actor)
    # JSON round trip so the stored value hashes the same when read back.
    changes = json.loads(json.dumps(changes or {}, default=str, sort_keys=True))
    context = current_context()
    now = timezone.now()
    for attempt in range(5):
        try:
            with transaction.atomic():
                _lock()
                last = (
                    AuditEntry.objects.order_by("-sequence")
                    .values_list("sequence", "entry_hash")
                    .first()
                )
                sequence, previous = last if last else (0, GENESIS)
                entries = []
                for subject in subjects:
                    sequence += 1
                    values = {
                        "sequence": sequence,
                        "occurred_at": now,
                        "actor_id": actor_id,
                        "actor_name": actor_name,
                        "roles": roles,
                        "municipality_code": subject.municipality_code,
                        "domain_code": subject.domain_code,
                        "action": action,
                        "object_type": subject.object_type,
                        "object_id": subject.object_id,
                        "data_subject_id": subject.data_subject_id,
                        "purpose": purpose,
                        "changes": changes,
                        "trace_id": context.trace_id,
                        "client_address": context.client_address,
                        "previous_hash": previous,
                    }
                    previous = compute_hash(values)
                    entries.append(AuditEntry(entry_hash=previous, **values))
                return AuditEntry.objects.bulk_create(entries)
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
