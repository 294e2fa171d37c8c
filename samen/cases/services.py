"""Case work: open a case, move it through its lifecycle, suspend and extend its term,
assign the fixed consulent, take a decision under mandate and produce its letter.

Every function here takes the actor, goes through the one access policy and records what
it read or changed in the audit trail. Refusals are the same exceptions as in
``samen.people.services``: :class:`NotVisible` (existence must not leak), :class:`NotAllowed`
(visible but not permitted), :class:`VersionConflict` (someone else changed it first), and
Django's ``ValidationError`` with a Dutch message for a rule of law or of the organisation
that forbids it. Nothing is saved when any of these is raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases import deadlines, letters
from samen.cases.models import (
    Assignment,
    Case,
    CaseType,
    Decision,
    Extension,
    Letter,
    LetterTemplate,
    Outcome,
    Status,
    StatusChange,
    Suspension,
)
from samen.common.attention import Signal
from samen.common.periods import long_date
from samen.organisation import services as organisation
from samen.organisation.models import Appointment, DecisionType, Municipality, Staff, Team
from samen.people.models import Person, Registration
from samen.people.services import NotAllowed, NotVisible, VersionConflict, responsible_municipality

__all__ = [
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "open_case",
    "get_case",
    "worklist",
    "take_case",
    "start_handling",
    "request_information",
    "information_received",
    "extend_term",
    "decide",
    "announce",
    "close",
    "letter_pdf",
]

NEAR_DAYS = 7  # a case is "near its deadline" this many days before it

# The lifecycle: from which status each status may be reached.
TRANSITIONS: dict[str, set[str]] = {
    Status.ONTVANGEN: {Status.MELDING},
    Status.IN_BEHANDELING: {Status.MELDING, Status.ONTVANGEN, Status.INFORMATIE_OPGEVRAAGD},
    Status.INFORMATIE_OPGEVRAAGD: {Status.ONTVANGEN, Status.IN_BEHANDELING},
    Status.BESLUIT_GENOMEN: {Status.ONTVANGEN, Status.IN_BEHANDELING},
    Status.BEKENDGEMAAKT: {Status.BESLUIT_GENOMEN},
    Status.AFGESLOTEN: {Status.BEKENDGEMAAKT},
}


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------
def _subject(case: Case) -> audit.Subject:
    return audit.Subject(
        object_type="zaak",
        object_id=case.reference,
        data_subject_id=case.person.bsn,
        municipality_code=case.municipality.cbs_code,
        domain_code=case.domain.code,
    )


def _cases(policy: Policy, action: str) -> QuerySet[Case]:
    return policy.scope_records(
        Case.objects.select_related(
            "case_type", "person", "municipality", "domain", "assigned_to", "team"
        ),
        action,
    )


def _load(actor: Any, pk: int | str, purpose: Purpose, action: str) -> tuple[Policy, Case]:
    """The case if the actor may perform ``action`` on it. A case the actor cannot even read
    is :class:`NotVisible`; one they can read but not change is :class:`NotAllowed`."""
    policy = policy_for(actor)
    try:
        return policy, _cases(policy, action).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _cases(policy, Action.READ).filter(pk=pk).exists()
        )
        audit.refused(actor, policy, purpose, audit.Subject("zaak", str(pk)))
        if readable:
            raise NotAllowed("U mag deze zaak inzien maar niet wijzigen.") from None
        raise NotVisible("Zaak niet gevonden, of u heeft geen toegang.") from None


def _staff(actor: Any) -> Staff | None:
    return getattr(actor, "staff", None)


def _history(case: Case, status: str, on: dt.date, actor: Any, note: str = "") -> None:
    staff = _staff(actor)
    StatusChange.objects.create(
        case=case,
        status=status,
        on_date=on,
        by=staff,
        by_name=staff.name if staff else str(actor),
        note=note,
    )


def _save(case: Case, expected_version: int | None, **changes: Any) -> None:
    """Optimistic locking: the update only happens if nobody changed the case since the actor
    read it at ``expected_version``."""
    version = case.version if expected_version is None else expected_version
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft deze zaak intussen gewijzigd. Laad de zaak opnieuw en probeer "
            "het nog eens."
        )
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1


def _transition(case: Case, to: str) -> None:
    if case.status not in TRANSITIONS.get(to, set()):
        raise ValidationError(
            f"Een zaak met status '{case.get_status_display()}' kan niet naar "
            f"'{Status(to).label}'.",
            code="transition",
        )


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------
def deadline_of(case: Case) -> deadlines.Deadline | None:
    """The decision deadline as the law computes it from the case's facts (pure core)."""
    case_type = case.case_type
    if case.received_on is None or case_type.term_amount is None:
        return None
    return deadlines.compute_deadline(
        case.received_on,
        deadlines.Term(case_type.term_amount, case_type.term_unit),
        extensions=[
            deadlines.Extension(e.amount, e.unit, e.notified_on) for e in case.extensions.all()
        ],
        suspensions=[
            deadlines.Suspension(s.requested_on, s.received_on) for s in case.suspensions.all()
        ],
    )


def _refresh_deadline(case: Case) -> dict[str, Any]:
    found = deadline_of(case)
    return {
        "deadline": found.due if found else None,
        "deadline_explanation": list(found.explanation) if found else [],
    }


# ---------------------------------------------------------------------------------------------
# Opening a case
# ---------------------------------------------------------------------------------------------
def case_type_on(code: str, day: dt.date) -> CaseType:
    found = CaseType.objects.valid_on(day).filter(code=code).select_related("domain").first()
    if found is None:
        raise ValidationError(
            f"Er is op {long_date(day)} geen zaaktype '{code}'.", code="unknown_case_type"
        )
    return found


def _age_on(person: Person, day: dt.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _consulent_for(
    person: Person, case_type: CaseType, municipality: Municipality, day: dt.date
) -> tuple[Staff | None, Team | None]:
    """The fixed consulent: the client's current one in this domain, or else the least busy
    member of the team that serves the client's area for this domain, among those whose
    grants let them work on this client (a consulent cannot be given a case they may not
    open). ``(None, team)`` when nobody qualifies: the case waits on the team's worklist."""
    current = (
        Assignment.objects.valid_on(day)
        .filter(person=person, domain=case_type.domain)
        .select_related("staff", "team")
        .first()
    )
    if current is not None:
        return current.staff, current.team
    teams = list(
        Team.objects.filter(domain=case_type.domain, areas__municipality=municipality)
        .distinct()
        .order_by("name")
    )
    if not teams:
        return None, None
    # Addresses carry the municipality, not the area: with several teams for one municipality
    # (Maastricht Noord and Zuid) the members of all of them are candidates.
    appointments = (
        Appointment.objects.valid_on(day)
        .filter(team__in=teams)
        .select_related("staff__user", "function", "team")
    )
    load = dict(
        Assignment.objects.filter(
            valid_until__isnull=True, staff__in=[a.staff for a in appointments]
        )
        .values_list("staff")
        .annotate(n=Count("pk"))
    )
    # Consulents first, then by how many clients they have, then by name.
    ranked = sorted(
        appointments,
        key=lambda a: (
            not a.function.code.startswith("consulent"),
            load.get(a.staff_id, 0),
            a.staff.name,
        ),
    )
    for appointment in ranked:
        user = appointment.staff.user
        if user is not None and policy_for(user, day).allows(
            Action.CHANGE, municipality.pk, case_type.domain_id, case_type.confidentiality
        ):
            return appointment.staff, appointment.team
    return None, teams[0]


@dataclass(frozen=True)
class NewCase:
    person_pk: int
    case_type_code: str
    reported_on: dt.date  # the day the melding or aanvraag came in
    note: str = ""
    # The day after which the decision term runs, when the law sets it apart from the day
    # the request came in (Awb 7:10: the end of the bezwaartermijn). Empty: ``reported_on``.
    term_from: dt.date | None = None


def open_case(actor: Any, data: NewCase, purpose: Purpose = Purpose.UITVOERING) -> Case:
    """Open a case for a resident. Refused when the actor may not work for the resident's
    municipality in this domain, or when that municipality has not contracted the domain
    with us on that day (the foundation's question)."""
    policy = policy_for(actor)
    case_type = case_type_on(data.case_type_code, data.reported_on)
    person = Person.objects.filter(pk=data.person_pk).first()
    municipality = responsible_municipality(person, data.reported_on) if person else None
    if (
        person is None
        or municipality is None
        or not policy.allows(
            Action.CHANGE, municipality.pk, case_type.domain_id, case_type.confidentiality
        )
    ):
        visible = person is not None and (
            policy.scope_persons(Person.objects.filter(pk=person.pk), Action.READ).exists()
        )
        audit.refused(
            actor,
            policy,
            purpose,
            audit.Subject(
                "persoon",
                str(data.person_pk),
                data_subject_id=person.bsn if person is not None and visible else "",
            ),
        )
        if visible:
            raise NotAllowed(
                f"U mag geen zaak {case_type.name} openen voor deze inwoner van "
                f"{municipality.name if municipality else 'een andere gemeente'}."
            )
        raise NotVisible("Persoon niet gevonden, of u heeft geen toegang.")
    answer = organisation.executes(municipality, case_type.domain, data.reported_on)
    if not answer:
        raise ValidationError(answer.reason, code="not_contracted")

    search_until = None
    received_on: dt.date | None = data.term_from or data.reported_on
    status = Status.ONTVANGEN
    if (
        case_type.youth_search_weeks
        and _age_on(person, data.reported_on) < case_type.youth_search_below_age
    ):
        # Art. 41 lid 4 Pw: a young person first searches for work or school for four weeks;
        # the application can only be made after that, so the term runs from then.
        search_until = data.reported_on + dt.timedelta(weeks=case_type.youth_search_weeks)
        received_on = search_until
        status = Status.MELDING

    with transaction.atomic():
        staff, team = _consulent_for(person, case_type, municipality, data.reported_on)
        case = Case.objects.create(
            reference=f"tmp-{timezone.now().timestamp()}",
            case_type=case_type,
            person=person,
            municipality=municipality,
            domain=case_type.domain,
            confidentiality=case_type.confidentiality,
            status=status,
            reported_on=data.reported_on,
            received_on=received_on,
            search_period_until=search_until,
            assigned_to=staff,
            team=team,
        )
        case.reference = f"{municipality.cbs_code}-{data.reported_on.year}-{case.pk:06d}"
        for name, value in _refresh_deadline(case).items():
            setattr(case, name, value)
        case.save(update_fields=["reference", "deadline", "deadline_explanation"])
        if (
            staff is not None
            and not Assignment.objects.filter(
                person=person, domain=case_type.domain, valid_until__isnull=True
            ).exists()
        ):
            Assignment.objects.create(
                person=person,
                domain=case_type.domain,
                staff=staff,
                team=team,
                valid_from=data.reported_on,
                reason="Eerste zaak in dit domein",
            )
        if not Registration.objects.filter(
            person=person, domain=case_type.domain, confidentiality__lte=case_type.confidentiality
        ).exists():
            Registration.objects.create(
                person=person,
                domain=case_type.domain,
                subject=case_type.name,
                confidentiality=case_type.confidentiality,
                registered_on=data.reported_on,
            )
        note = data.note
        if search_until:
            note = (
                f"Zoektermijn van {case_type.youth_search_weeks} weken tot en met "
                f"{long_date(search_until)}; de aanvraag geldt vanaf die dag. {note}"
            ).strip()
        _history(case, status, data.reported_on, actor, note)
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[_subject(case)],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes={"fields": {"status": [None, status], "case_type": [None, case_type.code]}},
        )
    return case


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def get_case(actor: Any, pk: int | str, purpose: Purpose = Purpose.UITVOERING) -> Case:
    policy, case = _load(actor, pk, purpose, Action.READ)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(case)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return case


@dataclass(frozen=True)
class WorkItem:
    case: Case
    days_left: int | None
    # The signals on the row's client (samen.common.attention), set by the worklist screen.
    signals: tuple[Signal, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def near(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= NEAR_DAYS


def worklist(
    actor: Any,
    *,
    staff: Staff | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> list[WorkItem]:
    """Open cases of a consulent (default: the actor) or of a team, earliest deadline first;
    cases without a deadline last. Only cases the actor may read; every case shown is
    audited."""
    today = today or timezone.localdate()
    policy = policy_for(actor)
    qs = (
        _cases(policy, Action.READ)
        .exclude(status__in=[Status.AFGESLOTEN])
        .filter(decided_on__isnull=True)
    )
    qs = qs.filter(team=team) if team is not None else qs.filter(assigned_to=staff or _staff(actor))
    cases = list(qs.order_by(F("deadline").asc(nulls_last=True), "reference")[:500])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_subject(c) for c in cases],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return [
        WorkItem(c, (c.deadline - today).days if c.deadline is not None else None) for c in cases
    ]


# ---------------------------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------------------------
def _change(
    actor: Any,
    case: Case,
    policy: Policy,
    purpose: Purpose,
    version: int | None,
    fields: dict[str, Any],
) -> None:
    before = {name: getattr(case, name) for name in fields}
    _save(case, version, **fields)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=[_subject(case)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {k: [before[k], fields[k]] for k in fields if before[k] != fields[k]}},
    )


def take_case(
    actor: Any, pk: int | str, version: int | None = None, purpose: Purpose = Purpose.UITVOERING
) -> Case:
    """The actor becomes the case's consulent (and the client's fixed consulent in this
    domain, with the reassignment recorded)."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    staff = _staff(actor)
    if staff is None:
        raise NotAllowed("Alleen medewerkers kunnen een zaak oppakken.")
    if case.decided_on is not None or case.status == Status.AFGESLOTEN:
        raise ValidationError(
            "Over deze zaak is al besloten; een andere consulent kan hem niet meer oppakken.",
            code="decided",
        )
    today = timezone.localdate()
    with transaction.atomic():
        _change(actor, case, policy, purpose, version, {"assigned_to": staff})
        reassign(case.person, case.domain_id, staff, case.team, today, "Zaak opgepakt")
    return case


def reassign(
    person: Person, domain_id: int, staff: Staff, team: Team | None, day: dt.date, reason: str
) -> Assignment:
    """End the client's current fixed consulent in the domain (the day before) and start the
    new one; the history stays."""
    current = Assignment.objects.filter(
        person=person, domain_id=domain_id, valid_until__isnull=True
    ).first()
    if current is not None:
        if current.staff_id == staff.pk:
            return current
        if current.valid_from >= day:
            current.delete()  # assigned and reassigned on the same day: keep the last
        else:
            current.valid_until = day - dt.timedelta(days=1)
            current.save(update_fields=["valid_until"])
    return Assignment.objects.create(
        person=person, domain_id=domain_id, staff=staff, team=team, valid_from=day, reason=reason
    )


def start_handling(
    actor: Any,
    pk: int | str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
    on: dt.date | None = None,
) -> Case:
    """The case is taken into handling on ``on`` (today by default; not in the future)."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.IN_BEHANDELING)
    today = timezone.localdate()
    on = on or today
    if on > today or (case.reported_on and on < case.reported_on):
        raise ValidationError(
            {"on": "De datum ligt in de toekomst of vóór de melding."}, code="date"
        )
    if case.status == Status.MELDING and case.search_period_until and on < case.search_period_until:
        raise ValidationError(
            f"De zoektermijn loopt nog tot en met {long_date(case.search_period_until)}.",
            code="search_period",
        )
    with transaction.atomic():
        _change(actor, case, policy, purpose, version, {"status": Status.IN_BEHANDELING})
        _history(case, Status.IN_BEHANDELING, on, actor)
    return case


def request_information(
    actor: Any,
    pk: int | str,
    *,
    requested_on: dt.date,
    what: str,
    supply_by: dt.date | None = None,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Case:
    """Awb 4:15: ask the applicant for information; the term is suspended until it comes."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.INFORMATIE_OPGEVRAAGD)
    if not case.case_type.suspension_allowed:
        raise ValidationError("Bij dit zaaktype kan de termijn niet worden opgeschort.")
    if not what.strip():
        raise ValidationError({"what": "Geef aan welke informatie u opvraagt."})
    if requested_on < (case.reported_on or case.received_on or requested_on):
        raise ValidationError(
            {"requested_on": "De datum van het verzoek ligt vóór de ontvangst van de aanvraag."}
        )
    with transaction.atomic():
        Suspension.objects.create(
            case=case, requested_on=requested_on, supply_by=supply_by, what=what.strip()
        )
        fields = {"status": Status.INFORMATIE_OPGEVRAAGD, **_refresh_deadline(case)}
        _change(actor, case, policy, purpose, version, fields)
        _history(case, Status.INFORMATIE_OPGEVRAAGD, requested_on, actor, what.strip())
    return case


def information_received(
    actor: Any,
    pk: int | str,
    *,
    received_on: dt.date,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Case:
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.IN_BEHANDELING)
    open_suspension = case.suspensions.filter(received_on__isnull=True).first()
    if open_suspension is None:
        raise ValidationError("Er is geen openstaand verzoek om informatie.")
    if received_on < open_suspension.requested_on:
        raise ValidationError(
            {"received_on": "De informatie kan niet vóór het verzoek zijn ontvangen."}
        )
    with transaction.atomic():
        open_suspension.received_on = received_on
        open_suspension.save(update_fields=["received_on"])
        fields = {"status": Status.IN_BEHANDELING, **_refresh_deadline(case)}
        _change(actor, case, policy, purpose, version, fields)
        _history(case, Status.IN_BEHANDELING, received_on, actor, "Informatie ontvangen")
    return case


def extend_term(
    actor: Any,
    pk: int | str,
    *,
    notified_on: dt.date,
    reason: str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
    weeks: int | None = None,
) -> Case:
    """Awb 4:14 lid 3: extend the term by the case type's extension, with a notice; or by
    ``weeks`` when a special law allows another length (Awb 7:10 lid 4: with consent)."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    case_type = case.case_type
    amount = weeks or case_type.extension_amount
    if not case_type.extension_allowed or not amount:
        raise ValidationError("Bij dit zaaktype kan de termijn niet worden verlengd.")
    if case.decided_on is not None:
        raise ValidationError("Over deze zaak is al besloten.")
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van de verlenging; die staat in de brief."})
    with transaction.atomic():
        Extension.objects.create(
            case=case,
            amount=amount,
            unit="weken" if weeks else case_type.extension_unit,
            notified_on=notified_on,
            reason=reason.strip(),
        )
        try:
            fields = _refresh_deadline(case)
        except deadlines.DeadlineError as error:
            raise ValidationError(str(error), code="late_extension") from None
        _change(actor, case, policy, purpose, version, fields)
        _history(case, case.status, notified_on, actor, f"Termijn verlengd: {reason.strip()}")
    return case


def announce(
    actor: Any,
    pk: int | str,
    *,
    on: dt.date,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Case:
    """The decision was sent to the client (bekendmaking, Awb 3:41): the objection term runs
    from the day after."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.BEKENDGEMAAKT)
    with transaction.atomic():
        _change(actor, case, policy, purpose, version, {"status": Status.BEKENDGEMAAKT})
        _history(case, Status.BEKENDGEMAAKT, on, actor)
    return case


def close(
    actor: Any,
    pk: int | str,
    *,
    on: dt.date,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Case:
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.AFGESLOTEN)
    with transaction.atomic():
        _change(
            actor, case, policy, purpose, version, {"status": Status.AFGESLOTEN, "closed_on": on}
        )
        _history(case, Status.AFGESLOTEN, on, actor)
    return case


# ---------------------------------------------------------------------------------------------
# Decisions and letters
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewDecision:
    decision_type_code: str
    outcome: str
    decided_on: dt.date
    reasoning: str
    effective_from: dt.date | None = None
    iban: str = ""  # where a granted benefit is paid


def _template_for(decision: Decision) -> tuple[LetterTemplate | None, str]:
    found = (
        LetterTemplate.objects.valid_on(decision.decided_on)
        .filter(outcome=decision.outcome)
        .filter(Q(municipality=decision.municipality) | Q(municipality__isnull=True))
        .filter(Q(decision_type=decision.decision_type) | Q(decision_type__isnull=True))
        .order_by(
            F("municipality").asc(nulls_last=True),
            F("decision_type").asc(nulls_last=True),
            "-valid_from",
        )
        .first()
    )
    if found is not None:
        return found, found.body
    return None, letters.default_template(decision.outcome)


def _letter_data(decision: Decision, chain: Sequence[Any]) -> letters.LetterData:
    case = decision.case
    municipality = decision.municipality
    person = case.person
    address = (
        person.addresses.filter(valid_from__lte=decision.decided_on).order_by("-valid_from").first()
    )
    appointment = decision.taken_by.appointment_on(decision.decided_on)
    mandates = [fact.title for fact in chain]
    requested = re.sub(r"^aanvraag\s+", "", case.case_type.name, flags=re.IGNORECASE)
    amounts, monthly = _letter_amounts(decision)
    return letters.LetterData(
        sender=letters.Sender(
            name=municipality.name,
            cbs_code=municipality.cbs_code,
            postal_address=_lines(municipality.postal_address),
            phone=municipality.phone,
            website=municipality.website,
            email=municipality.email,
        ),
        client_name=person.full_name,
        client_address=(
            (f"{address.street} {address.house_number}", f"{address.postal_code} {address.city}")
            if address
            else ()
        ),
        case_reference=case.reference,
        letter_date=decision.decided_on,
        subject=f"Besluit op uw {case.case_type.name[:1].lower()}{case.case_type.name[1:]}",
        decision_type=decision.decision_type.name,
        outcome=decision.outcome,
        decision_date=decision.decided_on,
        effective_date=decision.effective_from,
        legal_basis=decision.legal_basis,
        reasoning=tuple(p.strip() for p in decision.reasoning.split("\n\n") if p.strip()),
        official_name=decision.taken_by.name,
        official_function=appointment.function.name if appointment else "",
        college=f"het college van burgemeester en wethouders van {municipality.name}",
        mandate_note=(
            f"namens dezen, op grond van {' en '.join(mandates)}" if mandates else "namens dezen"
        ),
        objection_weeks=decision.decision_type.remedy_weeks,
        remedy=decision.decision_type.remedy,
        court=(municipality.court, *_lines(municipality.court_address))
        if municipality.court
        else (),
        objection_address=(
            f"Het college van burgemeester en wethouders van {municipality.name}",
            *_lines(municipality.postal_address),
        ),
        requested=requested[:1].lower() + requested[1:],
        amounts=amounts,
        monthly_amount=monthly,
    )


def _letter_amounts(decision: Decision) -> tuple[tuple[letters.AmountLine, ...], Decimal | None]:
    """The "Bedragen" of a decision that granted a benefit, from the calculation it granted:
    the norm, what is deducted, the benefit, the vakantietoeslag set apart and what is paid,
    each per month from the start date."""
    record = decision.calculation or {}
    if not record:
        return (), None
    since = f"per maand vanaf {long_date(dt.date.fromisoformat(record['peildatum']))}"
    deducted = Decimal(record["inkomsten_in_mindering"])
    paid = Decimal(record["uitbetaald_per_maand"])
    lines = [
        letters.AmountLine("Uw norm (inclusief vakantietoeslag)", Decimal(record["norm"]), since),
        *(
            [letters.AmountLine("Inkomsten die wij aftrekken", -deducted, since)]
            if deducted
            else []
        ),
        letters.AmountLine(
            "Uw bijstand (inclusief vakantietoeslag)", Decimal(record["uitkering_per_maand"]), since
        ),
        letters.AmountLine(
            "Vakantietoeslag die wij apart zetten (u krijgt die in juni)",
            -Decimal(record["vakantietoeslag_per_maand"]),
            since,
        ),
        letters.AmountLine("Wij betalen u", paid, since),
    ]
    return tuple(lines), paid


def _lines(address: str) -> tuple[str, ...]:
    """A stored one-line postal address ("Postbus 1992, 6201 BZ Maastricht") as lines."""
    return tuple(part.strip() for part in address.split(",") if part.strip())


def decide(
    actor: Any,
    pk: int | str,
    data: NewDecision,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Decision:
    """Take a decision on the case on behalf of the college of the case's municipality. The
    mandate register must confirm the chain for this employee, decision type, municipality and
    date; without cover the decision is refused and nothing is saved. The beschikking is
    rendered to PDF and stored with the case in the same transaction, and a granted
    decision of a type that gives a benefit (``DecisionType.grants_benefit``) starts the
    benefit with the household's facts on its start date."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    staff = _staff(actor)
    if staff is None:
        raise NotAllowed("Alleen medewerkers kunnen besluiten nemen.")
    _transition(case, Status.BESLUIT_GENOMEN)
    errors: dict[str, str] = {}
    decision_type = DecisionType.objects.filter(code=data.decision_type_code).first()
    if (
        decision_type is None
        or not case.case_type.decision_types.filter(pk=decision_type.pk).exists()
    ):
        errors["decision_type"] = "Dit besluittype hoort niet bij dit zaaktype."
    if data.outcome not in Outcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: toegekend, afgewezen, buiten behandeling gesteld of ingetrokken."
        )
    if data.decided_on < (case.reported_on or case.received_on or data.decided_on):
        errors["decided_on"] = "De besluitdatum ligt vóór de ontvangst van de aanvraag."
    elif data.decided_on > timezone.localdate():
        errors["decided_on"] = "De besluitdatum ligt in de toekomst."
    if not data.reasoning.strip():
        errors["reasoning"] = "Motiveer het besluit (Awb 3:46)."
    starts_benefit = (
        decision_type is not None
        and decision_type.grants_benefit
        and data.outcome == Outcome.TOEGEKEND
    )
    if starts_benefit and not data.iban.strip():
        errors["iban"] = "Vul het IBAN in waarop de uitkering wordt betaald."
    if errors:
        raise ValidationError(errors)
    assert decision_type is not None  # noqa: S101  (checked above)
    preview = None
    if starts_benefit:
        from samen.income.services import grant_preview

        preview = grant_preview(
            actor, case=case, day=data.effective_from or data.decided_on, purpose=purpose
        )
        if preview.calculation is None:
            raise ValidationError(
                {
                    "effective_from": (
                        f"De uitkering is op {long_date(preview.day)} niet te berekenen: "
                        f"{preview.error} Zonder berekening kan de brief geen bedrag noemen."
                    )
                }
            )
    if decision_type.remedy == DecisionType.Remedy.BEROEP and not case.municipality.court:
        raise ValidationError(
            f"Tegen deze beslissing staat beroep bij de rechtbank open, maar bij de gemeente "
            f"{case.municipality.name} staat niet bij welke rechtbank. Functioneel beheer vult "
            "dat in bij de gemeente; daarna kunt u beslissen.",
            code="no_court",
        )
    # The mandate register is read once: the check here and the registration below look
    # for the chain in the same facts.
    mandates = organisation.load_facts()
    answer = organisation.may_decide(
        staff, decision_type, case.municipality, data.decided_on, mandates
    )
    if not answer.allowed:
        audit.refused(actor, policy, purpose, _subject(case))
        raise ValidationError(answer.reason, code="no_mandate")
    with transaction.atomic():
        number = case.decisions.count() + 1
        recorded = organisation.record_decision(
            decision_type=decision_type,
            municipality=case.municipality,
            staff=staff,
            decided_on=data.decided_on,
            reference=f"{case.reference}-B{number}",
            facts=mandates,
        )
        decision = Decision.objects.create(
            case=case,
            decision_type=decision_type,
            outcome=data.outcome,
            decided_on=data.decided_on,
            effective_from=data.effective_from,
            municipality=case.municipality,
            taken_by=staff,
            chain=[
                {"id": f.id, "titel": f.title, "van": f.grantor_label, "aan": f.grantee_label}
                for f in answer.chain
            ],
            recorded=recorded,
            reasoning=data.reasoning.strip(),
            legal_basis=decision_type.legal_basis or case.case_type.legal_basis,
            calculation=preview.record() if preview is not None else {},
        )
        if starts_benefit:
            from samen.income.services import grant_benefit

            grant_benefit(
                actor,
                case=case,
                start_date=data.effective_from or data.decided_on,
                iban=data.iban,
                purpose=purpose,
                preview=preview,
            )
        template, body = _template_for(decision)
        pdf = letters.render_pdf(_letter_data(decision, answer.chain), body)
        Letter.objects.create(
            decision=decision,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template=template,
        )
        _change(
            actor,
            case,
            policy,
            purpose,
            version,
            {"status": Status.BESLUIT_GENOMEN, "decided_on": data.decided_on},
        )
        _history(
            case,
            Status.BESLUIT_GENOMEN,
            data.decided_on,
            actor,
            f"{decision_type.name}: {decision.get_outcome_display()}",
        )
    return decision


def grant_preview(
    actor: Any, pk: int | str, day: dt.date, purpose: Purpose = Purpose.UITVOERING
) -> Any | None:
    """For the decision form: what a granting decision on the case would pay from ``day``
    (samen.income.services.GrantPreview), or None when no decision type of the case gives a
    benefit. The case and the household are read through the access policy."""
    _policy, case = _load(actor, pk, purpose, Action.READ)
    if not case.case_type.decision_types.filter(grants_benefit=True).exists():
        return None
    from samen.income.services import grant_preview as income_preview

    return income_preview(actor, case=case, day=day, purpose=purpose)


def letter_pdf(
    actor: Any, pk: int | str, decision_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> tuple[Decision, bytes]:
    """The stored letter of a decision on a case the actor may read; the read is audited."""
    policy, case = _load(actor, pk, purpose, Action.READ)
    letter = (
        Letter.objects.filter(decision__case=case, decision__pk=decision_pk)
        .select_related("decision")
        .first()
    )
    if letter is None:
        raise NotVisible("Brief niet gevonden.")
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[
            audit.Subject(
                object_type="brief",
                object_id=f"{case.reference}-B{letter.decision.pk}",
                data_subject_id=case.person.bsn,
                municipality_code=case.municipality.cbs_code,
                domain_code=case.domain.code,
            )
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return letter.decision, bytes(letter.pdf)


# ---------------------------------------------------------------------------------------------
# A person's cases
# ---------------------------------------------------------------------------------------------
def cases_of_person(
    actor: Any, person_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> list[Case]:
    """The cases of one person that the actor may read, newest first; cases outside the
    actor's grants are left out without a trace. Every case shown is audited."""
    policy = policy_for(actor)
    try:
        cases = list(
            _cases(policy, Action.READ)
            .filter(person_id=person_pk)
            .order_by("-reported_on", "-pk")[:200]
        )
    except (ValueError, TypeError):
        return []
    if cases:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(c) for c in cases],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return cases


# ---------------------------------------------------------------------------------------------
# Searching cases
# ---------------------------------------------------------------------------------------------
def search_cases(
    actor: Any,
    *,
    bsn: str = "",
    status: str = "",
    offset: int = 0,
    limit: int = 100,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[list[Case], int]:
    """A page of the cases the actor may read, optionally of one BSN or with one status,
    newest first, and the total. Cases outside the actor's grants are left out without a
    trace, exactly like cases that do not exist. Every case shown is audited."""
    policy = policy_for(actor)
    qs = _cases(policy, Action.READ)
    if bsn:
        qs = qs.filter(person__bsn=bsn)
    if status:
        qs = qs.filter(status=status)
    total = qs.count()
    cases = list(qs.order_by("-reported_on", "-pk")[offset : offset + limit])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_subject(c) for c in cases],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return cases, total
