"""Opening a case for a resident: the case type valid on the day, the foundation's question
(has the resident's municipality contracted this domain with us on that day?), the youth
search period, the first decision deadline and the fixed consulent for a new case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases.case_access import _history, _subject
from samen.cases.lifecycle import _refresh_deadline
from samen.cases.models import Assignment, Case, CaseType, Status
from samen.common.periods import long_date
from samen.organisation import services as organisation
from samen.organisation.models import Appointment, Municipality, Staff, Team
from samen.people.models import Person, Registration
from samen.people.services import NotAllowed, NotVisible, responsible_municipality


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


def _handler_for(
    case_type: CaseType, municipality: Municipality, day: dt.date, exclude: tuple[int, ...]
) -> tuple[Staff | None, Team | None]:
    """Routing as data (``CaseType.handler_function``): the least busy employee with that
    function on the day in a team of the case type's domain whose grants let them work on
    the case, never one of ``exclude`` (the official who took the contested decision: Awb
    7:5 lid 1 asks that someone not involved in preparing it hears the objection). Busy is
    the number of open cases assigned. ``(None, team)`` when nobody qualifies."""
    everyone = list(
        Appointment.objects.valid_on(day)
        .filter(function__code=case_type.handler_function, team__domain=case_type.domain)
        .select_related("staff__user", "team")
        .order_by("team__name", "pk")
    )
    appointments = [a for a in everyone if a.staff_id not in exclude]
    load = dict(
        Case.objects.filter(
            assigned_to__in=[a.staff_id for a in appointments], decided_on__isnull=True
        )
        .exclude(status=Status.AFGESLOTEN)
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    ranked = sorted(appointments, key=lambda a: (load.get(a.staff_id, 0), a.staff.name))
    for appointment in ranked:
        user = appointment.staff.user
        if user is not None and policy_for(user, day).allows(
            Action.CHANGE, municipality.pk, case_type.domain_id, case_type.confidentiality
        ):
            return appointment.staff, appointment.team
    return None, (everyone[0].team if everyone else None)


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
    # A decision deadline set from outside the catalogue (the court's own term for a new
    # decision, Awb 8:72 lid 4 onder b) and who set it; it replaces the computed deadline.
    deadline_override: dt.date | None = None
    deadline_override_source: str = ""
    # Employees who must not handle the case (for an objection: who took the contested
    # decision); only for a case type routed by function (CaseType.handler_function).
    exclude_staff: tuple[int, ...] = ()


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

    if data.deadline_override is not None and (
        data.deadline_override < data.reported_on or not data.deadline_override_source.strip()
    ):
        raise ValidationError(
            {
                "deadline_override": (
                    "Een gestelde beslisdatum ligt niet vóór de ontvangst en heeft een bron."
                )
            }
        )
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
        if case_type.handler_function:
            staff, team = _handler_for(
                case_type, municipality, data.reported_on, tuple(data.exclude_staff)
            )
        else:
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
            deadline_override=data.deadline_override,
            deadline_override_source=data.deadline_override_source[:300],
        )
        case.reference = f"{municipality.cbs_code}-{data.reported_on.year}-{case.pk:06d}"
        for name, value in _refresh_deadline(case).items():
            setattr(case, name, value)
        case.save(update_fields=["reference", "deadline", "deadline_explanation"])
        if (
            staff is not None
            and not case_type.handler_function  # a jurist is not the fixed consulent
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
