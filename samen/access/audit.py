"""The audit trail: one function records every read and change of personal data.

Entries are append-only and hash-chained: each entry's hash covers its content and the
previous entry's hash, so altering or removing a row breaks the chain at that row
(:func:`verify`). The hash is an HMAC-SHA256 with the audit key (SAMEN_AUDIT_KEY), which is not
in the database: someone who can write to the database but does not have the key cannot
recompute the chain after editing it. Entries from before the key keep their unkeyed SHA-256,
up to the signed boundary in :class:`~samen.access.models.AuditKeyStart`.

What the chain cannot show by itself, removed entries at its end or a rewrite by someone who
has the key, the checkpoints show: :func:`take_checkpoint` writes the chain's head to a file
outside the database (:mod:`samen.access.checkpoint_files`), and :func:`verify` compares the
chain with every checkpoint (:mod:`samen.access.checkpoints`).

Appends are serialised (a PostgreSQL advisory lock; SQLite serialises writers itself) so the
chain has no forks. If the audit entry cannot be written, the operation fails: there is no
unaudited access.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from samen.access import checkpoint_files, checkpoints
from samen.access.checkpoints import GENESIS, Checkpoint
from samen.access.models import AuditEntry, AuditKeyStart

KEYED = AuditEntry.HashScheme.KEYED.value
UNKEYED = AuditEntry.HashScheme.UNKEYED.value
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


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def audit_key() -> bytes:
    """The key of the entries' HMAC and the checkpoints' signatures (SAMEN_AUDIT_KEY)."""
    return str(settings.SAMEN_AUDIT_KEY).encode("utf-8")


_keyed_base: dict[bytes, hmac.HMAC] = {}


def _mac(key: bytes) -> hmac.HMAC:
    """A fresh HMAC-SHA256 for ``key``: a copy of one keyed once (the key padding and the first
    compression are not repeated for every entry)."""
    base = _keyed_base.get(key)
    if base is None:
        _keyed_base.clear()
        base = _keyed_base[key] = hmac.new(key, digestmod=hashlib.sha256)
    return base.copy()


def _digest(payload: dict[str, Any], scheme: str = KEYED, key: bytes | None = None) -> str:
    if scheme == UNKEYED:
        return hashlib.sha256(_canonical(payload)).hexdigest()
    mac = _mac(key if key is not None else audit_key())
    mac.update(_canonical(payload))
    return mac.hexdigest()


def compute_hash(values: dict[str, Any], scheme: str = KEYED, key: bytes | None = None) -> str:
    """The hash of an entry with ``values`` (every name of HASHED_FIELDS): HMAC-SHA256 with
    ``key`` (default: the audit key), or for ``scheme`` UNKEYED the SHA-256 of before the key."""
    payload = {name: values[name] for name in HASHED_FIELDS}
    payload["occurred_at"] = _timestamp(payload["occurred_at"])
    return _digest(payload, scheme, key)


def key_start_signature(unkeyed_until: int, key: bytes | None = None) -> str:
    """The signature of the boundary between unkeyed and keyed entries (as migration 0004
    computes it)."""
    message = f"samen-audit-key-start/1:{unkeyed_until}".encode()
    return hmac.new(key if key is not None else audit_key(), message, hashlib.sha256).hexdigest()


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
    "hash_scheme",
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
        "hash_scheme": KEYED,
    }
    mac = _mac(audit_key())
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
                    digest = mac.copy()
                    digest.update(_canonical(payload))
                    previous = digest.hexdigest()
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


# What the walk reads of every entry, in this order.
WALKED = (*HASHED_FIELDS, "id", "entry_hash", "hash_scheme")
_ID, _HASH, _SCHEME = (len(HASHED_FIELDS) + i for i in range(3))
_SEQUENCE, _PREVIOUS = HASHED_FIELDS.index("sequence"), HASHED_FIELDS.index("previous_hash")


def _problem(
    row: tuple[Any, ...],
    expected: int,
    previous: str,
    unkeyed_allowed: bool,
    unkeyed_until: int | None,
    key: bytes,
) -> str | None:
    """Why this entry breaks the chain, or None."""
    if row[_SEQUENCE] != expected:
        return f"volgnummer {expected} ontbreekt (verwijderd?)"
    if row[_PREVIOUS] != previous:
        return "de vorige hash klopt niet"
    scheme = row[_SCHEME]
    if scheme not in (KEYED, UNKEYED):
        return f"onbekende hashmethode {scheme!r}"
    if scheme == UNKEYED and not unkeyed_allowed:
        if unkeyed_until is None:
            return "de regel is zonder sleutel gehasht na een regel met sleutel (herschreven?)"
        return (
            "de regel is zonder sleutel gehasht, maar alleen de regels tot en met volgnummer "
            f"{unkeyed_until} zijn van vóór de auditsleutel (herschreven?)"
        )
    if compute_hash(dict(zip(HASHED_FIELDS, row, strict=False)), scheme, key) != row[_HASH]:
        if scheme == UNKEYED:
            return "de inhoud is gewijzigd"
        return "de inhoud is gewijzigd of de hash is niet met de auditsleutel gemaakt"
    return None


@dataclass(frozen=True)
class Walk:
    entries: int
    broken: Broken | None
    chain: checkpoints.Chain


def _walk(
    rows: Iterable[tuple[Any, ...]],
    *,
    key: bytes,
    unkeyed_until: int | None,
    wanted: Collection[int] = (),
) -> Walk:
    """Walk the entries (WALKED values, by sequence) in one pass, keeping nothing but the first
    broken entry and the hashes at the ``wanted`` sequences. Entries without a key are valid up
    to ``unkeyed_until``; when that boundary is unknown, only before the first keyed entry."""
    previous, expected, entries, head = GENESIS, 1, 0, 0
    broken: Broken | None = None
    keyed_seen = False
    hashes: dict[int, str] = {}
    for row in rows:
        sequence = row[_SEQUENCE]
        entries += 1
        head = sequence
        if sequence in wanted:
            hashes[sequence] = row[_HASH]
        if broken is None:
            unkeyed_allowed = (
                sequence <= unkeyed_until if unkeyed_until is not None else not keyed_seen
            )
            reason = _problem(row, expected, previous, unkeyed_allowed, unkeyed_until, key)
            if reason:
                broken = Broken(sequence, row[_ID], reason)
        keyed_seen = keyed_seen or row[_SCHEME] == KEYED
        previous, expected = row[_HASH], sequence + 1
    return Walk(entries, broken, checkpoints.Chain(head, hashes))


@dataclass(frozen=True)
class Verification:
    """The chain and every checkpoint, checked. ``problems`` are Dutch sentences besides the
    first broken entry; ``notes`` say what is not wrong but worth knowing."""

    entries: int
    broken: Broken | None
    checkpoints: list[Checkpoint]
    problems: list[str]
    notes: list[str]
    directory: Path

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.problems


def _key_start(key: bytes) -> tuple[int | None, list[str]]:
    """The signed boundary of the unkeyed entries, and what is wrong with it."""
    rows = list(AuditKeyStart.objects.order_by("pk").values_list("unkeyed_until", "signature"))
    valid = [n for n, sig in rows if hmac.compare_digest(sig, key_start_signature(n, key))]
    problems = []
    if len(valid) < len(rows):
        problems.append(
            "de grens tussen regels zonder en met auditsleutel (access_auditkeystart) heeft een "
            "handtekening die niet klopt: gewijzigd, of SAMEN_AUDIT_KEY is een andere sleutel"
        )
    if not rows:
        problems.append(
            "de grens tussen regels zonder en met auditsleutel (access_auditkeystart) ontbreekt: "
            "verwijderd?"
        )
    return (min(valid) if valid else None), problems


def verify() -> Verification:
    """Walk the whole chain (streaming: one pass, constant memory) and compare it with every
    checkpoint. The checkpoints are read first, so every entry they name was written before
    the walk starts."""
    key = audit_key()
    where = checkpoint_files.directory()
    try:
        stored = checkpoint_files.read_all(key, where)
        unreadable = ""
    except checkpoint_files.CheckpointDirectoryError as error:
        stored, unreadable = [], str(error)
    valid = [s.checkpoint for s in stored if s.checkpoint is not None]
    problems = [f"checkpointbestand {s.name}: {s.problem}" for s in stored if s.checkpoint is None]
    if unreadable:
        problems.append(unreadable)
    unkeyed_until, boundary_problems = _key_start(key)
    rows = AuditEntry.objects.order_by("sequence").values_list(*WALKED).iterator(chunk_size=2000)
    walk = _walk(rows, key=key, unkeyed_until=unkeyed_until, wanted={c.sequence for c in valid})
    notes = []
    if not valid:
        notes.append(
            f"er zijn nog geen checkpoints in {where}: maak er een met 'samen audit checkpoint'"
        )
    return Verification(
        entries=walk.entries,
        broken=walk.broken,
        checkpoints=valid,
        problems=[*boundary_problems, *checkpoints.findings(walk.chain, valid), *problems],
        notes=notes,
        directory=where,
    )


# ---------------------------------------------------------------------------------------------
# Checkpoints
# ---------------------------------------------------------------------------------------------
def head() -> tuple[int, str, int]:
    """The chain's head now: (last sequence, its hash, number of entries); (0, GENESIS, 0) for
    an empty table. Count and last sequence come from one statement, so one snapshot."""
    last = AuditEntry.objects.aggregate(entries=models.Count("pk"), last=models.Max("sequence"))
    if not last["last"]:
        return 0, GENESIS, int(last["entries"] or 0)
    found = AuditEntry.objects.filter(sequence=last["last"]).values_list("entry_hash", flat=True)
    return int(last["last"]), found[0], int(last["entries"])


def hashes_at(sequences: Collection[int]) -> dict[int, str]:
    """The hash of the entries at ``sequences`` that exist (for showing checkpoints)."""
    found = AuditEntry.objects.filter(sequence__in=list(sequences))
    return dict(found.values_list("sequence", "entry_hash"))


def last_sequence() -> int:
    return AuditEntry.objects.aggregate(last=models.Max("sequence"))["last"] or 0


def take_checkpoint(source: str = checkpoints.Source.COMMAND.value) -> tuple[Path, Checkpoint]:
    """Write the chain's head to a new checkpoint file, signed with the audit key."""
    sequence, entry_hash, entries = head()
    checkpoint = Checkpoint(
        taken_at=timezone.now(),
        sequence=sequence,
        entry_hash=entry_hash,
        entries=entries,
        source=source,
    )
    return checkpoint_files.write(checkpoint, audit_key()), checkpoint
