"""Reading the audit trail: supervision by the data-protection officer and, for every staff
member, their own recent accesses.

Screens and exports call these functions; none of them queries ``AuditEntry`` itself. The
answer says who processed whose data, when, on behalf of which municipality and why, but never
the case contents: of a change only the *names* of the changed fields are given, never the old
or new values. Reading the audit trail is itself recorded in the audit trail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from samen.access import audit, checkpoint_files, checkpoints
from samen.access.models import AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.organisation.models import Municipality

AUDIT_OBJECT = "audittrail"
# The object types of functional management: grants and staff records (their logins).
GRANT_OBJECT = "autorisatie"
STAFF_OBJECT = "medewerker"
MANAGED = frozenset({GRANT_OBJECT, STAFF_OBJECT})
GRANT_CHANGES_SHOWN = 20
MY_ACCESSES_LIMIT = 100
EXPORT_LIMIT = 50_000


@dataclass(frozen=True)
class AuditFilters:
    """What the officer searches for. Empty values do not filter."""

    bsn: str = ""  # data_subject_id
    actor: str = ""  # user id (digits) or (part of) the name
    municipality_code: str = ""  # CBS code
    date_from: dt.date | None = None  # inclusive
    date_until: dt.date | None = None  # inclusive
    action: str = ""  # AuditEntry.Kind value
    object_type: str = ""  # e.g. "autorisatie"


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as supervision may show it: without case contents."""

    sequence: int
    occurred_at: dt.datetime
    actor_id: int | None
    actor_name: str
    roles: str
    municipality_code: str
    municipality_name: str
    domain_code: str
    object_type: str
    object_id: str
    data_subject_id: str
    action: str
    action_label: str
    purpose: str
    purpose_label: str
    changed_fields: tuple[str, ...]
    trace_id: str
    client_address: str
    # What happened to a grant or staff record ("voorgesteld", "goedgekeurd" ...); else empty.
    event: str = ""
    # Whose grant or staff record it is (name and employee number); else empty.
    staff: str = ""


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int


def changed_field_names(changes: Any) -> tuple[str, ...]:
    """The names of the changed fields, never their old or new values."""
    if not isinstance(changes, dict):
        return ()
    fields = changes.get("fields", changes)
    return tuple(sorted(fields)) if isinstance(fields, dict) else ()


def _management_text(changes: Any, key: str) -> str:
    """``changes[key]`` of a grant or staff change (event, staff member): short texts written
    by the services of functional management, never personal data of a resident."""
    value = changes.get(key) if isinstance(changes, dict) else None
    return value[:200] if isinstance(value, str) else ""


def _purpose_label(value: str) -> str:
    try:
        return Purpose(value).label
    except ValueError:
        return value


def _rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    entries = list(entries)
    codes = {e.municipality_code for e in entries if e.municipality_code}
    names = dict(Municipality.objects.filter(cbs_code__in=codes).values_list("cbs_code", "name"))
    kinds = dict(AuditEntry.Kind.choices)
    return [
        AuditRow(
            sequence=e.sequence,
            occurred_at=e.occurred_at,
            actor_id=e.actor_id,
            actor_name=e.actor_name,
            roles=e.roles,
            municipality_code=e.municipality_code,
            municipality_name=names.get(e.municipality_code, ""),
            domain_code=e.domain_code,
            object_type=e.object_type,
            object_id=e.object_id,
            data_subject_id=e.data_subject_id,
            action=e.action,
            action_label=str(kinds.get(e.action, e.action)),
            purpose=e.purpose,
            purpose_label=_purpose_label(e.purpose),
            changed_fields=changed_field_names(e.changes),
            trace_id=e.trace_id,
            client_address=e.client_address,
            event=_management_text(e.changes, "event") if e.object_type in MANAGED else "",
            staff=_management_text(e.changes, "staff") if e.object_type in MANAGED else "",
        )
        for e in entries
    ]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _matching(filters: AuditFilters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.order_by("-sequence")
    if filters.bsn:
        qs = qs.filter(data_subject_id=filters.bsn)
    actor = filters.actor.strip()
    if actor.isdigit():
        qs = qs.filter(actor_id=int(actor)) if len(actor) <= 18 else qs.none()
    elif actor:
        qs = qs.filter(actor_name__icontains=actor)
    if filters.municipality_code:
        qs = qs.filter(municipality_code=filters.municipality_code)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_until:
        qs = qs.filter(occurred_at__lt=_start_of(filters.date_until + dt.timedelta(days=1)))
    return qs


def _supervisor(actor: Any) -> str:
    """The actor's role names, if the actor may read the audit trail; refuses otherwise."""
    policy = policy_for(actor)
    if not policy.may_read_audit:
        raise PermissionDenied(
            "Alleen de functionaris gegevensbescherming mag de audittrail inzien."
        )
    return policy.role_names()


def _record_reading(
    actor: Any, filters: AuditFilters, kind: str, roles: str, object_id: str = ""
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[
            audit.Subject(
                object_type=AUDIT_OBJECT,
                object_id=object_id,
                data_subject_id=filters.bsn,
                municipality_code=filters.municipality_code,
            )
        ],
        purpose=Purpose.TOEZICHT.value,
        roles=roles,
    )


def search_audit(
    actor: Any, filters: AuditFilters, *, offset: int = 0, limit: int = 50
) -> AuditPage:
    """A page of the audit entries matching ``filters``, newest first. Only for an actor who
    may read the audit trail (raises :class:`PermissionDenied` otherwise); the search itself
    is recorded in the audit trail with purpose *toezicht*."""
    roles = _supervisor(actor)
    qs = _matching(filters)
    total = qs.count()
    rows = _rows(qs[offset : offset + limit])
    _record_reading(actor, filters, AuditEntry.Kind.LIST, roles)
    return AuditPage(rows, total)


def export_audit(actor: Any, filters: AuditFilters) -> list[AuditRow]:
    """Every audit entry matching ``filters`` (up to :data:`EXPORT_LIMIT`), for a CSV export;
    the same refusal and the export is recorded in the audit trail."""
    roles = _supervisor(actor)
    rows = _rows(_matching(filters)[:EXPORT_LIMIT])
    _record_reading(actor, filters, AuditEntry.Kind.EXPORT, roles)
    return rows


def grant_changes(actor: Any, limit: int = GRANT_CHANGES_SHOWN) -> list[AuditRow]:
    """The most recent changes in access rights (grants proposed, approved, rejected,
    withdrawn, ended; staff members created with their login), newest first, for the officer.
    The same refusal as :func:`search_audit`; the reading is recorded."""
    roles = _supervisor(actor)
    rows = _rows(AuditEntry.objects.filter(object_type__in=MANAGED).order_by("-sequence")[:limit])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[audit.Subject(object_type=AUDIT_OBJECT, object_id="autorisaties")],
        purpose=Purpose.TOEZICHT.value,
        roles=roles,
    )
    return rows


def my_accesses(actor: Any, limit: int = MY_ACCESSES_LIMIT) -> list[AuditRow]:
    """The actor's own most recent accesses (newest first). A staff member may always see
    their own trail; looking at it is recorded as well."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Log in om uw eigen toegang te zien.")
    rows = _rows(AuditEntry.objects.filter(actor_id=actor.pk).order_by("-sequence")[:limit])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[audit.Subject(object_type=AUDIT_OBJECT, object_id=f"gebruiker:{actor.pk}")],
        purpose=Purpose.TOEZICHT.value,
        roles=policy_for(actor).role_names(),
    )
    return rows


# ---------------------------------------------------------------------------------------------
# Checkpoints: the chain's head outside the database, for the officer
# ---------------------------------------------------------------------------------------------
CHECKPOINTS_SHOWN = 20


@dataclass(frozen=True)
class CheckpointRow:
    """One checkpoint file as the officer sees it; ``status`` is a
    :class:`samen.access.checkpoints.Status` value, or ``ongeldig`` for a file that cannot be
    trusted (``problem`` says why)."""

    name: str
    taken_at: dt.datetime | None
    sequence: int | None
    short_hash: str
    entries: int | None
    source: str
    status: str
    problem: str = ""


@dataclass(frozen=True)
class CheckpointOverview:
    rows: list[CheckpointRow]  # newest first, at most CHECKPOINTS_SHOWN
    total: int
    directory: str
    problem: str = ""


INVALID = "ongeldig"


def checkpoint_overview(actor: Any, limit: int = CHECKPOINTS_SHOWN) -> CheckpointOverview:
    """The most recent checkpoints and whether the audit trail still matches each of them
    (the entry at its sequence still has its hash). Only for an actor who may read the audit
    trail. This looks at the checkpoints' own entries only; ``samen audit verify`` checks the
    whole chain against every checkpoint."""
    _supervisor(actor)
    key = audit.audit_key()
    try:
        names = checkpoint_files.names()
    except checkpoint_files.CheckpointDirectoryError as error:
        return CheckpointOverview([], 0, str(checkpoint_files.directory()), str(error))
    stored = [checkpoint_files.read(name, key) for name in reversed(names[-limit:])]
    named = {s.checkpoint.sequence for s in stored if s.checkpoint is not None}
    chain = checkpoints.Chain(audit.last_sequence(), audit.hashes_at(named))
    rows = []
    for found in stored:
        taken = found.checkpoint
        if taken is None:
            rows.append(CheckpointRow(found.name, None, None, "", None, "", INVALID, found.problem))
            continue
        rows.append(
            CheckpointRow(
                name=found.name,
                taken_at=taken.taken_at,
                sequence=taken.sequence,
                short_hash=taken.short_hash,
                entries=taken.entries,
                source=taken.source,
                status=checkpoints.status(taken, chain).value,
            )
        )
    return CheckpointOverview(rows, len(names), str(checkpoint_files.directory()))


def take_checkpoint(actor: Any) -> checkpoints.Checkpoint:
    """The officer's button: write a checkpoint now. Raises :class:`PermissionDenied` for
    anyone else, and ``OSError`` when the file cannot be written."""
    _supervisor(actor)
    _path, taken = audit.take_checkpoint(checkpoints.Source.SUPERVISION.value)
    return taken


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Volgnummer", "sequence"),
    ("Tijdstip", "occurred_at"),
    ("Gebruiker-id", "actor_id"),
    ("Gebruiker", "actor_name"),
    ("Rollen", "roles"),
    ("Namens gemeente (CBS-code)", "municipality_code"),
    ("Namens gemeente", "municipality_name"),
    ("Domein", "domain_code"),
    ("Soort object", "object_type"),
    ("Object-id", "object_id"),
    ("BSN betrokkene", "data_subject_id"),
    ("Handeling", "action_label"),
    ("Doel", "purpose_label"),
    ("Gewijzigde velden", "changed_fields"),
    ("Verzoek-id", "trace_id"),
    ("Adres cliënt", "client_address"),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, tuple):
        return ", ".join(value)
    text = str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is text, not a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def audit_csv(rows: Sequence[AuditRow]) -> str:
    """The rows as CSV for Dutch spreadsheets: ``;`` separated, Dutch headers, starting with
    a UTF-8 byte order mark so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _name in CSV_COLUMNS])
    for row in rows:
        writer.writerow([_cell(getattr(row, name)) for _header, name in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()
