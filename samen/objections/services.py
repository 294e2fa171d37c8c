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
from samen.cases.models import Case, Decision, Outcome, Status
from samen.cases.services import NotAllowed, NotVisible, VersionConflict
from samen.common.dates import long_date
from samen.objections import terms
from samen.objections.models import (
    MAX_GROUNDS,
    MAX_MINUTES,
    MAX_NAME,
    MAX_TEXT,
    HearingSkipped,
    Objection,
    ObjectionOutcome,
    Postponement,
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
    """A decision the actor may change the case of, for the filing form (not audited: the
    form shows the case, which its page audited)."""
    policy = policy_for(actor)
    try:
        return (
            Decision.objects.select_related("case__person", "case__municipality", "decision_type")
            .filter(case__in=policy.scope_records(Case.objects.all(), Action.CHANGE))
            .get(pk=decision_pk)
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        audit.refused(actor, policy, purpose, audit.Subject("besluit", str(decision_pk)))
        raise NotVisible("Besluit niet gevonden, of u heeft geen toegang.") from None


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
                case_type_code=CASE_TYPE_COMMITTEE if data.committee else CASE_TYPE,
                reported_on=data.filed_on,
                note=f"Bezwaar tegen {decision.decision_type.name} van "
                f"{long_date(decision.decided_on)} ({decision.case.reference}).",
                term_from=terms.decision_term_start(term, data.filed_on),
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
# Hearing (Awb 7:2, 7:3)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hearing:
    hearing_on: dt.date | None = None
    invited_on: dt.date | None = None
    minutes: str = ""
    skipped: str = ""  # a ground of Awb 7:3 (a-e)


def record_hearing(
    actor: Any,
    pk: Any,
    data: Hearing,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Plan the hearing, record the invitation and the minutes, or record the legal ground
    for not hearing the objector (Awb 7:3)."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if objection.decision_id is not None:
        errors["hearing_on"] = "Op dit bezwaar is al beslist."
    minutes = _text(errors, "minutes", data.minutes, MAX_MINUTES, "Het verslag")
    if data.skipped:
        if data.skipped not in HearingSkipped.values:
            errors["skipped"] = "Kies een grond uit artikel 7:3 Awb (a tot en met e)."
        if data.hearing_on or data.invited_on or minutes:
            errors["skipped"] = "Afzien van horen gaat niet samen met een hoorzitting."
    elif data.hearing_on is None:
        errors["hearing_on"] = (
            "Vul de datum van de hoorzitting in, of kies waarom niet wordt gehoord (artikel "
            "7:3 Awb)."
        )
    else:
        if data.hearing_on < objection.filed_on:
            errors["hearing_on"] = "De hoorzitting ligt vóór de ontvangst van het bezwaar."
        if data.invited_on is not None and (
            data.invited_on > data.hearing_on or data.invited_on < objection.filed_on
        ):
            errors["invited_on"] = (
                "De uitnodiging ligt na de hoorzitting of vóór de ontvangst van het bezwaar."
            )
        if minutes and data.hearing_on > timezone.localdate():
            errors["minutes"] = "Een verslag kan pas na de hoorzitting."
        _not_future(errors, "invited_on", data.invited_on, "De uitnodiging")
    if errors:
        raise ValidationError(errors)
    fields = {
        "hearing_on": data.hearing_on,
        "invited_on": data.invited_on,
        "minutes": minutes,
        "hearing_skipped": data.skipped,
    }
    with transaction.atomic():
        _save(actor, policy, purpose, objection, version, fields)
    return objection


def heard(objection: Objection) -> bool:
    """Whether Awb 7:2 is satisfied: heard (minutes on file) or a 7:3 ground recorded."""
    return bool(objection.hearing_skipped or (objection.hearing_on and objection.minutes))


# ---------------------------------------------------------------------------------------------
# Postponing the decision (Awb 7:10 lid 3 and 4) and herstel verzuim (6:6)
# ---------------------------------------------------------------------------------------------
def postpone(
    actor: Any,
    pk: Any,
    *,
    weeks: int,
    notified_on: dt.date,
    reason: str,
    consented_on: dt.date | None = None,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """The one verdaging (at most six weeks, notified within the term) or, with the
    objector's consent recorded, a further postponement; the case's deadline moves."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    text = _text(errors, "reason", reason, MAX_TEXT, "De reden")
    if not text and "reason" not in errors:
        errors["reason"] = "Geef de reden; die staat in het bericht aan de indiener."
    if not 0 < weeks <= 52:
        errors["weeks"] = "Kies een aantal weken van 1 tot en met 52."
    _not_future(errors, "notified_on", notified_on, "De datum van het bericht")
    _not_future(errors, "consented_on", consented_on, "De datum van instemming")
    if errors:
        raise ValidationError(errors)
    planned = [
        terms.Postponement(p.weeks, p.notified_on, p.consented_on)
        for p in objection.postponements.all()
    ]
    try:
        terms.check_postponements([*planned, terms.Postponement(weeks, notified_on, consented_on)])
    except terms.TermError as error:
        raise ValidationError({"weeks": str(error)}) from None
    kind = "Uitstel met instemming" if consented_on else "Verdaagd"
    with transaction.atomic():
        cases.extend_term(
            actor,
            objection.case_id,
            notified_on=notified_on,
            reason=f"{kind}: {text}",
            weeks=weeks,
            purpose=purpose,
        )
        Postponement.objects.create(
            objection=objection,
            weeks=weeks,
            notified_on=notified_on,
            consented_on=consented_on,
            reason=text,
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {},
            {"uitstel": {"weken": weeks, "meegedeeld": notified_on.isoformat(), "soort": kind}},
        )
    objection.case.refresh_from_db()
    return objection


def request_repair(
    actor: Any,
    pk: Any,
    *,
    requested_on: dt.date,
    until: dt.date,
    what: str,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Awb 6:6: ask the objector to repair an omission by ``until``; the decision term is
    suspended meanwhile (7:10 lid 2), through the case's suspension."""
    _policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    text = _text(errors, "what", what, MAX_TEXT, "De omschrijving")
    if not text and "what" not in errors:
        errors["what"] = "Geef aan wat de indiener moet aanvullen (artikel 6:5 Awb)."
    if until <= requested_on:
        errors["until"] = "De hersteltermijn moet na de dag van het verzoek eindigen."
    _not_future(errors, "requested_on", requested_on, "De datum van het verzoek")
    if errors:
        raise ValidationError(errors)
    cases.request_information(
        actor,
        objection.case_id,
        requested_on=requested_on,
        what=f"Herstel verzuim: {text}",
        supply_by=until,
        purpose=purpose,
    )
    objection.case.refresh_from_db()
    return objection


def repair_ended(
    actor: Any, pk: Any, *, repaired_on: dt.date | None, purpose: Purpose = Purpose.UITVOERING
) -> Objection:
    """The omission was repaired on ``repaired_on``, or (``None``) the term set for it passed
    unused: the suspension ends the day after that term (7:10 lid 2)."""
    _policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    request = objection.case.suspensions.filter(received_on__isnull=True).first()
    if request is None or request.supply_by is None:
        raise ValidationError("Er loopt geen verzoek om herstel.")
    today = timezone.localdate()
    if repaired_on is not None and repaired_on > today:
        raise ValidationError({"repaired_on": "De datum van herstel ligt in de toekomst."})
    if repaired_on is None and today <= request.supply_by:
        raise ValidationError(
            {
                "repaired_on": "De hersteltermijn loopt nog tot en met "
                f"{long_date(request.supply_by)}."
            }
        )
    suspension = terms.repair_suspension(
        request.requested_on, request.supply_by, repaired_on, today
    )
    assert suspension.end is not None  # noqa: S101  (repaired or lapsed)
    cases.information_received(
        actor, objection.case_id, received_on=suspension.end, purpose=purpose
    )
    objection.case.refresh_from_db()
    return objection


# ---------------------------------------------------------------------------------------------
# The decision on the objection
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewOutcome:
    outcome: str
    decided_on: dt.date
    reasoning: str
    follow_up: str = ""


def follow_up_for(objection: Objection, outcome: str, text: str) -> str:
    """What has to happen after a (partly) justified objection: the contested decision is
    revoked or changed (Awb 7:11 lid 2) and, for a benefit, the benefit is changed on the
    benefit page, whose recalculation makes the supplement or the claim."""
    if outcome not in REVOKING:
        return text
    lines = [
        f"Het bestreden besluit ({objection.contested.decision_type.name} van "
        f"{long_date(objection.contested.decided_on)}) wordt herroepen of gewijzigd "
        "(artikel 7:11 lid 2 Awb)."
    ]
    if objection.contested.decision_type.grants_benefit:
        lines.append(
            "Leg de wijziging van de uitkering vast op de uitkeringspagina van de inwoner; de "
            "herberekening maakt de nabetaling of terugvordering."
        )
    if text:
        lines.append(text)
    return "\n\n".join(lines)[:MAX_TEXT]


def decide(
    actor: Any,
    pk: Any,
    data: NewOutcome,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Decide on the objection: a decision of type ``pw-beslissing-op-bezwaar`` on the
    objection's case, under mandate and with its letter, through the cases app's ``decide``.
    The objector must have been heard or a ground of 7:3 recorded (except for a
    withdrawal); a late objection without an excuse can only be niet-ontvankelijk."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if objection.decision_id is not None:
        errors["outcome"] = "Op dit bezwaar is al beslist."
    elif data.outcome not in ObjectionOutcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: niet-ontvankelijk, ongegrond, gegrond, deels gegrond of "
            "ingetrokken."
        )
    elif data.outcome != ObjectionOutcome.INGETROKKEN and not heard(objection):
        errors["outcome"] = (
            "Leg eerst het verslag van de hoorzitting vast, of de grond om niet te horen "
            "(artikel 7:2 en 7:3 Awb)."
        )
    elif data.outcome not in (
        ObjectionOutcome.NIET_ONTVANKELIJK,
        ObjectionOutcome.INGETROKKEN,
    ) and not terms.admissible_on_time(objection.timeliness, objection.excuse):
        errors["outcome"] = (
            "Het bezwaar kwam te laat binnen en er is geen reden vastgelegd waarom dat "
            "verschoonbaar is (artikel 6:11 Awb): het is niet-ontvankelijk."
        )
    follow_up = _text(errors, "follow_up", data.follow_up, MAX_TEXT, "Het vervolg")
    if errors:
        raise ValidationError(errors)
    label = ObjectionOutcome(data.outcome).label.lower()
    reasoning = data.reasoning.strip()
    if reasoning:
        reasoning = f"Wij verklaren uw bezwaar {label}.\n\n{reasoning}"
    with transaction.atomic():
        decision = cases.decide(
            actor,
            objection.case_id,
            cases.NewDecision(
                decision_type_code=DECISION_TYPE,
                outcome=CASE_OUTCOME[ObjectionOutcome(data.outcome)],
                decided_on=data.decided_on,
                reasoning=reasoning,
            ),
            purpose=purpose,
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {
                "outcome": data.outcome,
                "decision": decision,
                "revokes": data.outcome in REVOKING,
                "follow_up": follow_up_for(objection, data.outcome, follow_up),
            },
        )
    objection.case.refresh_from_db()
    return objection
