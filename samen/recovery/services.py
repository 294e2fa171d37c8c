"""Claims (vorderingen) as case work sees them: read and booked through the one access
policy, every read and write audited. Screens, the API, the take-over task and the
management command call these functions; none of them queries the tables itself.

A claim carries its own municipality, domain and confidentiality (from the benefit or case
it came from): a grant opens it when it covers all three, as for a benefit. A claim the
actor may not see is :class:`NotVisible` - the same answer as one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.income.norms import NormTable
from samen.people import services as people
from samen.people.services import NotAllowed, NotVisible, VersionConflict
from samen.recovery import instalments, limitation, protected_income, recovery_terms
from samen.recovery.models import (
    MAX_AMOUNT,
    MAX_REASON,
    Arrangement,
    Claim,
    CollectionStep,
    Movement,
    ProtectionParameter,
    RecoveryDecision,
    RecoveryParameter,
)

__all__ = [
    "ClaimRow",
    "ClaimView",
    "NewClaim",
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "book",
    "change_arrangement",
    "claims_of_person",
    "create_arrangement",
    "create_claim",
    "get_claim",
    "list_claims",
    "protection_parameters",
    "protected_income_for",
]

CENT = Decimal("0.01")
#: what staff may book by hand (an offset comes from the payment run, not yet built)
MANUAL_KINDS = (Movement.Kind.RECEIPT, Movement.Kind.WRITE_OFF, Movement.Kind.CORRECTION)


def _scope(policy: Policy, action: str) -> QuerySet[Claim]:
    return policy.scope_records(Claim.objects.all(), action).select_related(
        "person", "municipality", "domain"
    )


def _subject(claim: Claim) -> audit.Subject:
    return audit.Subject(
        object_type="vordering",
        object_id=str(claim.pk),
        data_subject_id=claim.person.bsn,
        municipality_code=claim.municipality.cbs_code,
        domain_code=claim.domain.code,
    )


def _audit(
    actor: Any,
    policy: Policy | None,
    kind: str,
    claims: list[Claim],
    purpose: Purpose,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[_subject(c) for c in claims],
        purpose=purpose.value,
        roles=policy.role_names() if policy is not None else "",
        changes=changes,
    )


def _balances(claim_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        Movement.objects.filter(claim_id__in=claim_ids)
        .values("claim_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {r["claim_id"]: r["total"].quantize(CENT) for r in rows}


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    balance: Decimal


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    balance: Decimal
    movements: list[Movement]
    arrangements: list[Arrangement]
    #: months whose instalment of the current arrangement was missed, up to the day
    missed: list[dt.date] = field(default_factory=list)
    steps: list[CollectionStep] = field(default_factory=list)
    decisions: list[RecoveryDecision] = field(default_factory=list)
    limitation: limitation.Limitation | None = None

    @property
    def arrangement(self) -> Arrangement | None:
        return next((a for a in self.arrangements if a.ended_on is None), None)


def _rows(claims: list[Claim]) -> list[ClaimRow]:
    balances = _balances([c.pk for c in claims])
    return [ClaimRow(c, balances.get(c.pk, Decimal("0.00"))) for c in claims]


def claims_of_person(
    actor: Any, person_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> tuple[Any, list[ClaimRow]]:
    """The person (read through people, audited there) and the claims on them this actor
    may see, each with its balance; every claim shown is audited."""
    person = people.get_person(actor, person_pk, purpose)
    policy = policy_for(actor)
    claims = list(_scope(policy, Action.READ).filter(person_id=person.person.pk))
    if claims:
        _audit(actor, policy, AuditEntry.Kind.READ, claims, purpose)
    return person, _rows(claims)


def list_claims(
    actor: Any,
    *,
    person_pk: int | None = None,
    offset: int = 0,
    limit: int = 20,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[int, list[ClaimRow]]:
    """A page of the claims this actor may see (newest first), optionally of one person;
    the claims on the page are audited."""
    policy = policy_for(actor)
    queryset = _scope(policy, Action.READ)
    if person_pk is not None:
        queryset = queryset.filter(person_id=person_pk)
    total = queryset.count()
    claims = list(queryset[offset : offset + limit])
    if claims:
        _audit(actor, policy, AuditEntry.Kind.READ, claims, purpose)
    return total, _rows(claims)


def _claim_or_refuse(
    actor: Any, policy: Policy, claim_pk: int | str, action: str, purpose: Purpose
) -> Claim:
    pk = str(claim_pk)
    claim = _scope(policy, action).filter(pk=pk).first() if pk.isdigit() else None
    if claim is not None:
        return claim
    readable = (
        action != Action.READ
        and pk.isdigit()
        and _scope(policy, Action.READ).filter(pk=pk).exists()
    )
    audit.refused(actor, policy, purpose, audit.Subject("vordering", pk))
    if readable:
        raise NotAllowed("U mag deze vordering inzien maar niet wijzigen.")
    raise NotVisible("Vordering niet gevonden, of u heeft geen toegang.")


def _view(claim: Claim, day: dt.date) -> ClaimView:
    movements = list(claim.movements.order_by("booked_on", "pk"))
    arrangements = list(claim.arrangements.all())
    balance = sum((m.amount for m in movements), Decimal("0.00")).quantize(CENT)
    current = next((a for a in arrangements if a.ended_on is None), None)
    missed = (
        instalments.missed_months(_terms(current), _entries(movements), day)
        if current is not None
        else []
    )
    steps = list(claim.steps.all())
    decisions = list(claim.decisions.select_related("decision__decision_type", "decision__case"))
    return ClaimView(
        claim,
        balance,
        movements,
        arrangements,
        missed,
        steps,
        decisions,
        limitation_from(claim, _interruptions(movements, steps, decisions)),
    )


# ---------------------------------------------------------------------------------------------
# The rules of recovery and limitation (recovery.RecoveryParameter; samen/recovery/steps.py)
# ---------------------------------------------------------------------------------------------
def recovery_parameters() -> recovery_terms.Parameters:
    return recovery_terms.Parameters(
        recovery_terms.Parameter(p.name, p.value, p.valid_from, p.valid_until, p.source)
        for p in RecoveryParameter.objects.all()
    )


def _interruptions(
    movements: list[Movement], steps: list[CollectionStep], decisions: list[RecoveryDecision]
) -> list[limitation.Event]:
    """What interrupts a claim's limitation (Awb 4:106): its summonses, its offsets and its
    dwangbevels (docs/recovery.md says why receipts are not counted)."""
    return [
        *(
            limitation.Event("aanmaning", s.sent_on)
            for s in steps
            if s.kind == CollectionStep.Kind.SUMMONS
        ),
        *(
            limitation.Event("verrekening", m.booked_on)
            for m in movements
            if m.kind == Movement.Kind.OFFSET
        ),
        *(
            limitation.Event("dwangbevel", d.decided_on)
            for d in decisions
            if d.kind == RecoveryDecision.Kind.WRIT
        ),
    ]


def limitation_from(
    claim: Claim,
    events: list[limitation.Event],
    rules: recovery_terms.Parameters | None = None,
) -> limitation.Limitation | None:
    """The claim's limitation from its events; None when no rule covers its due date. A
    claim without a recovery decision has no due date yet: its term counts from the day it
    arose (docs/recovery.md)."""
    due = claim.due_on or claim.established_on
    try:
        years = int((rules or recovery_parameters()).on("verjaring_jaren", due).value)
    except recovery_terms.MissingParameter:
        return None
    return limitation.limitation(due, events, years)


def _terms(arrangement: Arrangement) -> instalments.Terms:
    return instalments.Terms(
        instalment=arrangement.instalment,
        start_month=arrangement.start_month,
        day_of_month=arrangement.day_of_month,
        ended_on=arrangement.ended_on,
    )


def _entries(movements: list[Movement]) -> list[instalments.Entry]:
    return [instalments.Entry(m.kind, m.amount, m.booked_on) for m in movements]


def get_claim(
    actor: Any,
    claim_pk: int | str,
    action: str = Action.READ,
    purpose: Purpose = Purpose.UITVOERING,
    on: dt.date | None = None,
) -> ClaimView:
    """One claim with its ledger, balance and arrangements; the read is audited."""
    policy = policy_for(actor)
    claim = _claim_or_refuse(actor, policy, claim_pk, action, purpose)
    _audit(actor, policy, AuditEntry.Kind.READ, [claim], purpose)
    return _view(claim, on or timezone.localdate())


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
def _may_change(actor: Any, claim_pk: int | str, purpose: Purpose) -> tuple[Policy, Claim]:
    """Checked before the transaction, so that a refusal's audit entry is kept."""
    policy = policy_for(actor)
    return policy, _claim_or_refuse(actor, policy, claim_pk, Action.CHANGE, purpose)


def _locked(found: Claim, expected_version: int) -> Claim:
    claim = (
        Claim.objects.select_for_update()
        .select_related("person", "municipality", "domain")
        .get(pk=found.pk)
    )
    if claim.version != expected_version:
        raise VersionConflict(
            "Iemand anders heeft deze vordering intussen gewijzigd. Laad de pagina opnieuw."
        )
    return claim


def _name(actor: Any) -> str:
    staff = getattr(actor, "staff", None)
    return str(staff.name if staff is not None else actor.get_username())[:200]


def _check_amount(amount: Decimal, name: str = "amount") -> Decimal:
    if amount.is_nan() or amount <= 0 or amount > MAX_AMOUNT or amount != amount.quantize(CENT):
        raise ValidationError(
            {name: ["Vul een bedrag in van meer dan € 0,00, tot € 9.999.999,99, in centen."]}
        )
    return amount


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Geef de reden."]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [f"Maximaal {MAX_REASON} tekens."]})
    return reason


def book(
    actor: Any,
    claim_pk: int | str,
    *,
    kind: str,
    amount: Decimal,
    booked_on: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> Movement:
    """Book a receipt, write-off or correction on a claim. ``amount`` is what was received
    or written off (positive); a correction is signed. A receipt or write-off larger than
    the balance is refused: the ledger never goes below zero by hand."""
    if kind not in MANUAL_KINDS:
        raise ValidationError({"kind": ["Kies ontvangst, afboeking of correctie."]})
    if kind == Movement.Kind.CORRECTION:
        if amount == 0:
            raise ValidationError({"amount": ["Een correctie is niet € 0,00."]})
        _check_amount(abs(amount))
        signed = amount
    else:
        signed = -_check_amount(amount)
    reason = _check_reason(reason)
    if booked_on > timezone.localdate():
        raise ValidationError({"booked_on": ["De boekdatum ligt niet in de toekomst."]})
    policy, found = _may_change(actor, claim_pk, purpose)
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if booked_on < claim.established_on:
            raise ValidationError(
                {"booked_on": ["De boekdatum ligt niet vóór het ontstaan van de vordering."]}
            )
        balance = claim.balance()
        if balance + signed < 0:
            raise ValidationError(
                {"amount": [f"Het bedrag is hoger dan het saldo (€ {balance:.2f})."]}
            )
        movement = Movement.objects.create(
            claim=claim,
            kind=kind,
            amount=signed,
            booked_on=booked_on,
            reason=reason,
            recorded_by=_name(actor),
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"boeking": {"soort": kind, "bedrag": str(signed), "boekdatum": booked_on.isoformat()}},
        )
    return movement


def create_arrangement(
    actor: Any,
    claim_pk: int | str,
    *,
    instalment: Decimal,
    start_month: dt.date,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> Arrangement:
    """A payment arrangement on a claim; a running one is ended the month before."""
    _check_amount(instalment, "instalment")
    reason = _check_reason(reason)
    start = start_month.replace(day=1)
    policy, found = _may_change(actor, claim_pk, purpose)
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if start < claim.established_on.replace(day=1):
            raise ValidationError(
                {"start_month": ["De eerste maand ligt niet vóór het ontstaan van de vordering."]}
            )
        if claim.balance() <= 0:
            raise ValidationError({"instalment": ["Deze vordering heeft geen openstaand saldo."]})
        for running in claim.arrangements.filter(ended_on__isnull=True):
            running.ended_on = max(running.start_month, start - dt.timedelta(days=1))
            running.version += 1
            running.save(update_fields=["ended_on", "version"])
        arrangement = Arrangement.objects.create(
            claim=claim, instalment=instalment, start_month=start, reason=reason
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"betalingsregeling": {"termijn": str(instalment), "vanaf": start.isoformat()}},
        )
    return arrangement


def change_arrangement(
    actor: Any,
    arrangement_pk: int | str,
    *,
    instalment: Decimal | None = None,
    ended_on: dt.date | None = None,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> Arrangement:
    """Change the instalment of an arrangement or end it (optimistic locking on its own
    version: two people changing one arrangement cannot overwrite each other)."""
    reason = _check_reason(reason)
    if instalment is not None:
        _check_amount(instalment, "instalment")
    pk = str(arrangement_pk)
    claim_pk = (
        Arrangement.objects.filter(pk=pk).values_list("claim_id", flat=True).first()
        if pk.isdigit()
        else None
    )
    policy = policy_for(actor)
    claim = _claim_or_refuse(actor, policy, claim_pk or "x", Action.CHANGE, purpose)
    with transaction.atomic():
        arrangement = Arrangement.objects.select_for_update().get(pk=pk)
        if arrangement.version != expected_version:
            raise VersionConflict(
                "Iemand anders heeft deze betalingsregeling intussen gewijzigd. Laad de pagina "
                "opnieuw."
            )
        if arrangement.ended_on is not None:
            raise ValidationError({"ended_on": ["Deze betalingsregeling is al beëindigd."]})
        old = {"termijn": str(arrangement.instalment), "einde": None}
        if ended_on is not None:
            if ended_on < arrangement.start_month:
                raise ValidationError(
                    {"ended_on": ["De einddatum ligt niet vóór de eerste maand."]}
                )
            arrangement.ended_on = ended_on
        if instalment is not None:
            arrangement.instalment = instalment
        arrangement.version += 1
        arrangement.save(update_fields=["instalment", "ended_on", "version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.UPDATE,
            [claim],
            purpose,
            {
                "betalingsregeling": arrangement.pk,
                "reden": reason,
                "oud": old,
                "nieuw": {
                    "termijn": str(arrangement.instalment),
                    "einde": ended_on.isoformat() if ended_on else None,
                },
            },
        )
    return arrangement


# ---------------------------------------------------------------------------------------------
# The beslagvrije voet with its parameters from the table
# ---------------------------------------------------------------------------------------------
def protection_parameters() -> protected_income.ProtectionParameters:
    return protected_income.ProtectionParameters(
        protected_income.Parameter(p.name, p.value, p.valid_from, p.valid_until, p.source)
        for p in ProtectionParameter.objects.all()
    )


def protected_income_for(
    debtor: protected_income.Debtor, day: dt.date
) -> protected_income.ProtectedIncome:
    """The beslagvrije voet with the parameters of the table and income's norms."""
    return protected_income.protected_income(debtor, day, protection_parameters(), NormTable.load())


@dataclass(frozen=True)
class NewClaim:
    """A claim another context establishes by its own decision (a fine: origin ``boete``).
    Municipality, domain and confidentiality come from the record it concerns (the
    benefit), so the claim is scoped as that record is."""

    person_pk: int
    municipality_pk: int
    domain_pk: int
    confidentiality: int
    origin: str
    principal: Decimal
    description: str
    established_on: dt.date
    decision_pk: int | None = None


def create_claim(actor: Any, data: NewClaim, purpose: Purpose = Purpose.UITVOERING) -> Claim:
    """Create a claim with its principal as the first movement of its ledger, through the
    one access policy (the actor must be allowed to change records of that municipality,
    domain and confidentiality) and audited. Called inside the caller's transaction."""
    policy = policy_for(actor)
    errors: dict[str, Any] = {}
    if data.origin not in Claim.Origin.values:
        errors["origin"] = "Kies een herkomst van de vordering."
    principal = data.principal
    try:
        _check_amount(principal, "principal")
    except ValidationError as error:
        errors.update(error.message_dict)
    description = data.description.strip()[:MAX_REASON]
    if not description:
        errors["description"] = "Omschrijf de vordering."
    if errors:
        raise ValidationError(errors)
    if not policy.allows(Action.CHANGE, data.municipality_pk, data.domain_pk, data.confidentiality):
        audit.refused(actor, policy, purpose, audit.Subject("vordering", "nieuw"))
        raise NotAllowed("U mag voor deze gemeente en dit domein geen vordering vastleggen.")
    with transaction.atomic():
        claim = Claim.objects.create(
            person_id=data.person_pk,
            municipality_id=data.municipality_pk,
            domain_id=data.domain_pk,
            confidentiality=data.confidentiality,
            origin=data.origin,
            decision_id=data.decision_pk,
            principal=principal,
            costs=Decimal("0.00"),
            description=description,
            established_on=data.established_on,
        )
        Movement.objects.create(
            claim=claim,
            kind=Movement.Kind.PRINCIPAL,
            amount=principal,
            booked_on=data.established_on,
            reason=description,
            recorded_by=_name(actor),
        )
        claim = Claim.objects.select_related("person", "municipality", "domain").get(pk=claim.pk)
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"origin": data.origin, "principal": str(principal)},
        )
    return claim
