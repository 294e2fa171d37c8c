"""Incoming payments: camt.053 bank statements imported and their credits matched to claims
by payment reference (``VORD-`` and eight digits, :attr:`Claim.reference`); what cannot be
matched goes to a worklist where staff match it by hand.

Who: importing needs the permission ``recovery.add_bankstatement`` (administration), the
statements and the worklist ``recovery.view_bankstatement``. Which claims: a credit becomes
a receipt only on a claim the importer's access policy allows to *change* (municipality,
domain, confidentiality); a credit quoting a claim the importer may not change stays on the
worklist, and the import's summary counts it as unmatched like any other, so nothing about
that claim is revealed. On the worklist a credit shows to those who may read the claim it
quotes; a credit quoting no existing claim shows to everyone who may see the worklist.

Importing the same statement twice changes nothing: a statement is unique on its file's
SHA-256 and on (account, statement id), and a second import answers the first one. A
malformed file is refused as a whole in Dutch, before anything is written; the import
itself is one transaction.

Speed: the receipts and credits are inserted in bulk (``COPY`` on PostgreSQL,
``bulk_create`` elsewhere; bench/camt_import.py times 100,000 credits). Neither calls
:meth:`Movement.save`, whose only check is that an existing movement is never saved again:
these are all new rows, so the append-only rule holds; the database constraints on the sign
and the amount still apply. Every receipt is audited as work of the importer, one entry per
receipt, in one batch (as :mod:`samen.recovery.takeover` does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.recovery import camt, services
from samen.recovery.models import BankCredit, BankStatement, Claim, Movement

CHUNK = 5000
CENT = Decimal("0.01")


def may_import(actor: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("recovery.add_bankstatement"))


def may_view(actor: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("recovery.view_bankstatement"))


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    #: False when this statement had been imported before (nothing changed)
    created: bool

    @property
    def unmatched(self) -> int:
        return self.statement.credits - self.statement.matched


@dataclass(frozen=True)
class _Target:
    established_on: dt.date
    subject: audit.Subject


def _targets(policy: Policy, numbers: set[int]) -> dict[int, _Target]:
    """The quoted claims the importer may change, locked for the rest of the transaction."""
    found: dict[int, _Target] = {}
    for chunk in _chunks(sorted(numbers)):
        rows = (
            policy.scope_records(Claim.objects.filter(pk__in=chunk), Action.CHANGE)
            .select_for_update(of=("self",))
            .values_list(
                "pk", "established_on", "person__bsn", "municipality__cbs_code", "domain__code"
            )
        )
        for pk, established_on, bsn, cbs, domain in rows:
            found[pk] = _Target(
                established_on, audit.Subject("vordering", str(pk), bsn, cbs, domain)
            )
    return found


def _existing(numbers: set[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(sorted(numbers)):
        found.update(Claim.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _balances(claim_ids: list[int]) -> dict[int, Decimal]:
    balances: dict[int, Decimal] = {}
    for chunk in _chunks(claim_ids):
        rows = (
            Movement.objects.filter(claim_id__in=chunk)
            .values("claim_id")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        balances.update({r["claim_id"]: r["total"] for r in rows})
    return balances


MOVEMENT_COLUMNS = ("id", "claim", "kind", "amount", "booked_on", "reason", "recorded_by")
CREDIT_COLUMNS = (
    "statement",
    "entry_reference",
    "amount",
    "booked_on",
    "remittance",
    "counterparty_name",
    "counterparty_iban",
    "payment_reference",
    "referenced_claim",
    "claim",
    "movement",
    "matched_by",
    "matched_at",
)


def _copy(cursor: Any, model: Any, names: tuple[str, ...], rows: list[Any]) -> None:
    """``COPY`` of ``rows`` (model instances, new) into ``model``'s table: ``names`` are
    field names, written as their columns, plus ``created_at`` when the model has it."""
    fields = [model._meta.get_field(n) for n in names]
    stamped = any(f.name == "created_at" for f in model._meta.fields)
    columns = [connection.ops.quote_name(f.column) for f in fields]
    if stamped:
        columns.append(connection.ops.quote_name("created_at"))
    now = timezone.now()
    table = connection.ops.quote_name(model._meta.db_table)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            values = [getattr(row, f.attname) for f in fields]
            copy.write_row([*values, now] if stamped else values)


def _insert(movements: list[Movement], credits: list[BankCredit]) -> None:
    """Insert the receipts and the credits. On PostgreSQL with ``COPY`` (the receipts' ids
    taken from their sequence first, so each credit points at its receipt); elsewhere with
    ``bulk_create``. Neither calls ``Movement.save()``: these are new rows (see above)."""
    matched = [c for c in credits if c.claim_id is not None]
    if connection.vendor != "postgresql":
        Movement.objects.bulk_create(movements, batch_size=2000)
        for credit, movement in zip(matched, movements, strict=True):
            credit.movement = movement
        BankCredit.objects.bulk_create(credits, batch_size=2000)
        return
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Movement._meta.db_table, len(movements)],
        )
        for movement, (pk,) in zip(movements, cursor.fetchall(), strict=True):
            movement.pk = pk
        for credit, movement in zip(matched, movements, strict=True):
            credit.movement_id = movement.pk
        _copy(cursor, Movement, MOVEMENT_COLUMNS, movements)
        _copy(cursor, BankCredit, CREDIT_COLUMNS, credits)


def _refuse_file(error: camt.StatementError) -> ValidationError:
    return ValidationError({"file": [f"Het bankafschrift is geweigerd: {error}"]})


def import_statement(actor: Any, content: bytes, file_name: str = "") -> ImportResult:
    """Import one camt.053 statement; see the module's description."""
    if not may_import(actor):
        raise PermissionDenied("U mag geen bankafschriften inlezen.")
    digest = hashlib.sha256(content).hexdigest()
    earlier = BankStatement.objects.filter(sha256=digest).first()
    if earlier is not None:
        return ImportResult(earlier, created=False)
    try:
        parsed = camt.read_statement(content)
    except camt.StatementError as error:
        raise _refuse_file(error) from error
    earlier = BankStatement.objects.filter(
        account_iban=parsed.account_iban, statement_id=parsed.statement_id
    ).first()
    if earlier is not None:
        return ImportResult(earlier, created=False)
    policy = policy_for(actor)
    try:
        with transaction.atomic():
            statement = _import(actor, policy, parsed, digest, file_name)
    except IntegrityError:
        # imported at the same moment by someone else: the unique constraints held
        earlier = BankStatement.objects.filter(
            Q(sha256=digest) | Q(account_iban=parsed.account_iban, statement_id=parsed.statement_id)
        ).first()
        if earlier is None:
            raise
        return ImportResult(earlier, created=False)
    return ImportResult(statement, created=True)


def _import(
    actor: Any, policy: Policy, parsed: camt.Statement, digest: str, file_name: str
) -> BankStatement:
    credits = parsed.credits
    name = services._name(actor)
    statement = BankStatement.objects.create(
        account_iban=parsed.account_iban,
        statement_id=parsed.statement_id,
        message_id=parsed.message_id,
        created_on=parsed.created_at,
        sha256=digest,
        file_name=file_name[:200],
        credits=len(credits),
        skipped=len(parsed.skipped),
        credit_total=sum((c.amount for c in credits), Decimal("0.00")),
        imported_by=name,
    )
    quoted = [camt.payment_reference(c.remittance) for c in credits]
    numbers = {q[1] for q in quoted if q is not None}
    existing = _existing(numbers)
    targets = _targets(policy, numbers & existing)
    balances = _balances(sorted(targets))
    movements: list[Movement] = []
    rows: list[BankCredit] = []
    for entry, reference in zip(credits, quoted, strict=True):
        number = reference[1] if reference is not None else None
        row = BankCredit(
            statement=statement,
            entry_reference=entry.reference,
            amount=entry.amount,
            booked_on=entry.booked_on,
            remittance=entry.remittance,
            counterparty_name=entry.counterparty_name,
            counterparty_iban=entry.counterparty_iban,
            payment_reference=reference[0] if reference is not None else "",
            referenced_claim_id=number if number in existing else None,
        )
        target = targets.get(number) if number is not None else None
        if (
            number is not None
            and target is not None
            and entry.booked_on >= target.established_on
            and entry.amount <= balances.get(number, Decimal("0"))
        ):
            balances[number] -= entry.amount
            movement = Movement(
                claim_id=number,
                kind=Movement.Kind.RECEIPT,
                amount=-entry.amount,
                booked_on=entry.booked_on,
                reason=f"Bankafschrift {parsed.statement_id}, {entry.reference}"[:300],
                recorded_by=name,
            )
            movements.append(movement)
            row.claim_id = number
            row.matched_by = name
            row.matched_at = timezone.now()
        rows.append(row)
    _insert(movements, rows)
    changed = sorted({m.claim_id for m in movements})
    for chunk in _chunks(changed):
        Claim.objects.filter(pk__in=chunk).update(version=F("version") + 1)
    statement.matched = len(movements)
    statement.save(update_fields=["matched"])
    roles = policy.role_names()
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[audit.Subject("bankafschrift", str(statement.pk))],
        purpose=Purpose.UITVOERING.value,
        roles=roles,
        changes={
            "afschrift": parsed.statement_id,
            "rekening": parsed.account_iban,
            "bijschrijvingen": statement.credits,
            "gekoppeld": statement.matched,
            "overgeslagen": statement.skipped,
        },
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[targets[m.claim_id].subject for m in movements],
        purpose=Purpose.UITVOERING.value,
        roles=roles,
        changes={"boeking": "ontvangst", "bankafschrift": parsed.statement_id},
    )
    return statement


def statements(actor: Any, offset: int = 0, limit: int = 20) -> tuple[int, list[BankStatement]]:
    """The imported statements, newest first (the organisation's own accounts and counts; no
    personal data)."""
    if not may_view(actor):
        raise PermissionDenied("U mag de bankafschriften niet inzien.")
    queryset = BankStatement.objects.all()
    return queryset.count(), list(queryset[offset : offset + limit])


# ---------------------------------------------------------------------------------------------
# The worklist of unmatched credits
# ---------------------------------------------------------------------------------------------
def _open_credits(policy: Policy) -> QuerySet[BankCredit]:
    readable = policy.scope_records(Claim.objects.all(), Action.READ).values("pk")
    return (
        BankCredit.objects.filter(claim__isnull=True)
        .filter(Q(referenced_claim__isnull=True) | Q(referenced_claim__in=readable))
        .select_related(
            "statement",
            "referenced_claim__person",
            "referenced_claim__municipality",
            "referenced_claim__domain",
        )
    )


def _credit_subject(credit: BankCredit) -> audit.Subject:
    claim = credit.referenced_claim
    if claim is None:
        return audit.Subject("bijschrijving", str(credit.pk))
    return audit.Subject(
        "bijschrijving",
        str(credit.pk),
        claim.person.bsn,
        claim.municipality.cbs_code,
        claim.domain.code,
    )


def open_credits(
    actor: Any, offset: int = 0, limit: int = 20, purpose: Purpose = Purpose.UITVOERING
) -> tuple[int, list[BankCredit]]:
    """A page of the credits still to match that this actor may see, oldest first; each one
    shown is audited (a payer's name and account are personal data)."""
    if not may_view(actor):
        raise PermissionDenied("U mag de onbekende ontvangsten niet inzien.")
    policy = policy_for(actor)
    queryset = _open_credits(policy).order_by("booked_on", "pk")
    total = queryset.count()
    rows = list(queryset[offset : offset + limit])
    if rows:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.READ,
            subjects=[_credit_subject(c) for c in rows],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return total, rows


def get_open_credit(
    actor: Any, credit_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> BankCredit:
    """One credit of the worklist (audited), or :class:`services.NotVisible`."""
    if not may_view(actor):
        raise PermissionDenied("U mag de onbekende ontvangsten niet inzien.")
    policy = policy_for(actor)
    pk = str(credit_pk)
    credit = _open_credits(policy).filter(pk=pk).first() if pk.isdigit() else None
    if credit is None:
        audit.refused(actor, policy, purpose, audit.Subject("bijschrijving", pk))
        raise services.NotVisible("Ontvangst niet gevonden, al gekoppeld, of u heeft geen toegang.")
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_credit_subject(credit)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return credit


def _claim_pk(value: str | int) -> int | str:
    """A claim's id or its payment reference (``VORD-00000012``)."""
    text = str(value).strip()
    found = camt.payment_reference(text)
    if found is not None and text.upper() == found[0]:
        return found[1]
    return text


def match_credit(
    actor: Any,
    credit_pk: int | str,
    claim: int | str,
    purpose: Purpose = Purpose.UITVOERING,
) -> Movement:
    """Book an unmatched credit as a receipt on ``claim`` (its id or payment reference),
    which the actor must be allowed to change; the credit may not exceed the balance."""
    credit = get_open_credit(actor, credit_pk, purpose)
    try:
        policy, found = services._may_change(actor, _claim_pk(claim), purpose)
    except services.NotAllowed as error:
        raise ValidationError({"claim": [str(error)]}) from error
    except services.NotVisible as error:
        raise ValidationError(
            {"claim": ["Er is geen vordering met dit nummer of kenmerk die u mag wijzigen."]}
        ) from error
    with transaction.atomic():
        locked = BankCredit.objects.select_for_update().get(pk=credit.pk)
        if locked.claim_id is not None:
            raise ValidationError({"credit": ["Deze ontvangst is intussen al gekoppeld."]})
        target = (
            Claim.objects.select_for_update()
            .select_related("person", "municipality", "domain")
            .get(pk=found.pk)
        )
        if locked.booked_on < target.established_on:
            raise ValidationError(
                {"claim": ["De ontvangst is geboekt vóór het ontstaan van deze vordering."]}
            )
        balance = target.balance()
        if locked.amount > balance:
            raise ValidationError(
                {
                    "claim": [
                        f"Het bedrag (€ {locked.amount:.2f}) is hoger dan het saldo van de "
                        f"vordering (€ {balance:.2f}); boek het deel met de hand."
                    ]
                }
            )
        name = services._name(actor)
        movement = Movement.objects.create(
            claim=target,
            kind=Movement.Kind.RECEIPT,
            amount=-locked.amount,
            booked_on=locked.booked_on,
            reason=f"Bankafschrift {credit.statement.statement_id}, {locked.entry_reference}"[:300],
            recorded_by=name,
        )
        locked.claim = target
        locked.movement = movement
        locked.matched_by = name
        locked.matched_at = timezone.now()
        locked.save(update_fields=["claim", "movement", "matched_by", "matched_at"])
        target.version += 1
        target.save(update_fields=["version"])
        services._audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [target],
            purpose,
            {
                "boeking": {
                    "soort": "ontvangst",
                    "bedrag": str(-locked.amount),
                    "boekdatum": locked.booked_on.isoformat(),
                },
                "bijschrijving": locked.pk,
            },
        )
    return movement
