"""Fines (bestuurlijke boete, Participatiewet art. 18a) as case work sees them.

Every function takes the actor, goes through the one access policy (the fine carries the
municipality, domain and confidentiality of its benefit) and records what it read or
changed in the audit trail. A fine the actor may not read is :class:`NotVisible` (it looks
like one that does not exist); bad input is a ``ValidationError`` with a Dutch message
naming the field, and nothing is saved. The calculation is the pure :mod:`.fines`, with the
rules in force on the day of the breach read here from the dated tables.

The fine is decided on its own case (case type ``boete``) through the cases app, under
mandate and with its letter (decision type ``pw-boete``); a fine then becomes a claim of
origin ``boete`` in the recovery app, through its service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases import services as cases
from samen.cases.models import Outcome
from samen.common.money import euro
from samen.income import services as income
from samen.people.services import NotAllowed, NotVisible, VersionConflict
from samen.recovery import services as recovery
from samen.sanctions import fines
from samen.sanctions.models import (
    MAX_REFERENCE,
    MAX_TEXT,
    BlameRate,
    CriminalFineCategory,
    Fine,
    FineRule,
    FineStatus,
)

__all__ = [
    "NewFine",
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "create_fine",
    "decide_fine",
    "fine_rules_on",
    "get_fine",
    "list_fines",
]

CASE_TYPE = "boete"
DECISION_TYPE = "pw-boete"
SECOND_CATEGORY = 2


def subject(fine: Fine) -> audit.Subject:
    return audit.Subject(
        object_type="boete",
        object_id=str(fine.pk),
        data_subject_id=fine.person.bsn,
        municipality_code=fine.municipality.cbs_code,
        domain_code=fine.domain.code,
    )


def _fines(policy: Policy, action: str) -> QuerySet[Fine]:
    return policy.scope_records(
        Fine.objects.select_related("person", "municipality", "domain", "case", "benefit"),
        action,
    )


def _record(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    kind: str,
    found: list[Fine],
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(f) for f in found],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def _load(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Fine]:
    policy = policy_for(actor)
    fine = _fines(policy, action).filter(pk=pk).first() if str(pk).isdigit() else None
    if fine is not None:
        return policy, fine
    readable = (
        action != Action.READ
        and str(pk).isdigit()
        and _fines(policy, Action.READ).filter(pk=pk).exists()
    )
    audit.refused(actor, policy, purpose, audit.Subject("boete", str(pk)[:40]))
    if readable:
        raise NotAllowed("U mag deze boete inzien maar niet wijzigen.")
    raise NotVisible("Boete niet gevonden, of u heeft geen toegang.")


def _name(actor: Any) -> str:
    staff = getattr(actor, "staff", None)
    return str(staff.name if staff is not None else actor.get_username())[:200]


# ---------------------------------------------------------------------------------------------
# The rules in force on a day
# ---------------------------------------------------------------------------------------------
def fine_rules_on(day: dt.date) -> fines.FineRules:
    """The rules of art. 18a and the Boetebesluit in force on ``day``; a missing figure is a
    ``FineError`` on ``breach_on`` (functional management adds the row)."""
    rates = {r.blame: r for r in BlameRate.objects.valid_on(day).order_by("-valid_from")[:20]}
    category = (
        CriminalFineCategory.objects.valid_on(day)
        .filter(category=SECOND_CATEGORY)
        .order_by("-valid_from")
        .first()
    )
    rule = FineRule.objects.valid_on(day).order_by("-valid_from").first()
    if len(rates) < len(fines.Blame) or category is None or rule is None:
        raise fines.FineError(
            "breach_on",
            f"Voor {day:%d-%m-%Y} ontbreken boeteregels (percentages, tweede categorie of "
            "waarschuwing en recidive). Functioneel beheer kan ze toevoegen.",
        )
    sources = sorted({r.source.split(" (")[0] for r in rates.values()})
    return fines.FineRules(
        day=day,
        percentages={blame: Decimal(r.percentage) for blame, r in rates.items()},
        percentage_source="; ".join(sources)[:300],
        second_category=Decimal(category.amount),
        second_category_source=f"{euro(Decimal(category.amount))} vanaf "
        f"{category.valid_from:%d-%m-%Y}",
        warning_max=Decimal(rule.warning_max),
        warning_years=rule.warning_years,
        recidive_years=rule.recidive_years,
        recidive_percentage=Decimal(rule.recidive_percentage),
        rule_source="Boetebesluit socialezekerheidswetten",
    )


# ---------------------------------------------------------------------------------------------
# Recording a fine: its calculation on its own case
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewFine:
    benefit_pk: int
    breach_on: dt.date
    report_on: dt.date
    breach: str
    detriment: Decimal
    blame: str
    previous_fine_on: dt.date | None = None
    previous_warning_or_fine_on: dt.date | None = None
    warning_requested: bool = False
    urgent_reasons: str = ""
    investigation_reference: str = ""

    def calculation_input(self) -> fines.FineInput:
        return fines.FineInput(
            breach_on=self.breach_on,
            detriment=self.detriment,
            blame=self.blame,
            previous_fine_on=self.previous_fine_on,
            previous_warning_or_fine_on=self.previous_warning_or_fine_on,
            warning_requested=self.warning_requested,
            urgent_reasons=self.urgent_reasons,
        )


def _check(data: NewFine) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if data.breach_on > today:
        errors["breach_on"] = "De datum van de gedraging ligt in de toekomst."
    if data.report_on > today:
        errors["report_on"] = "De datum van het boeterapport ligt in de toekomst."
    elif data.report_on < data.breach_on:
        errors["report_on"] = "Het boeterapport ligt vóór de gedraging."
    if not data.breach.strip():
        errors["breach"] = "Beschrijf welke verandering niet (goed) is doorgegeven."
    elif len(data.breach) > MAX_TEXT:
        errors["breach"] = f"Maximaal {MAX_TEXT} tekens."
    if len(data.urgent_reasons) > MAX_TEXT:
        errors["urgent_reasons"] = f"Maximaal {MAX_TEXT} tekens."
    if len(data.investigation_reference) > MAX_REFERENCE:
        errors["investigation_reference"] = f"Maximaal {MAX_REFERENCE} tekens."
    return errors


def calculate(data: NewFine) -> fines.FineResult:
    """The calculation for this input with the rules of the day of the breach (no save)."""
    try:
        return fines.calculate(data.calculation_input(), fine_rules_on(data.breach_on))
    except fines.FineError as error:
        raise ValidationError({error.field: str(error)}) from None


def create_fine(actor: Any, data: NewFine, purpose: Purpose = Purpose.UITVOERING) -> Fine:
    """Record a fine on a benefit: the calculation with the rules of the day of the breach,
    on a new case of type ``boete`` for the benefit's client."""
    benefit = income.get_benefit(actor, data.benefit_pk, Action.CHANGE, purpose)
    errors = _check(data)
    if errors:
        raise ValidationError(errors)
    result = calculate(data)
    policy = policy_for(actor)
    with transaction.atomic():
        case = cases.open_case(
            actor,
            cases.NewCase(
                person_pk=benefit.person_id,
                case_type_code=CASE_TYPE,
                reported_on=data.report_on,
                note=f"Boete op uitkering {benefit.pk}: {data.breach.strip()[:200]}",
            ),
            purpose,
        )
        if case.municipality_id != benefit.municipality_id:
            raise ValidationError(
                {
                    "benefit_pk": (
                        f"De klant woont nu in {case.municipality.name}; de uitkering hoort bij "
                        f"{benefit.municipality.name}. Functioneel beheer moet deze boete "
                        "vastleggen."
                    )
                }
            )
        fine = Fine.objects.create(
            benefit=benefit,
            person_id=benefit.person_id,
            municipality_id=benefit.municipality_id,
            domain_id=benefit.domain_id,
            confidentiality=max(benefit.confidentiality, case.confidentiality),
            case=case,
            breach_on=data.breach_on,
            report_on=data.report_on,
            breach=data.breach.strip(),
            detriment=data.detriment,
            blame=data.blame,
            previous_fine_on=data.previous_fine_on,
            previous_warning_or_fine_on=data.previous_warning_or_fine_on,
            warning_requested=data.warning_requested,
            urgent_reasons=data.urgent_reasons.strip(),
            investigation_reference=data.investigation_reference.strip(),
            result=result.result.value,
            amount=result.amount,
            steps=result.steps_json(),
            status=FineStatus.AFGEZIEN
            if result.result == fines.Result.AFGEZIEN
            else FineStatus.BEREKEND,
            recorded_by=_name(actor),
        )
        fine = _fines(policy, Action.READ).get(pk=fine.pk)
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [fine],
            {"result": result.result.value, "amount": str(result.amount)},
        )
    return fine


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def get_fine(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Fine:
    policy, fine = _load(actor, pk, purpose, Action.READ)
    _record(actor, policy, purpose, AuditEntry.Kind.READ, [fine])
    return fine


def list_fines(
    actor: Any,
    *,
    person_pk: int | None = None,
    status: str = "",
    purpose: Purpose = Purpose.UITVOERING,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Fine], int]:
    """The fines the actor may read (newest first), one page; the page is audited."""
    policy = policy_for(actor)
    found = _fines(policy, Action.READ)
    if person_pk is not None:
        found = found.filter(person_id=person_pk)
    if status:
        found = found.filter(status=status)
    total = found.count()
    page = list(found[offset : offset + limit])
    if page:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, page)
    return page, total


# ---------------------------------------------------------------------------------------------
# The decision and the claim
# ---------------------------------------------------------------------------------------------
def reasoning_for(fine: Fine) -> str:
    """The motivation of the decision: what happened and the calculation, line by line."""
    lines = [
        f"Op {fine.breach_on:%d-%m-%Y} heeft u het volgende niet of niet goed aan ons "
        f"doorgegeven: {fine.breach}",
        "Zo hebben wij de boete berekend:",
    ]
    for step in fine.steps:
        amount = step.get("bedrag")
        shown = f" {euro(Decimal(amount))}" if amount is not None else ""
        lines.append(f"{step['tekst']}{shown}")
    if fine.result == fines.Result.WAARSCHUWING:
        lines.append("Daarom geven wij u een schriftelijke waarschuwing. U hoeft niets te betalen.")
    else:
        lines.append(f"Daarom leggen wij u een boete op van {euro(fine.amount)}.")
    return "\n\n".join(lines)


def decide_fine(
    actor: Any,
    pk: Any,
    decided_on: dt.date,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Fine:
    """Decide the fine on its case under mandate (decision type ``pw-boete``), with its
    letter; a fine (not a warning) becomes a claim of origin ``boete``. One transaction:
    without mandate, or when the claim cannot be made, nothing is saved."""
    policy, fine = _load(actor, pk, purpose, Action.CHANGE)
    if fine.status != FineStatus.BEREKEND:
        raise ValidationError({"status": "Over deze boete is al beslist."})
    if fine.result == fines.Result.BOETE and fine.amount <= 0:
        raise ValidationError(
            {
                "amount": "De berekende boete is € 0,00: geef een waarschuwing of zie af van de "
                "boete."
            }
        )
    expected = fine.version if version is None else version
    with transaction.atomic():
        decision = cases.decide(
            actor,
            fine.case_id,
            cases.NewDecision(
                decision_type_code=DECISION_TYPE,
                outcome=Outcome.TOEGEKEND,
                decided_on=decided_on,
                reasoning=reasoning_for(fine),
            ),
            purpose=purpose,
        )
        claim = None
        if fine.result == fines.Result.BOETE:
            claim = recovery.create_claim(
                actor,
                recovery.NewClaim(
                    person_pk=fine.person_id,
                    municipality_pk=fine.municipality_id,
                    domain_pk=fine.domain_id,
                    confidentiality=fine.confidentiality,
                    origin="boete",
                    principal=fine.amount,
                    description=f"Bestuurlijke boete {fine.reference} (artikel 18a "
                    "Participatiewet)",
                    established_on=decided_on,
                    decision_pk=decision.pk,
                ),
                purpose,
            )
        status = (
            FineStatus.OPGELEGD if fine.result == fines.Result.BOETE else FineStatus.WAARSCHUWING
        )
        updated = Fine.objects.filter(pk=fine.pk, version=expected).update(
            version=F("version") + 1, status=status, decision=decision, claim=claim
        )
        if not updated:
            raise VersionConflict(
                "Iemand anders heeft deze boete intussen gewijzigd. Laad haar opnieuw en "
                "probeer het nog eens."
            )
        fine.refresh_from_db()
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.UPDATE,
            [fine],
            {"status": [FineStatus.BEREKEND, status]},
        )
    return fine
