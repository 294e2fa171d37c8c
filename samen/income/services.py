"""Benefits as case work sees them: granted by a decision, read through the access policy,
recalculated when facts change, paid by the monthly run. Screens and the API call these
functions; every read of a benefit, its calculation or its payments is audited.

A benefit (uitkering) is Participatiewet data of its paying municipality at the
zaakvertrouwelijk level: a grant opens it when it covers that municipality and the
Participatiewet domain at that level or higher.

The monthly run itself (:mod:`samen.income.payments`) is batch work without a human actor:
starting it is recorded in the audit trail by whoever started it (one entry for the run,
not one per benefit: at national scale that would be a million entries a month for one
processing activity, which the run's own payment lines already document line by line).
Exporting a SEPA file, which holds clients' names and IBANs, is an export of personal data
and is audited with one entry per payment in it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.income import holiday_allowance, payments, recalculation
from samen.income.models import (
    Benefit,
    BenefitFact,
    EndReason,
    PaymentDeduction,
    PaymentLine,
    RecoveryClaim,
    Supplement,
    normalise_iban,
    validate_iban,
)
from samen.people.services import NotAllowed, NotVisible


def _scope(policy: Policy, action: str) -> QuerySet[Benefit]:
    """The benefits the actor may see or change: the one policy, on the benefit's own
    municipality, domain and confidentiality (from the granting case)."""
    return policy.scope_records(Benefit.objects.all(), action).select_related(
        "person", "municipality", "case", "domain"
    )


def _subject(benefit: Benefit, object_type: str = "uitkering") -> audit.Subject:
    return audit.Subject(
        object_type=object_type,
        object_id=str(benefit.pk),
        data_subject_id=benefit.person.bsn,
        municipality_code=benefit.municipality.cbs_code,
        domain_code=benefit.domain.code,
    )


# ---------------------------------------------------------------------------------------------
# Granting
# ---------------------------------------------------------------------------------------------
def facts_from_household(
    actor: Any, person_pk: int, day: dt.date, purpose: Purpose
) -> dict[str, Any]:
    """The calculation facts of a person's household on ``day`` (the stored JSON form of
    :func:`samen.income.payments.facts_to_input`), read through the access policy (the read
    of the household is audited by the people service). Incomes start empty: they are
    recorded as facts when known."""
    from samen.people.household_services import household_of

    view = household_of(actor, person_pk, day, purpose)
    person = view.person
    composition = view.composition

    def born(member: Any) -> str:
        return member.birth_date.isoformat() if member.birth_date else ""

    applicant = {"geboortedatum": person.birth_date.isoformat()}
    partner = (
        {"geboortedatum": born(composition.partner)}
        if composition.partner is not None and composition.partner.person_id != person.pk
        else None
    )
    return {
        "aanvrager": applicant,
        "partner": partner,
        "kinderen": [{"geboortedatum": born(c)} for c in composition.children if c.birth_date],
        "medebewoners": [
            {
                "geboortedatum": born(h),
                "studeert": h.studies_with_student_finance,
                "commerciele_huur": h.rents_commercially,
            }
            for h in composition.housemates
            if h.birth_date
        ],
        "inkomsten": [],
        "vrijlating_maanden_gebruikt": 0,
    }


@dataclass(frozen=True)
class GrantPreview:
    """What a granting decision on a case would pay from ``day``: the household's facts on
    that day and the calculation over them (or why it cannot be calculated)."""

    day: dt.date
    facts: dict[str, Any]
    calculation: Any | None  # samen.income.calculation.CalculationResult
    error: str

    def record(self) -> dict[str, Any]:
        """The calculation as the decision keeps it (Dutch keys, amounts as strings): the
        figures the letter states and the facts they were computed from."""
        calc = self.calculation
        if calc is None:
            return {}
        return {
            "peildatum": self.day.isoformat(),
            "norm": str(calc.norm),
            "kostendelers": calc.cost_sharers,
            "inkomsten_in_mindering": str(calc.income_deducted),
            "vrijlating": str(calc.exemption),
            "vakantietoeslag_per_maand": str(calc.holiday_allowance),
            "uitkering_per_maand": str(calc.benefit_per_month),
            "uitbetaald_per_maand": str(calc.payable_per_month),
            "toelichting": list(calc.explanation),
            "feiten": self.facts,
        }


def grant_preview(
    actor: Any, *, case: Any, day: dt.date, purpose: Purpose = Purpose.UITVOERING
) -> GrantPreview:
    """The calculation a granting decision on ``case`` would start with on ``day`` (the
    household read through the access policy, audited by the people service)."""
    facts = facts_from_household(actor, case.person_id, day, purpose)
    try:
        result = payments.default_calculate(
            payments.BenefitFacts(
                month=day, municipality_cbs=case.municipality.cbs_code, facts=facts
            )
        )
    except payments.CALCULATION_ERRORS as error:
        return GrantPreview(day=day, facts=facts, calculation=None, error=str(error))
    return GrantPreview(day=day, facts=facts, calculation=result, error="")


def grant_benefit(
    actor: Any,
    *,
    case: Any,
    start_date: dt.date,
    iban: str,
    purpose: Purpose = Purpose.UITVOERING,
    preview: GrantPreview | None = None,
) -> Benefit:
    """Create the benefit that a granting decision on ``case`` gives, with the household's
    facts on the start date (those of ``preview`` when the caller already calculated them).
    Called by the cases service inside the decision's transaction; the caller has already
    checked that the actor may change the case."""
    try:
        validate_iban(iban)
    except ValidationError as error:
        raise ValidationError({"iban": error.messages}) from None
    facts = (
        preview.facts
        if preview is not None and preview.day == start_date
        else facts_from_household(actor, case.person_id, start_date, purpose)
    )
    benefit = Benefit.objects.create(
        person=case.person,
        case=case,
        municipality=case.municipality,
        domain=case.domain,
        confidentiality=case.confidentiality,
        iban=normalise_iban(iban),
        start_date=start_date,
    )
    BenefitFact.objects.create(
        benefit=benefit,
        valid_from=start_date,
        facts=facts,
        reason=f"Toekenning op zaak {case.reference}",
    )
    policy = policy_for(actor)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[_subject(benefit)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {"start_date": [None, start_date.isoformat()], "iban": [None, "***"]}},
    )
    return benefit


def withdraw_grant(actor: Any, *, case: Any, purpose: Purpose = Purpose.UITVOERING) -> int:
    """Undo the benefits a granting decision on ``case`` started, when that decision is
    replaced before it was announced (a reviewer did not approve it). Called by the cases
    service inside the new decision's transaction, which checked the actor may change the
    case. Nothing of such a benefit may have been paid or settled yet; then it is removed
    with its facts (audited as deleted) and the new decision starts its own. When something
    was paid, a ``ValidationError`` refuses the replacement and nothing is saved. Returns
    how many benefits were removed."""
    benefits = list(Benefit.objects.filter(case=case))
    for benefit in benefits:
        if (
            benefit.payment_lines.exists()
            or benefit.supplements.exists()
            or RecoveryClaim.objects.filter(benefit=benefit).exists()
            or benefit.garnishments.exists()  # type: ignore[attr-defined]
            or benefit.direct_payments.exists()  # type: ignore[attr-defined]
        ):
            raise ValidationError(
                f"Op de uitkering die het vorige besluit toekende (ingangsdatum "
                f"{benefit.start_date:%d-%m-%Y}) is al betaald of verrekend. Beëindig of "
                "herzie die uitkering op de uitkeringspagina; een nieuw besluit kan haar niet "
                "zomaar vervangen.",
                code="benefit_paid",
            )
    policy = policy_for(actor)
    for benefit in benefits:
        subject = _subject(benefit)
        benefit.delete()  # its facts go with it (CASCADE)
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.DELETE,
            subjects=[subject],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={
                "reden": f"Toekenning op zaak {case.reference} vervangen door een nieuw besluit"
            },
        )
    return len(benefits)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BenefitView:
    benefit: Benefit
    day: dt.date
    calculation: Any | None  # samen.income.calculation.CalculationResult
    error: str
    lines: list[PaymentLine] = field(default_factory=list)
    claims: list[RecoveryClaim] = field(default_factory=list)
    supplements: list[Supplement] = field(default_factory=list)
    #: vakantietoeslag reserved on the lines paid so far and not yet paid out
    holiday_balance: Decimal = Decimal("0.00")


def _calculate(benefit: Benefit, day: dt.date) -> tuple[Any | None, str]:
    facts = (
        BenefitFact.objects.filter(benefit=benefit, valid_from__lte=day)
        .order_by("-valid_from", "-pk")
        .first()
    )
    if facts is None:
        return None, "Er zijn voor deze datum nog geen gegevens vastgelegd."
    try:
        result = payments.default_calculate(
            payments.BenefitFacts(
                month=day, municipality_cbs=benefit.municipality.cbs_code, facts=facts.facts
            )
        )
    except payments.CALCULATION_ERRORS as error:
        return None, str(error)
    return result, ""


def benefits_of_person(
    actor: Any,
    person_pk: int | str,
    *,
    on: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> list[BenefitView]:
    """The person's benefits the actor may see, each with its calculation on ``on`` (today
    by default, explained line by line), the last twelve payment lines, recovery claims and
    supplements. Every benefit shown is audited."""
    day = on or timezone.localdate()
    policy = policy_for(actor)
    benefits = list(_scope(policy, Action.READ).filter(person_id=person_pk).order_by("-start_date"))
    balances = holiday_allowance.balances([b.pk for b in benefits], dt.date.max)
    views = []
    for benefit in benefits:
        result, error = _calculate(benefit, day)
        views.append(
            BenefitView(
                benefit=benefit,
                day=day,
                calculation=result,
                error=error,
                lines=list(benefit.payment_lines.order_by("-month", "-pk")[:12]),
                claims=list(RecoveryClaim.objects.filter(benefit=benefit).order_by("-month")),
                supplements=list(Supplement.objects.filter(benefit=benefit).order_by("-month")),
                holiday_balance=balances.get(benefit.pk, {}).get("saldo", Decimal("0.00")),
            )
        )
    if benefits:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.READ,
            subjects=[_subject(b) for b in benefits],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return views


def _benefit_or_refuse(
    actor: Any, policy: Policy, benefit_pk: int | str, action: str, purpose: Purpose
) -> Benefit:
    """The benefit if the policy allows ``action`` on it; otherwise the refusal is audited
    and :class:`NotVisible` (may not even read it) or ``NotAllowed`` (may read, not change)
    is raised."""

    benefit = (
        _scope(policy, action).filter(pk=benefit_pk).first() if str(benefit_pk).isdigit() else None
    )
    if benefit is not None:
        return benefit
    readable = (
        action != Action.READ
        and str(benefit_pk).isdigit()
        and _scope(policy, Action.READ).filter(pk=benefit_pk).exists()
    )
    audit.refused(actor, policy, purpose, audit.Subject("uitkering", str(benefit_pk)))
    if readable:
        raise NotAllowed("U mag deze uitkering inzien maar niet wijzigen.")
    raise NotVisible("Uitkering niet gevonden, of u heeft geen toegang.")


def get_benefit(
    actor: Any,
    benefit_pk: int | str,
    action: str = Action.READ,
    purpose: Purpose = Purpose.UITVOERING,
) -> Benefit:
    """One benefit the actor may ``action`` (read or change); the read is audited. Raises
    :class:`NotVisible` when the actor may not even read it, ``NotAllowed`` when they may
    read but not change it (the refusal is audited as well)."""
    policy = policy_for(actor)
    benefit = _benefit_or_refuse(actor, policy, benefit_pk, action, purpose)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(benefit)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return benefit


@dataclass(frozen=True)
class Specification:
    """The payment specification of one benefit for one month: what was paid and why."""

    benefit: Benefit
    month: dt.date
    lines: list[PaymentLine]
    explanation: list[str]
    total: Decimal
    #: what was deducted from the month's payment (offset, garnishment, direct payment)
    deductions: list[PaymentDeduction] = field(default_factory=list)

    @property
    def total_deducted(self) -> Decimal:
        return sum((d.amount for d in self.deductions), Decimal("0.00"))


def payment_specification(
    actor: Any,
    benefit_pk: int | str,
    month: dt.date,
    purpose: Purpose = Purpose.UITVOERING,
) -> Specification:
    """The lines paid on a benefit in a month with the calculation behind them; audited.
    A benefit the actor may not see is :class:`NotVisible`."""
    policy = policy_for(actor)
    month = month.replace(day=1)
    benefit = _benefit_or_refuse(actor, policy, benefit_pk, Action.READ, purpose)
    lines = list(benefit.payment_lines.filter(month=month).order_by("kind", "pk"))
    explanation: list[str] = []
    for line in lines:
        calculation = line.calculation
        if isinstance(calculation, str):
            calculation = json.loads(calculation)
        if line.kind == PaymentLine.Kind.HOLIDAY_ALLOWANCE and calculation:
            explanation.extend(holiday_allowance.explanation(calculation))
        else:
            explanation.extend(calculation.get("toelichting", []) if calculation else [])
        if line.reason:
            explanation.append(line.reason)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(benefit, "betaalspecificatie")],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return Specification(
        benefit=benefit,
        month=month,
        lines=lines,
        explanation=explanation,
        total=sum((line.amount for line in lines), Decimal("0.00")),
        deductions=list(
            PaymentDeduction.objects.filter(line__in=[line.pk for line in lines]).order_by(
                "line_id", "position"
            )
        ),
    )


# ---------------------------------------------------------------------------------------------
# Changes in household or income
# ---------------------------------------------------------------------------------------------
FACT_KEYS = {
    "partner",
    "kinderen",
    "medebewoners",
    "inkomsten",
    "vrijlating_maanden_gebruikt",
    "inrichting",
    "mantelzorg_tijdelijk_elders",
    "aanvrager_geen_beroep_op_ouders",
    "partner_geen_beroep_op_ouders",
}


def record_change(
    actor: Any,
    benefit_pk: int | str,
    *,
    valid_from: dt.date,
    changes: dict[str, Any],
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> recalculation.Recalculation:
    """Record a change in household or income from ``valid_from`` on (a new
    :class:`BenefitFact`: the facts valid on that day with ``changes`` applied) and
    recalculate every month already paid from that month: an overpaid month becomes a
    recovery claim, an underpaid one a supplement for the next run. Payment lines are never
    changed. Refused when the actor may not change the benefit, the version is stale, the
    date lies before the benefit's start, or the new facts cannot be calculated; then
    nothing is saved."""
    from samen.people.services import VersionConflict

    policy = policy_for(actor)
    benefit = _benefit_or_refuse(actor, policy, benefit_pk, Action.CHANGE, purpose)
    errors: dict[str, str] = {}
    unknown = set(changes) - FACT_KEYS
    if unknown:
        errors["changes"] = f"Onbekende gegevens: {', '.join(sorted(unknown))}."
    if valid_from < benefit.start_date:
        errors["valid_from"] = "De wijziging ligt vóór de ingangsdatum van de uitkering."
    if not reason.strip():
        errors["reason"] = "Geef de reden van de wijziging."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Benefit.objects.filter(pk=benefit.pk, version=expected_version).update(
            version=models.F("version") + 1
        )
        if not updated:
            raise VersionConflict(
                "Iemand anders heeft deze uitkering intussen gewijzigd. Laad haar opnieuw."
            )
        previous = (
            BenefitFact.objects.filter(benefit=benefit, valid_from__lte=valid_from)
            .order_by("-valid_from", "-pk")
            .first()
        )
        facts = {**(previous.facts if previous else {}), **changes}
        _check_calculable(benefit, valid_from, facts)
        BenefitFact.objects.create(
            benefit=benefit, valid_from=valid_from, facts=facts, reason=reason.strip()[:300]
        )
        result = recalculation.recalculate_from(benefit, valid_from, reason=reason.strip())
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[_subject(benefit)],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={
                "fields": {
                    key: [(previous.facts if previous else {}).get(key), value]
                    for key, value in changes.items()
                },
                "geldig_vanaf": valid_from.isoformat(),
            },
        )
    return result


def end_benefit(
    actor: Any,
    benefit_pk: int | str,
    *,
    end_date: dt.date,
    end_reason: str,
    reason: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> recalculation.Recalculation:
    """End the benefit on ``end_date`` (the last day it is paid; today, in the past or
    planned). Months already paid after it are recalculated: the days after the end become
    a recovery claim, never a rewritten payment line. Moving an end date later works the
    same way (supplements). The next payment run settles the reserved vakantietoeslag.
    Refused, with nothing saved, when the actor may not change the benefit, the version is
    stale, the date lies before the start, or no reason is given. ``end_reason`` is the
    code of a :class:`EndReason` valid on ``end_date``; ``reason`` explains it."""
    from samen.people.services import VersionConflict

    policy = policy_for(actor)
    benefit = _benefit_or_refuse(actor, policy, benefit_pk, Action.CHANGE, purpose)
    errors: dict[str, str] = {}
    if end_date < benefit.start_date:
        errors["end_date"] = "De einddatum ligt vóór de ingangsdatum van de uitkering."
    coded = EndReason.objects.valid_on(end_date).filter(code=end_reason).first()
    if coded is None:
        errors["end_reason"] = (
            "Kies een reden van beëindiging uit de lijst (een reden die op de einddatum geldt)."
        )
    if not reason.strip():
        errors["reason"] = "Geef de reden van de beëindiging."
    if errors:
        raise ValidationError(errors)
    previous = benefit.end_date
    with transaction.atomic():
        updated = Benefit.objects.filter(pk=benefit.pk, version=expected_version).update(
            version=models.F("version") + 1, end_date=end_date, end_reason=coded
        )
        if not updated:
            raise VersionConflict(
                "Iemand anders heeft deze uitkering intussen gewijzigd. Laad haar opnieuw."
            )
        benefit.refresh_from_db()
        earliest = min(end_date, previous) if previous else end_date
        result = recalculation.recalculate_from(
            benefit, earliest, reason=f"einde uitkering: {reason.strip()}"
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[_subject(benefit)],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={
                "fields": {
                    "einddatum": [
                        previous.isoformat() if previous else None,
                        end_date.isoformat(),
                    ]
                },
                "reden_code": end_reason,
                "reden": reason.strip()[:300],
            },
        )
    return result


def _check_calculable(benefit: Benefit, day: dt.date, facts: dict[str, Any]) -> None:
    """Refuse facts the calculation cannot handle, with its Dutch reason, before saving."""
    from samen.income.norms import NormError

    try:
        payments.default_calculate(
            payments.BenefitFacts(
                month=day, municipality_cbs=benefit.municipality.cbs_code, facts=facts
            )
        )
    except NormError:
        return  # figures not loaded yet for that date: the facts are still true
    except payments.CALCULATION_ERRORS as error:
        raise ValidationError({"changes": str(error)}) from None
