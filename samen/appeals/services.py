"""Beroep and hoger beroep: registering an appeal against a decision on an objection, or
against the court's ruling, and reading them: one appeal, the appeals of an objection, and
the worklist of court deadlines.

Every function takes the actor and goes through the one access policy, through the
appeal's objection (so through the objection's case: the municipality and domain of the
contested decision), and records what it read or changed in the audit trail as object type
``beroep``. Refusals are the exceptions of :mod:`samen.cases.services`; a refusal to see
looks like "does not exist". Nothing is saved when one is raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.appeals import rules, terms
from samen.appeals.models import MAX_TEXT, Appeal, FiledBy, Instance
from samen.cases.models import Decision
from samen.cases.services import NEAR_DAYS, NotAllowed, NotVisible, VersionConflict
from samen.objections import services as objections
from samen.objections.models import Objection

__all__ = ["NotAllowed", "NotVisible", "VersionConflict"]

OBJECT_TYPE = "beroep"


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------
def subject(appeal: Appeal) -> audit.Subject:
    case = appeal.objection.case
    return audit.Subject(
        object_type=OBJECT_TYPE,
        object_id=f"{case.reference}/{appeal.pk}",
        data_subject_id=case.person.bsn,
        municipality_code=case.municipality.cbs_code,
        domain_code=case.domain.code,
    )


def _appeals(policy: Policy, action: str) -> QuerySet[Appeal]:
    return (
        Appeal.objects.select_related(
            "objection__case__person",
            "objection__case__municipality",
            "objection__case__domain",
            "objection__contested__decision_type",
            "contested__decision_type",
            "parent",
            "new_case",
        )
        .filter(objection__in=objections.scope(policy, action))
        .annotate(
            has_higher_appeal=Exists(Appeal.objects.filter(parent=OuterRef("pk"))),
        )
    )


def _load(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Appeal]:
    policy = policy_for(actor)
    try:
        return policy, _appeals(policy, action).get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _appeals(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject(OBJECT_TYPE, str(pk)))
        if readable:
            raise NotAllowed("U mag dit beroep inzien maar niet wijzigen.") from None
        raise NotVisible("Beroep niet gevonden, of u heeft geen toegang.") from None


def _record(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    kind: str,
    appeals: list[Appeal],
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(a) for a in appeals],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def _save(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    appeal: Appeal,
    version: int | None,
    fields: dict[str, Any],
) -> None:
    """Optimistic locking and the audit of the changed fields."""
    expected = appeal.version if version is None else version
    before = {name: getattr(appeal, name) for name in fields}
    updated = Appeal.objects.filter(pk=appeal.pk, version=expected).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft dit beroep intussen gewijzigd. Laad het opnieuw en probeer het "
            "nog eens."
        )
    for name, value in fields.items():
        setattr(appeal, name, value)
    appeal.version = expected + 1
    changed = {k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v}
    _record(actor, policy, purpose, AuditEntry.Kind.UPDATE, [appeal], {"fields": changed})


def not_future(errors: dict[str, str], field: str, day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{label} ligt in de toekomst."


def court_reference(errors: dict[str, str], raw: str) -> str:
    try:
        return terms.court_reference(raw)
    except terms.TermError as error:
        errors["court_reference"] = str(error)
        return ""


# ---------------------------------------------------------------------------------------------
# Registering a beroep and a hoger beroep
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewAppeal:
    filed_on: dt.date
    court_reference: str
    filed_by: str = FiledBy.INDIENER
    notified_on: dt.date | None = None  # the court sent us the appeal
    defence_due: dt.date | None = None  # the date the court's letter names (Awb 8:42)


def contested_decision(objection: Objection) -> Decision | None:
    """The decision on the objection an appeal can be lodged against: the latest one, which
    is the new decision taken after a ruling when there is one."""
    renewed = (
        Decision.objects.filter(case__appeal_ordering__objection=objection)
        .select_related("decision_type", "case")
        .order_by("-decided_on", "-pk")
        .first()
    )
    return renewed or objection.decision


def _check_dates(errors: dict[str, str], data: NewAppeal, earliest: dt.date, label: str) -> None:
    if data.filed_on < earliest:
        errors["filed_on"] = f"Het beroep kan niet vóór {label} zijn ingesteld."
    not_future(errors, "filed_on", data.filed_on, "De datum van instellen")
    if data.notified_on is not None:
        if data.notified_on < data.filed_on:
            errors["notified_on"] = (
                "De rechter kan het beroepschrift niet vóór het instellen sturen."
            )
        not_future(errors, "notified_on", data.notified_on, "De datum van ontvangst")
    if data.defence_due is not None and data.defence_due < (data.notified_on or data.filed_on):
        errors["defence_due"] = (
            "De uiterste datum voor het verweerschrift ligt vóór de ontvangst van het beroep."
        )


def file_appeal(
    actor: Any, objection_pk: Any, data: NewAppeal, purpose: Purpose = Purpose.UITVOERING
) -> Appeal:
    """Register a beroep at the court of the objection's municipality against the (latest)
    decision on the objection. The court judges the appeal's admissibility; the product
    records whether it came in within the beroepstermijn (Awb 6:7, 6:8)."""
    policy, objection = objections.load(actor, objection_pk, purpose, Action.CHANGE)
    contested = contested_decision(objection)
    municipality = objection.case.municipality
    errors: dict[str, str] = {}
    if contested is None:
        errors["objection"] = "Op dit bezwaar is nog niet beslist: beroep kan pas daarna."
    elif Appeal.objects.filter(contested=contested, instance=Instance.BEROEP).exists():
        errors["objection"] = (
            "Tegen deze beslissing op bezwaar is al beroep geregistreerd. Tegen de uitspraak "
            "staat hoger beroep open."
        )
    if data.filed_by != FiledBy.INDIENER:
        errors["filed_by"] = (
            "Beroep bij de rechtbank stelt de inwoner in; het college kan alleen in hoger "
            "beroep gaan (artikel 8:104 Awb)."
        )
    if not municipality.court:
        errors["objection"] = (
            f"Bij de gemeente {municipality.name} staat niet bij welke rechtbank beroep wordt "
            "ingesteld. Functioneel beheer vult dat in bij de gemeente."
        )
    reference = court_reference(errors, data.court_reference)
    if contested is not None:
        _check_dates(errors, data, contested.decided_on, "de beslissing op bezwaar")
    if errors:
        raise ValidationError(errors)
    assert contested is not None  # noqa: S101  (checked above)
    announced = objections.announced_on(contested)
    term = terms.appeal_term(announced, contested.decision_type.remedy_weeks) if announced else None
    explanation = (
        list(term.explanation)
        if term
        else [
            "Bij de zaak staat niet wanneer de beslissing op bezwaar is bekendgemaakt: de "
            "beroepstermijn is niet berekend."
        ]
    )
    in_time = terms.filed_in_time(term, data.filed_on)
    if in_time is False:
        explanation.append(
            "Het beroep is na het einde van de termijn ingesteld. De rechtbank beoordeelt of "
            "dat verschoonbaar is (artikel 6:11 Awb)."
        )
    with transaction.atomic():
        appeal = Appeal.objects.create(
            objection=objection,
            instance=Instance.BEROEP,
            contested=contested,
            court=municipality.court,
            court_reference=reference,
            filed_on=data.filed_on,
            filed_by=FiledBy.INDIENER,
            term_end=term.end if term else None,
            term_explanation=explanation,
            notified_on=data.notified_on,
            defence_due=data.defence_due,
        )
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [appeal],
            {"fields": {"instantie": [None, "beroep"], "zaaknummer": [None, reference]}},
        )
    return appeal


def file_higher_appeal(
    actor: Any, appeal_pk: Any, data: NewAppeal, purpose: Purpose = Purpose.UITVOERING
) -> Appeal:
    """Register a hoger beroep against the court's ruling on a beroep, lodged by the resident
    or by the college (Awb 8:104 lid 1), at the court the data names (8:105)."""
    policy, parent = _load(actor, appeal_pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if parent.is_higher:
        errors["appeal"] = "Tegen een uitspraak in hoger beroep staat geen hoger beroep open."
    elif parent.outcome not in terms.Outcome.RULED or parent.ruling_sent_on is None:
        errors["appeal"] = (
            "Hoger beroep kan pas als de uitspraak van de rechtbank met de verzenddatum is "
            "vastgelegd; na een intrekking of schikking is er geen uitspraak."
        )
    elif parent.has_higher_appeal:  # type: ignore[attr-defined]
        errors["appeal"] = "Tegen deze uitspraak is al hoger beroep geregistreerd."
    if data.filed_by not in FiledBy.values:
        errors["filed_by"] = "Kies wie hoger beroep instelt: de inwoner of het college."
    if data.filed_by == FiledBy.COLLEGE and data.defence_due is not None:
        errors["defence_due"] = (
            "Het college is zelf appellant: het verweerschrift komt van de inwoner."
        )
    term = rules.term_on(rules.HOGER_BEROEP, parent.ruling_sent_on or data.filed_on)
    if term is None or not term.court:
        errors["appeal"] = (
            "Er is geen termijn en rechter voor hoger beroep op die datum. Functioneel beheer "
            "vult die aan (Termijnen rechtspraak)."
        )
    reference = court_reference(errors, data.court_reference)
    if parent.ruling_on is not None:
        _check_dates(errors, data, parent.ruling_on, "de uitspraak")
    if errors:
        raise ValidationError(errors)
    assert term is not None  # noqa: S101  (checked above)
    explanation = list(parent.higher_appeal_explanation)
    if parent.higher_appeal_term_end and data.filed_on > parent.higher_appeal_term_end:
        explanation.append(
            "Het hoger beroep is na het einde van de termijn ingesteld. De "
            f"{term.court} beoordeelt of dat verschoonbaar is (artikel 6:11 Awb)."
        )
    with transaction.atomic():
        appeal = Appeal.objects.create(
            objection=parent.objection,
            instance=Instance.HOGER_BEROEP,
            contested=parent.contested,
            parent=parent,
            court=term.court,
            court_reference=reference,
            filed_on=data.filed_on,
            filed_by=data.filed_by,
            term_end=parent.higher_appeal_term_end,
            term_explanation=explanation,
            notified_on=data.notified_on,
            defence_due=data.defence_due,
        )
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [appeal],
            {
                "fields": {
                    "instantie": [None, "hoger_beroep"],
                    "zaaknummer": [None, reference],
                    "ingesteld_door": [None, data.filed_by],
                }
            },
        )
    return appeal


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def get_appeal(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Appeal:
    policy, appeal = _load(actor, pk, purpose, Action.READ)
    _record(actor, policy, purpose, AuditEntry.Kind.READ, [appeal])
    return appeal


def appeals_of_objection(
    actor: Any, objection: Objection, purpose: Purpose = Purpose.UITVOERING
) -> list[Appeal]:
    """The appeals of an objection the actor may read (for the objection's page); audited."""
    policy = policy_for(actor)
    found = list(
        _appeals(policy, Action.READ).filter(objection=objection).order_by("filed_on", "pk")
    )
    if found:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found


def ordering_appeal(actor: Any, case: Any, purpose: Purpose = Purpose.UITVOERING) -> Appeal | None:
    """The appeal whose ruling ordered the new decision taken on ``case`` (for that case's
    page), if the actor may read it; audited."""
    policy = policy_for(actor)
    found = _appeals(policy, Action.READ).filter(new_case=case).first()
    if found is not None:
        _record(actor, policy, purpose, AuditEntry.Kind.READ, [found])
    return found


def appeal_list(
    actor: Any,
    *,
    include_ended: bool = False,
    offset: int = 0,
    limit: int = 100,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Appeal], int]:
    """A page of the appeals the actor may read (those still before the court, unless
    ``include_ended``), latest filed first, and their total; every appeal shown is audited."""
    policy = policy_for(actor)
    qs = _appeals(policy, Action.READ)
    if not include_ended:
        qs = qs.filter(ruling_on__isnull=True)
    total = qs.count()
    found = list(qs.order_by("-filed_on", "-pk")[offset : offset + limit])
    if found:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found, total


def may_change(actor: Any, objection: Objection) -> bool:
    case = objection.case
    return policy_for(actor).allows(
        Action.CHANGE, case.municipality_id, case.domain_id, case.confidentiality
    )


def facts(appeal: Appeal) -> terms.AppealFacts:
    return terms.AppealFacts(
        instance=appeal.instance,
        defence_due=appeal.defence_due,
        defence_sent_on=appeal.defence_sent_on,
        hearing_on=appeal.hearing_on,
        ruling_on=appeal.ruling_on,
        outcome=appeal.outcome,
        higher_appeal_term_end=appeal.higher_appeal_term_end,
        higher_appeal_filed=bool(getattr(appeal, "has_higher_appeal", False)),
        new_decision_due=appeal.new_decision_due,
        new_decision_taken=appeal.new_case is not None and appeal.new_case.decided_on is not None,
    )


@dataclass(frozen=True)
class WorkItem:
    deadline: terms.CourtDeadline
    appeal: Appeal
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def near(self) -> bool:
        return 0 <= self.days_left <= NEAR_DAYS


def deadline_page(
    actor: Any,
    *,
    today: dt.date | None = None,
    offset: int = 0,
    size: int | None = None,
    limit: int = 2000,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[WorkItem], int]:
    """A page of the court deadlines of the appeals the actor may read, earliest first
    (statements of defence not yet sent, hearings before the ruling, running terms for hoger
    beroep, new decisions not yet taken), and their total. The appeals on the page are
    audited. At most ``limit`` appeals with something still open are looked at (SZMH has a
    few hundred appeals a year)."""
    today = today or timezone.localdate()
    policy = policy_for(actor)
    open_new_decision = Q(new_decision_due__isnull=False) & (
        Q(new_case__isnull=True) | Q(new_case__decided_on__isnull=True)
    )
    running_term = Q(
        instance=Instance.BEROEP, higher_appeal_term_end__gte=today, has_higher_appeal=False
    )
    qs = _appeals(policy, Action.READ).filter(
        Q(ruling_on__isnull=True) | running_term | open_new_decision
    )
    items = terms.by_date(
        (deadline, appeal)
        for appeal in qs.order_by("pk")[:limit]
        for deadline in terms.court_deadlines(facts(appeal), today)
    )
    page = items[offset : None if size is None else offset + size]
    shown = {appeal.pk: appeal for _deadline, appeal in page}
    if shown:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, list(shown.values()))
    return [
        WorkItem(deadline, appeal, (deadline.due - today).days) for deadline, appeal in page
    ], len(items)


def worklist(
    actor: Any, *, today: dt.date | None = None, purpose: Purpose = Purpose.UITVOERING
) -> list[WorkItem]:
    """All court deadlines of the appeals the actor may read (the screen), earliest first."""
    return deadline_page(actor, today=today, purpose=purpose)[0]


def follow_up_text(lines: list[str]) -> str:
    return "\n\n".join(line for line in lines if line)[:MAX_TEXT]
