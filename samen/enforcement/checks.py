"""Thematic checks (themacontroles): a population of the municipality's running benefits
chosen by a criterion on a reference day, a reproducible sample of it (the seed is recorded;
the draw is :func:`samen.control.sampling.draw`, the one internal control uses), and one
check task per selected client with its outcome.

Checks are enforcement work: they open only to a grant of an enforcement role, as an
investigation does. Benefits are read through :mod:`samen.income.matching`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.control import sampling
from samen.enforcement import investigations
from samen.enforcement.investigations import ENFORCEMENT_ROLES, LEVEL
from samen.enforcement.models import MAX_TEXT, CheckItem, ThematicCheck
from samen.income import matching
from samen.organisation.models import Domain, Municipality
from samen.people.services import NotAllowed, NotVisible

OBJECT_TYPE = "controletaak"
#: criterion -> (label, the benefit fact that selects, or "" for every running benefit)
CRITERIA = {
    "kostendelers": ("Uitkeringen met medebewoners (kostendelers)", "medebewoners"),
    "inkomsten": ("Uitkeringen met inkomsten", "inkomsten"),
    "alle": ("Alle lopende uitkeringen", ""),
}
MAX_SIZE = 1_000


def subject(item: CheckItem) -> audit.Subject:
    return audit.Subject(
        OBJECT_TYPE,
        str(item.pk),
        item.person.bsn,
        item.municipality.cbs_code,
        item.domain.code,
    )


def _items(policy: Policy, action: str) -> QuerySet[CheckItem]:
    return policy.scope_records(
        CheckItem.objects.select_related("person", "municipality", "domain", "thematic_check"),
        action,
        roles=ENFORCEMENT_ROLES,
    )


def create_check(
    actor: Any,
    *,
    name: str,
    municipality_code: str,
    criterion: str,
    reference_day: dt.date,
    size: int,
    seed: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> ThematicCheck:
    policy = policy_for(actor)
    domain = Domain.objects.get(code="participatiewet")
    municipality = Municipality.objects.filter(cbs_code=municipality_code).first()
    if municipality is None:
        raise ValidationError({"municipality": "Onbekende gemeente."})
    if not policy.allows(Action.CHANGE, municipality.pk, domain.pk, LEVEL, ENFORCEMENT_ROLES):
        raise NotAllowed(f"U mag geen themacontrole in {municipality.name} starten.")
    errors: dict[str, str] = {}
    if criterion not in CRITERIA:
        errors["criterion"] = "Kies een criterium: " + ", ".join(CRITERIA) + "."
    if not name.strip() or len(name) > 200:
        errors["name"] = "Geef de themacontrole een naam (ten hoogste 200 tekens)."
    if not 1 <= size <= MAX_SIZE:
        errors["size"] = f"De steekproef telt 1 tot en met {MAX_SIZE} cliënten."
    if seed is not None and not 1 <= seed <= sampling.MAX_SEED:
        errors["seed"] = "De seed is een positief geheel getal."
    if reference_day > timezone.localdate():
        errors["reference_day"] = "De peildatum ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    rows = [
        r for r in matching.running_on(municipality.pk, reference_day) if r.domain_id == domain.pk
    ]
    fact = CRITERIA[criterion][1]
    if fact:
        selected = matching.with_fact([r.benefit_id for r in rows], reference_day, fact)
        rows = [r for r in rows if r.benefit_id in selected]
    by_id = {r.benefit_id: r for r in rows}
    seed = seed or sampling.new_seed()
    drawn = sampling.draw(
        seed, f"themacontrole/{municipality.cbs_code}/{criterion}", list(by_id), size
    )
    staff = actor.staff
    with transaction.atomic():
        check = ThematicCheck.objects.create(
            name=name.strip(),
            municipality=municipality,
            domain=domain,
            criterion=criterion,
            reference_day=reference_day,
            seed=seed,
            population=len(by_id),
            size=len(drawn),
            created_by=staff,
            created_on=timezone.localdate(),
        )
        items = CheckItem.objects.bulk_create(
            CheckItem(
                thematic_check=check,
                position=position,
                benefit_id=benefit_id,
                person_id=by_id[benefit_id].person_id,
                municipality=municipality,
                domain=domain,
                confidentiality=by_id[benefit_id].confidentiality,
                assigned_to=staff,
            )
            for position, benefit_id in enumerate(drawn, start=1)
        )
        found = list(_items(policy, Action.READ).filter(pk__in=[i.pk for i in items]))
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[subject(i) for i in found],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={"themacontrole": check.pk, "seed": seed},
        )
    return check


def get_check(
    actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING
) -> tuple[ThematicCheck, list[CheckItem]]:
    policy = policy_for(actor)
    items = list(_items(policy, Action.READ).filter(thematic_check_id=pk).order_by("position"))
    check = (
        ThematicCheck.objects.filter(pk=pk).select_related("municipality").first()
        if str(pk).isdigit()
        else None
    )
    if check is None or not policy.allows(
        Action.READ, check.municipality_id, check.domain_id, LEVEL, ENFORCEMENT_ROLES
    ):
        audit.refused(actor, policy, purpose, audit.Subject("themacontrole", str(pk)))
        raise NotVisible("Themacontrole niet gevonden, of u heeft geen toegang.")
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[subject(i) for i in items],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return check, items


def list_checks(actor: Any) -> list[ThematicCheck]:
    """The checks of the municipalities the actor investigates in (no personal data)."""
    policy = policy_for(actor)
    ids = {
        m
        for g in policy.grants_for(Action.READ)
        if g.role_code in ENFORCEMENT_ROLES and g.max_level >= LEVEL
        for m in g.municipality_ids
    }
    return list(
        ThematicCheck.objects.filter(municipality_id__in=ids).select_related("municipality")
    )


def record_outcome(
    actor: Any, pk: Any, *, outcome: str, reason: str, purpose: Purpose = Purpose.UITVOERING
) -> CheckItem:
    """The outcome of one check task; *onderzoek* starts an investigation (origin
    themacontrole) with the actor as investigator."""
    policy = policy_for(actor)
    item = _items(policy, Action.CHANGE).filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        audit.refused(actor, policy, purpose, audit.Subject(OBJECT_TYPE, str(pk)))
        raise NotVisible("Controletaak niet gevonden, of u heeft geen toegang.")
    errors: dict[str, str] = {}
    if item.outcome:
        errors["outcome"] = "Deze controletaak is al afgehandeld."
    if outcome not in CheckItem.Outcome.values:
        errors["outcome"] = "Kies de uitkomst: in orde, wijziging nodig of onderzoek."
    reason = reason.strip()
    if not reason or len(reason) > MAX_TEXT:
        errors["reason"] = f"Geef een toelichting (ten hoogste {MAX_TEXT} tekens)."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        CheckItem.objects.filter(pk=item.pk, outcome="").update(
            outcome=outcome, outcome_reason=reason, handled_on=today
        )
        item.refresh_from_db()
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[subject(item)],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={"fields": {"outcome": ["", outcome]}},
        )
        if outcome == CheckItem.Outcome.INVESTIGATION:
            investigations.start(
                actor,
                investigations.NewInvestigation(
                    person_pk=item.person_id,
                    municipality_code=item.municipality.cbs_code,
                    origin="themacontrole",
                    reason=reason,
                    started_on=today,
                    check_item_pk=item.pk,
                ),
                purpose,
            )
    return item
