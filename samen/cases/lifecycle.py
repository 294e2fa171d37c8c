"""The lifecycle of a case: the statuses a case may move between and the steps that move
it (taking it, handling it, asking for information and receiving it, extending the term,
announcing the decision, closing it), each recomputing the decision deadline from the
case's facts where they change it.

The decision itself, also a step of the lifecycle, is in :mod:`samen.cases.decisions`;
opening a case in :mod:`samen.cases.opening`. Refusals are those of
:mod:`samen.cases.services`; nothing is saved when one is raised.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access.models import Action
from samen.access.policy import Purpose
from samen.cases import deadlines, guards
from samen.cases.case_access import _change, _history, _load, _staff
from samen.cases.models import Assignment, Case, Extension, Status, Suspension
from samen.common.periods import long_date
from samen.organisation.models import Staff, Team
from samen.people.models import Person
from samen.people.services import NotAllowed

# ---------------------------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------------------------
# The lifecycle: from which status each status may be reached.
TRANSITIONS: dict[str, set[str]] = {
    Status.ONTVANGEN: {Status.MELDING},
    Status.IN_BEHANDELING: {Status.MELDING, Status.ONTVANGEN, Status.INFORMATIE_OPGEVRAAGD},
    Status.INFORMATIE_OPGEVRAAGD: {Status.ONTVANGEN, Status.IN_BEHANDELING},
    Status.BESLUIT_GENOMEN: {Status.ONTVANGEN, Status.IN_BEHANDELING},
    Status.BEKENDGEMAAKT: {Status.BESLUIT_GENOMEN},
    Status.AFGESLOTEN: {Status.BEKENDGEMAAKT},
}


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
    """The decision deadline as the law computes it from the case's facts (pure core), or
    the deadline set from outside the catalogue (a court's own term) when the case has one."""
    if case.deadline_override is not None:
        return deadlines.fixed_deadline(case.deadline_override, case.deadline_override_source)
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
# The steps
# ---------------------------------------------------------------------------------------------
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
        if not case.case_type.handler_function:  # routed by function: no fixed consulent
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
    if case.deadline_override is not None:
        raise ValidationError(
            f"De beslisdatum is gesteld ({case.deadline_override_source}); die termijn kan "
            "het college niet zelf verlengen.",
            code="fixed_deadline",
        )
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
    from the day after. Every announcement guard (:mod:`samen.cases.guards`, e.g. four-eyes
    review) must let the latest decision through first."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    _transition(case, Status.BEKENDGEMAAKT)
    guards.check(case)
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
