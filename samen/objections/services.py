"""The objection procedure (bezwaar): filing an objection against a decision, the hearing,
postponing the decision, repairing an omission and the decision on the objection.

An objection is a case of type ``bezwaar`` (or ``bezwaar-adviescommissie``) opened through
:mod:`samen.cases.services`, so the worklist, the deadline and the mandate check of the
decision work as for any case, plus the :class:`Objection` record of this app. Every
function takes the actor, goes through the one access policy (through the objection's case:
the municipality and domain of the contested decision's case) and records what it read or
changed in the audit trail. Refusals are the exceptions of :mod:`samen.cases.services`;
nothing is saved when one is raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases import services as cases
from samen.cases.models import Case, CaseType, Decision, Outcome, Status
from samen.cases.services import NotAllowed, NotVisible, VersionConflict
from samen.common.dates import long_date
from samen.objections import letters, terms
from samen.objections.models import (
    MAX_GROUNDS,
    MAX_NAME,
    MAX_TEXT,
    Objection,
    ObjectionOutcome,
    ReceivedVia,
)
from samen.organisation.models import DecisionType

__all__ = ["NotAllowed", "NotVisible", "VersionConflict"]

DECISION_TYPE = "pw-beslissing-op-bezwaar"
CASE_TYPE = "bezwaar"
CASE_TYPE_COMMITTEE = "bezwaar-adviescommissie"

# The decision on the objection is a Decision of the cases app; its outcome there is one of
# the cases app's outcomes (which choose the letter template), the objection keeps its own.
CASE_OUTCOME = {
    ObjectionOutcome.GEGROND: Outcome.TOEGEKEND,
    ObjectionOutcome.DEELS_GEGROND: Outcome.TOEGEKEND,
    ObjectionOutcome.ONGEGROND: Outcome.AFGEWEZEN,
    ObjectionOutcome.NIET_ONTVANKELIJK: Outcome.BUITEN_BEHANDELING,
    ObjectionOutcome.INGETROKKEN: Outcome.INGETROKKEN,
}
REVOKING = (ObjectionOutcome.GEGROND, ObjectionOutcome.DEELS_GEGROND)


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------
def subject(objection: Objection) -> audit.Subject:
    case = objection.case
    return audit.Subject(
        object_type="bezwaar",
        object_id=case.reference,
        data_subject_id=case.person.bsn,
        municipality_code=case.municipality.cbs_code,
        domain_code=case.domain.code,
    )


def _objections(policy: Policy, action: str) -> QuerySet[Objection]:
    return Objection.objects.select_related(
        "case__person",
        "case__municipality",
        "case__domain",
        "case__case_type",
        "case__assigned_to",
        "contested__case",
        "contested__decision_type",
        "decision",
    ).filter(case__in=policy.scope_records(Case.objects.all(), action))


def _load(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Objection]:
    policy = policy_for(actor)
    try:
        return policy, _objections(policy, action).get(pk=pk)
    except (Objection.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _objections(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject("bezwaar", str(pk)))
        if readable:
            raise NotAllowed("U mag dit bezwaar inzien maar niet wijzigen.") from None
        raise NotVisible("Bezwaar niet gevonden, of u heeft geen toegang.") from None


def scope(policy: Policy, action: str) -> QuerySet[Objection]:
    """The objections ``policy`` allows ``action`` on (through their case), for the apps
    that build on an objection (appeals)."""
    return _objections(policy, action)


def load(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Objection]:
    """The objection if the actor may perform ``action`` on it, else :class:`NotVisible` or
    :class:`NotAllowed` (the refusal audited); the read itself is for the caller to audit."""
    return _load(actor, pk, purpose, action)


def _record(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    kind: str,
    objections: list[Objection],
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(o) for o in objections],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=changes,
    )


def _save(
    actor: Any,
    policy: Policy,
    purpose: Purpose,
    objection: Objection,
    version: int | None,
    fields: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """Optimistic locking and the audit of the changed fields (and ``extra`` changes)."""
    expected = objection.version if version is None else version
    before = {name: getattr(objection, name) for name in fields}
    updated = Objection.objects.filter(pk=objection.pk, version=expected).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft dit bezwaar intussen gewijzigd. Laad het opnieuw en probeer "
            "het nog eens."
        )
    for name, value in fields.items():
        setattr(objection, name, value)
    objection.version = expected + 1
    changed = {k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v}
    _record(
        actor,
        policy,
        purpose,
        AuditEntry.Kind.UPDATE,
        [objection],
        {"fields": changed, **(extra or {})},
    )


def _not_future(errors: dict[str, str], field: str, day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{label} ligt in de toekomst."


def _text(errors: dict[str, str], field: str, value: str, limit: int, label: str) -> str:
    value = value.strip()
    if len(value) > limit:
        errors[field] = f"{label} is te lang: ten hoogste {limit} tekens."
    return value


# ---------------------------------------------------------------------------------------------
# Filing
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewObjection:
    decision_pk: int
    filed_on: dt.date
    received_via: str
    grounds: str
    objector_name: str
    by_representative: bool = False
    posted_on: dt.date | None = None
    announced_on: dt.date | None = None  # when the contested case has no bekendmaking
    committee: bool = False
    excuse: str = ""


def contested_decision(
    actor: Any, decision_pk: Any, purpose: Purpose = Purpose.UITVOERING
) -> Decision:
    """A decision the actor may change the case of (to object to it); the read of its case is
    audited."""
    policy = policy_for(actor)
    try:
        decision = (
            Decision.objects.select_related(
                "case__person", "case__municipality", "case__domain", "decision_type"
            )
            .filter(case__in=policy.scope_records(Case.objects.all(), Action.CHANGE))
            .get(pk=decision_pk)
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        audit.refused(actor, policy, purpose, audit.Subject("besluit", str(decision_pk)))
        raise NotVisible("Besluit niet gevonden, of u heeft geen toegang.") from None
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[
            audit.Subject(
                object_type="zaak",
                object_id=decision.case.reference,
                data_subject_id=decision.case.person.bsn,
                municipality_code=decision.case.municipality.cbs_code,
                domain_code=decision.case.domain.code,
            )
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return decision


def announced_on(decision: Decision) -> dt.date | None:
    """The day the contested decision was announced (its case's bekendmaking), if recorded."""
    change = (
        decision.case.history.filter(status=Status.BEKENDGEMAAKT, on_date__gte=decision.decided_on)
        .order_by("on_date")
        .first()
    )
    return change.on_date if change else None


def file_objection(
    actor: Any, data: NewObjection, purpose: Purpose = Purpose.UITVOERING
) -> Objection:
    """Register an objection against a decision: its own case is opened (for the resident of
    the contested decision, type bezwaar, the decision term from the end of the
    bezwaartermijn) and the term is checked (Awb 6:9, 6:11)."""
    decision = contested_decision(actor, data.decision_pk, purpose)
    errors: dict[str, str] = {}
    if decision.decision_type.remedy != DecisionType.Remedy.BEZWAAR:
        errors["decision"] = (
            "Tegen dit besluit staat geen bezwaar open maar beroep bij de rechtbank."
        )
    announced = announced_on(decision) or data.announced_on
    if announced is None:
        errors["announced_on"] = "Vul in wanneer het besluit is bekendgemaakt (verzonden)."
    elif announced < decision.decided_on:
        errors["announced_on"] = "De bekendmaking ligt vóór de besluitdatum."
    _not_future(errors, "announced_on", announced, "De bekendmaking")
    if data.filed_on < decision.decided_on:
        errors["filed_on"] = "Het bezwaar kan niet vóór het besluit zijn ontvangen."
    _not_future(errors, "filed_on", data.filed_on, "De datum van ontvangst")
    if data.received_via not in ReceivedVia.values:
        errors["received_via"] = "Kies hoe het bezwaar binnenkwam."
    if data.posted_on is not None:
        if data.received_via != ReceivedVia.POST:
            errors["posted_on"] = "Een poststempel hoort alleen bij een bezwaar per post."
        elif data.posted_on > data.filed_on:
            errors["posted_on"] = "De poststempel ligt na de dag van ontvangst."
    grounds = _text(errors, "grounds", data.grounds, MAX_GROUNDS, "De gronden")
    if not grounds and "grounds" not in errors:
        errors["grounds"] = "Vul de gronden van het bezwaar in (artikel 6:5 Awb)."
    name = _text(errors, "objector_name", data.objector_name, MAX_NAME, "De naam")
    if not name and "objector_name" not in errors:
        errors["objector_name"] = "Vul de naam van de indiener in."
    excuse = _text(errors, "excuse", data.excuse, MAX_TEXT, "De reden")
    case_type_code = CASE_TYPE_COMMITTEE if data.committee else CASE_TYPE
    case_type = CaseType.objects.valid_on(data.filed_on).filter(code=case_type_code).first()
    if case_type is None or case_type.domain_id != decision.case.domain_id:
        # The objection's case must carry the contested case's domain, or the access policy
        # would show it to other staff than the decision: refused until the catalogue has a
        # bezwaar case type for this domain.
        errors["decision"] = (
            f"Voor bezwaar tegen een besluit in het domein {decision.case.domain.name} is er "
            "nog geen zaaktype bezwaar. Functioneel beheer kan dat toevoegen."
        )
    if errors:
        raise ValidationError(errors)
    assert announced is not None  # noqa: S101  (checked above)
    term = terms.objection_term(announced, decision.decision_type.remedy_weeks)
    status = terms.timeliness(term, data.filed_on, data.posted_on)
    policy = policy_for(actor)
    with transaction.atomic():
        case = cases.open_case(
            actor,
            cases.NewCase(
                person_pk=decision.case.person_id,
                case_type_code=case_type_code,
                reported_on=data.filed_on,
                note=f"Bezwaar tegen {decision.decision_type.name} van "
                f"{long_date(decision.decided_on)} ({decision.case.reference}).",
                term_from=terms.decision_term_start(term, data.filed_on),
                # Not the official who took the contested decision (Awb 7:5 lid 1).
                exclude_staff=(decision.taken_by_id,),
            ),
            purpose,
        )
        if case.municipality_id != decision.case.municipality_id:
            raise ValidationError(
                f"De inwoner woont nu in {case.municipality.name}; het bezwaar hoort bij "
                f"{decision.case.municipality.name}. Functioneel beheer moet dit bezwaar "
                "registreren.",
                code="moved",
            )
        objection = Objection.objects.create(
            case=case,
            contested=decision,
            announced_on=announced,
            term_end=term.end,
            term_explanation=list(term.explanation),
            filed_on=data.filed_on,
            posted_on=data.posted_on,
            received_via=data.received_via,
            grounds=grounds,
            objector_name=name,
            by_representative=data.by_representative,
            committee=data.committee,
            timeliness=status,
            excuse=excuse,
        )
        _record(
            actor,
            policy,
            purpose,
            AuditEntry.Kind.CREATE,
            [objection],
            {"fields": {"termijn": [None, status], "bestreden_besluit": [None, decision.pk]}},
        )
        letters.acknowledge(actor, objection, purpose)
    return objection


def admissibility(objection: Objection) -> list[str]:
    """What stands in the way of handling the objection, in plain Dutch (empty: nothing
    the product can see; staff still judge interest and the other requirements of 6:5)."""
    found = []
    if not terms.admissible_on_time(objection.timeliness, objection.excuse):
        found.append(
            f"Het bezwaar kwam te laat binnen: de termijn eindigde op "
            f"{long_date(objection.term_end)}. Is er een reden die de indiener niet kan worden "
            "verweten (artikel 6:11 Awb)? Leg die vast; anders is het bezwaar niet-ontvankelijk."
        )
    if objection.timeliness == terms.Timeliness.TE_VROEG:
        found.append(
            "Het bezwaar kwam binnen vóór de bekendmaking. Het is ontvankelijk als het besluit "
            "toen al genomen was (artikel 6:10 Awb)."
        )
    return found


def record_excuse(
    actor: Any,
    pk: Any,
    *,
    excuse: str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Awb 6:11: staff record why a late filing is excusable."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    text = _text(errors, "excuse", excuse, MAX_TEXT, "De reden")
    if not text and "excuse" not in errors:
        errors["excuse"] = "Vul de reden in waarom de termijnoverschrijding verschoonbaar is."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(actor, policy, purpose, objection, version, {"excuse": text})
    return objection


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def get_objection(actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING) -> Objection:
    policy, objection = _load(actor, pk, purpose, Action.READ)
    _record(actor, policy, purpose, AuditEntry.Kind.READ, [objection])
    return objection


def worklist(
    actor: Any,
    *,
    include_decided: bool = False,
    offset: int = 0,
    limit: int = 200,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Objection], int]:
    """The objections the actor may read, earliest decision deadline first (open ones only,
    unless ``include_decided``), and their total. Every objection shown is audited."""
    policy = policy_for(actor)
    qs = _objections(policy, Action.READ)
    if not include_decided:
        qs = qs.filter(case__decided_on__isnull=True).exclude(case__status=Status.AFGESLOTEN)
    total = qs.count()
    found = list(
        qs.order_by(F("case__deadline").asc(nulls_last=True), "pk")[offset : offset + limit]
    )
    if found:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found, total


def objections_on_case(actor: Any, case: Case, purpose: Purpose = Purpose.UITVOERING) -> list:
    """The objections against decisions of ``case`` the actor may read; audited."""
    policy = policy_for(actor)
    found = list(_objections(policy, Action.READ).filter(contested__case=case))
    if found:
        _record(actor, policy, purpose, AuditEntry.Kind.LIST, found)
    return found


# ---------------------------------------------------------------------------------------------
# On the case page
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CasePanel:
    objection: Objection | None  # the objection this case is the procedure of
    objections: list[Objection]  # objections against this case's decisions
    contestable: list[Decision]  # decisions the actor may register an objection against
    may_change: bool


def case_panel(actor: Any, case: Case, purpose: Purpose = Purpose.UITVOERING) -> CasePanel:
    """What the case page shows of objections, for a case the actor has read through the
    cases services: the objection the case is the procedure of, the objections against its
    decisions (each audited), and the decisions open to objection."""
    policy = policy_for(actor)
    own = _objections(policy, Action.READ).filter(case=case).first()
    if own is not None:
        _record(actor, policy, purpose, AuditEntry.Kind.READ, [own])
    may_change = policy.allows(
        Action.CHANGE, case.municipality_id, case.domain_id, case.confidentiality
    )
    contestable = []
    if may_change and own is None:
        contestable = list(
            case.decisions.filter(decision_type__remedy=DecisionType.Remedy.BEZWAAR)
            .select_related("decision_type")
            .order_by("decided_on", "pk")
        )
    return CasePanel(own, objections_on_case(actor, case, purpose), contestable, may_change)
