"""The Inlichtingenbureau's signals: importing a file, matching each signal by BSN and period
to the municipality's benefits, the consulent's task with its handling term, reading the
worklist and recording the outcome.

Importing is idempotent twice over: a file whose SHA-256 was imported before changes nothing,
and a signal already known (same municipality and natural key, :attr:`ParsedSignal.natural_key`)
is skipped. A file with one malformed line is refused whole (:class:`FileRefused`), nothing
imported. Benefits are read through :mod:`samen.income.matching`, the fixed consulent through
:func:`samen.cases.assignment.fixed_consulents`; every signal created, read or changed is
audited (object type ``ib-signaal``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry, Confidentiality
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.assignment import fixed_consulents
from samen.common.dates import long_date
from samen.enforcement import products, reference
from samen.enforcement.models import MAX_TEXT, Signal, SignalFile
from samen.enforcement.products import FileRefused, ParsedSignal, Product
from samen.income import matching
from samen.organisation.models import Domain, Municipality
from samen.people.services import NotAllowed, NotVisible, VersionConflict

__all__ = [
    "FileRefused",
    "ImportResult",
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "handle",
    "import_file",
    "load",
    "worklist",
]

DOMAIN = "participatiewet"
OBJECT_TYPE = "ib-signaal"
BATCH = 5_000


def subject(signal: Signal) -> audit.Subject:
    return audit.Subject(
        object_type=OBJECT_TYPE,
        object_id=str(signal.pk),
        data_subject_id=signal.bsn,
        municipality_code=signal.municipality.cbs_code,
        domain_code=signal.domain.code,
    )


def _signals(policy: Policy, action: str) -> QuerySet[Signal]:
    return policy.scope_records(
        Signal.objects.select_related("municipality", "domain", "assigned_to", "person", "file"),
        action,
    )


def _record(
    actor: Any,
    policy: Policy,
    kind: str,
    signals: list[Signal],
    purpose: Purpose,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(s) for s in signals],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


# --------------------------------------------------------------------------------------------
# Import and matching
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    file: SignalFile
    already_imported: bool
    created: int
    matched: int
    duplicates: int


@dataclass(frozen=True)
class Match:
    """The benefit a signal belongs to, and what follows for the signal (pure)."""

    benefit_id: int | None
    person_id: int | None
    domain_id: int
    confidentiality: int


def match(signal: ParsedSignal, benefits: list[matching.BenefitRow], default_domain: int) -> Match:
    """The benefit that ran on a day of the signal's period; the latest one that did when
    more than one did. None: the signal stays unmatched (the client had no benefit then)."""
    running = [b for b in benefits if b.overlaps(signal.period_from, signal.period_until)]
    if not running:
        return Match(None, None, default_domain, Confidentiality.ZAAKVERTROUWELIJK)
    chosen = max(running, key=lambda b: (b.start_date, b.benefit_id))
    return Match(chosen.benefit_id, chosen.person_id, chosen.domain_id, chosen.confidentiality)


COLUMNS = (
    "file_id",
    "product",
    "natural_key",
    "bsn",
    "person_id",
    "period_from",
    "period_until",
    "details",
    "municipality_id",
    "domain_id",
    "confidentiality",
    "benefit_id",
    "assigned_to_id",
    "deadline",
    "term_id",
)

#: what ``COPY`` writes for the columns a new signal has at their default
DEFAULTS = {"version": 1, "outcome": "", "outcome_reason": ""}


def _insert(rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert new signals (``rows`` in the order of :data:`COLUMNS`, ``details`` as JSON
    text) and return their ids in the same order. On PostgreSQL with ``COPY``, the ids taken
    from the sequence first (as :mod:`samen.recovery.bank` does: ``bulk_create`` of 200,000
    rows cost most of the import's time); elsewhere with ``bulk_create``. The unique
    natural key still holds: a repeated signal fails the whole import."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = Signal.objects.bulk_create(
            [
                Signal(**{**dict(zip(COLUMNS, row, strict=True)), "details": json.loads(row[7])})
                for row in rows
            ],
            batch_size=2_000,
        )
        return [s.pk for s in made]
    table = Signal._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in ("id", *COLUMNS, *DEFAULTS))
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row, *DEFAULTS.values()))
    return ids


def import_file(
    actor: Any,
    municipality: Municipality,
    product: str,
    filename: str,
    content: bytes,
    purpose: Purpose = Purpose.UITVOERING,
) -> ImportResult:
    """Read, match and store one delivered file for ``municipality``."""
    kind = products.parse_product(product)
    domain = Domain.objects.get(code=DOMAIN)
    policy = policy_for(actor)
    if not policy.allows(
        Action.CHANGE, municipality.pk, domain.pk, Confidentiality.ZAAKVERTROUWELIJK
    ):
        raise NotAllowed(
            f"U mag geen signalen voor {municipality.name} inlezen: daarvoor is een autorisatie "
            "nodig om gegevens in de Participatiewet van deze gemeente te wijzigen."
        )
    digest = hashlib.sha256(content).hexdigest()
    known = SignalFile.objects.filter(sha256=digest).first()
    if known is not None:
        return ImportResult(known, True, 0, 0, 0)
    parsed = products.parse_file(kind, content)
    today = timezone.localdate()
    term = reference.term_on(kind.value, today)
    if term is None:
        raise FileRefused(f"Er is geen behandeltermijn voor {kind.label} op {long_date(today)}.")
    existing: set[str] = set()
    bsns = sorted({s.bsn for s in parsed})
    for start in range(0, len(bsns), BATCH):
        existing.update(
            Signal.objects.filter(
                municipality=municipality,
                product=kind.value,
                bsn__anyof=bsns[start : start + BATCH],
            ).values_list("natural_key", flat=True)
        )
    fresh = [s for s in parsed if s.natural_key not in existing]
    benefits = matching.benefits_of(municipality.pk, {s.bsn for s in fresh})
    matches = [match(s, benefits.get(s.bsn, []), domain.pk) for s in fresh]
    consulents = fixed_consulents(
        [m.person_id for m in matches if m.person_id is not None], domain.pk, today
    )
    staff = getattr(actor, "staff", None)
    deadline = today + dt.timedelta(days=term.days)
    codes = dict(Domain.objects.values_list("pk", "code"))
    with transaction.atomic():
        file = SignalFile.objects.create(
            sha256=digest,
            product=kind.value,
            municipality=municipality,
            filename=filename[:200],
            lines=len(parsed),
            created=len(fresh),
            matched=sum(1 for m in matches if m.benefit_id is not None),
            imported_by=staff,
        )
        rows = [
            (
                file.pk,
                kind.value,
                s.natural_key[:250],
                s.bsn,
                m.person_id,
                s.period_from,
                s.period_until,
                json.dumps(s.details, ensure_ascii=False, sort_keys=True),
                municipality.pk,
                m.domain_id,
                m.confidentiality,
                m.benefit_id,
                consulents.get(m.person_id) if m.person_id is not None else None,
                deadline if m.benefit_id is not None else None,
                term.pk if m.benefit_id is not None else None,
            )
            for s, m in zip(fresh, matches, strict=True)
        ]
        ids = _insert(rows)
        for start in range(0, len(rows), BATCH):
            audit.record(
                actor=actor,
                action=AuditEntry.Kind.CREATE,
                subjects=[
                    audit.Subject(
                        OBJECT_TYPE, str(pk), row[3], municipality.cbs_code, codes[row[9]]
                    )
                    for pk, row in zip(
                        ids[start : start + BATCH], rows[start : start + BATCH], strict=True
                    )
                ],
                purpose=purpose.value,
                roles=policy.role_names(),
                changes={"bestand": digest, "product": kind.value},
            )
    return ImportResult(file, False, len(fresh), file.matched, len(parsed) - len(fresh))


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkItem:
    signal: Signal
    days_left: int | None


def worklist(
    actor: Any,
    *,
    mine: bool = False,
    unmatched: bool = False,
    handled: bool = False,
    limit: int = 200,
    offset: int = 0,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[WorkItem], int]:
    """Open matched signals the actor may read, earliest term first (``mine``: only those of
    the actor as fixed consulent), or the unmatched ones; each one shown is audited."""
    policy = policy_for(actor)
    qs = _signals(policy, Action.READ)
    qs = qs.filter(benefit__isnull=unmatched)
    if not handled:
        qs = qs.filter(outcome="")
    if mine:
        qs = qs.filter(assigned_to=getattr(actor, "staff", None))
    total = qs.count()
    found = list(qs.order_by(F("deadline").asc(nulls_last=True), "pk")[offset : offset + limit])
    _record(actor, policy, AuditEntry.Kind.LIST, found, purpose)
    today = timezone.localdate()
    items = [
        WorkItem(s, (s.deadline - today).days if s.deadline is not None else None) for s in found
    ]
    return items, total


def load(
    actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING, action: str = Action.READ
) -> tuple[Policy, Signal]:
    policy = policy_for(actor)
    try:
        signal = _signals(policy, action).get(pk=pk)
    except (Signal.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _signals(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject(OBJECT_TYPE, str(pk)))
        if readable:
            raise NotAllowed("U mag dit signaal inzien maar niet afhandelen.") from None
        raise NotVisible("Signaal niet gevonden, of u heeft geen toegang.") from None
    return policy, signal


def get_signal(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Signal:
    policy, signal = load(actor, pk, purpose)
    _record(actor, policy, AuditEntry.Kind.READ, [signal], purpose)
    return signal


def product_label(signal: Signal) -> str:
    return Product(signal.product).label


# --------------------------------------------------------------------------------------------
# The outcome
# --------------------------------------------------------------------------------------------
def handle(
    actor: Any,
    pk: Any,
    *,
    outcome: str,
    reason: str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Signal:
    """Record the outcome of a matched signal: no effect (with the reason), a change
    recorded (the consulent records it on the benefit's change screen, which recalculates),
    or an investigation (started here, for the sociale recherche)."""
    from samen.enforcement import investigations

    policy, signal = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if signal.outcome:
        errors["outcome"] = "Dit signaal is al afgehandeld."
    if signal.benefit_id is None:
        errors["outcome"] = (
            "Een signaal zonder uitkering heeft geen taak: het blijft in de lijst niet gekoppeld."
        )
    if outcome not in Signal.Outcome.values:
        errors["outcome"] = "Kies de uitkomst: geen gevolgen, wijziging of onderzoek."
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Geef een toelichting: waarom geen gevolgen, welke wijziging, of "
        errors["reason"] += "waarom een onderzoek."
    elif len(reason) > MAX_TEXT:
        errors["reason"] = f"De toelichting is te lang: ten hoogste {MAX_TEXT} tekens."
    if errors:
        raise ValidationError(errors)
    expected = signal.version if version is None else version
    today = timezone.localdate()
    staff = getattr(actor, "staff", None)
    with transaction.atomic():
        updated = Signal.objects.filter(pk=signal.pk, version=expected, outcome="").update(
            version=F("version") + 1,
            outcome=outcome,
            outcome_reason=reason,
            handled_on=today,
            handled_by=staff,
        )
        if not updated:
            raise VersionConflict(
                "Iemand anders heeft dit signaal intussen afgehandeld. Laad het opnieuw."
            )
        signal.refresh_from_db()
        _record(
            actor,
            policy,
            AuditEntry.Kind.UPDATE,
            [signal],
            purpose,
            {"fields": {"outcome": ["", outcome]}},
        )
        if outcome == Signal.Outcome.INVESTIGATION:
            investigations.start_from_signal(actor, signal, reason)
    return signal
