"""Measures (maatregelen, Participatiewet art. 18 lid 2) as case work sees them: recording a
measure on a benefit by the rule of the municipality's verordening in force on the day of the
breach, reading the measures of a benefit or of everyone the actor may see.

Every function goes through the one access policy (the measure carries the municipality,
domain and confidentiality of its benefit) and is audited; bad input is a
``ValidationError`` with a Dutch message naming the field, and nothing is saved. The payment
run applies a measure for exactly the months it covers (:mod:`.run_reductions`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.income import services as income
from samen.income.models import Benefit
from samen.people.services import NotAllowed, NotVisible
from samen.sanctions import measures
from samen.sanctions.models import MAX_TEXT, Measure, MeasureRule

__all__ = [
    "NewMeasure",
    "NotAllowed",
    "NotVisible",
    "get_measure",
    "list_measures",
    "record_measure",
    "rules_for",
]


def subject(measure: Measure) -> audit.Subject:
    return audit.Subject(
        object_type="maatregel",
        object_id=str(measure.pk),
        data_subject_id=measure.person.bsn,
        municipality_code=measure.municipality.cbs_code,
        domain_code=measure.domain.code,
    )


def _measures(policy: Policy, action: str) -> QuerySet[Measure]:
    return policy.scope_records(
        Measure.objects.select_related("person", "municipality", "domain", "rule", "benefit"),
        action,
    )


def _record(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    kind: str,
    found: list[Measure],
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(m) for m in found],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def rules_for(benefit: Benefit, day: dt.date) -> list[MeasureRule]:
    """The rules of the verordening of the benefit's municipality in force on ``day``."""
    return list(
        MeasureRule.objects.valid_on(day)
        .filter(municipality_code=benefit.municipality.cbs_code)
        .order_by("code", "-valid_from")
    )


@dataclass(frozen=True)
class NewMeasure:
    benefit_pk: int
    rule_code: str
    breach_on: dt.date
    start_month: dt.date
    reason: str


def record_measure(actor: Any, data: NewMeasure, purpose: Purpose = Purpose.UITVOERING) -> Measure:
    """Record a measure on a benefit by the rule of its municipality's verordening in force
    on the day of the breach, from a start month within the benefit."""
    benefit = income.get_benefit(actor, data.benefit_pk, Action.CHANGE, purpose)
    errors: dict[str, str] = {}
    rule = next((r for r in rules_for(benefit, data.breach_on) if r.code == data.rule_code), None)
    if rule is None:
        errors["rule_code"] = (
            f"De verordening van {benefit.municipality.name} kent op "
            f"{data.breach_on:%d-%m-%Y} geen maatregel met deze code."
        )
    start = measures.first_of_month(data.start_month)
    if data.start_month != start:
        errors["start_month"] = "De eerste maand begint op de eerste dag van een maand."
    elif start < measures.first_of_month(data.breach_on):
        errors["start_month"] = "De maatregel kan niet ingaan vóór de maand van de gedraging."
    elif start < measures.first_of_month(benefit.start_date) or (
        benefit.end_date is not None and start > benefit.end_date
    ):
        errors["start_month"] = "De eerste maand valt buiten de looptijd van de uitkering."
    reason = data.reason.strip()
    if not reason:
        errors["reason"] = "Geef aan welke verplichting niet is nagekomen en waarom de maatregel."
    elif len(reason) > MAX_TEXT:
        errors["reason"] = f"Maximaal {MAX_TEXT} tekens."
    if errors:
        raise ValidationError(errors)
    assert rule is not None  # noqa: S101  (checked above)
    policy = policy_for(actor)
    staff = getattr(actor, "staff", None)
    with transaction.atomic():
        measure = Measure.objects.create(
            benefit=benefit,
            person_id=benefit.person_id,
            municipality_id=benefit.municipality_id,
            domain_id=benefit.domain_id,
            confidentiality=benefit.confidentiality,
            rule=rule,
            breach_on=data.breach_on,
            start_month=start,
            months=rule.months,
            percentage=rule.percentage,
            reason=reason,
            recorded_by=str(staff.name if staff is not None else actor.get_username())[:200],
        )
        measure = _measures(policy, Action.READ).get(pk=measure.pk)
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [measure],
            {
                "rule": rule.code,
                "percentage": str(rule.percentage),
                "months": rule.months,
                "start_month": start.isoformat(),
            },
        )
    return measure


def get_measure(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Measure:
    policy = policy_for(actor)
    found = _measures(policy, Action.READ).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        audit.refused(actor, policy, purpose, audit.Subject("maatregel", str(pk)[:40]))
        raise NotVisible("Maatregel niet gevonden, of u heeft geen toegang.")
    _record(actor, policy, purpose, AuditEntry.Kind.READ, [found])
    return found


def list_measures(
    actor: Any,
    *,
    benefit_pk: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Measure], int]:
    """The measures the actor may read, one page, audited."""
    policy = policy_for(actor)
    found = _measures(policy, Action.READ)
    if benefit_pk is not None:
        found = found.filter(benefit_id=benefit_pk)
    total = found.count()
    page = list(found[offset : offset + limit])
    if page:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, page)
    return page, total
