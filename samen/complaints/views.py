"""Complaint screens (klachten): the worklist by deadline, the complaint page with its steps,
registering a complaint (from the person page or with a BSN), and a person's complaints.

Thin: every read and change goes through :mod:`samen.complaints.services` and
:mod:`samen.complaints.handling` with purpose *uitvoering*, so the one access policy scopes
it and the audit trail records it. A complaint the actor may not see answers the Dutch 404
page; one the actor may read but not change answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.policy import Purpose
from samen.cases.services import NEAR_DAYS
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.complaints import handling, letters, services
from samen.complaints.forms import (
    ComplaintForm,
    ConclusionForm,
    HandlerForm,
    HearingForm,
    PostponeForm,
    VersionForm,
)
from samen.complaints.models import Complaint
from samen.people import services as people

PURPOSE = Purpose.UITVOERING


@handles_personal_data
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    found, total = services.worklist(request.user, purpose=PURPOSE)
    today = timezone.localdate()
    rows = [(c, (c.deadline - today).days) for c in found]
    return render(
        request,
        "complaints/list.html",
        {"rows": rows, "total": total, "near_days": NEAR_DAYS},
    )


@handles_personal_data
@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        complaint = services.get_complaint(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    may_change = services.may_change(request.user, complaint)
    return render(
        request,
        "complaints/complaint.html",
        {
            "complaint": complaint,
            "findings": services.findings(complaint),
            "postponements": complaint.postponements.all(),
            "actions": [a for a in ACTIONS.values() if may_change and a.allowed(complaint)],
            "about_me": not may_change and _is_official(request, complaint),
            "today": timezone.localdate(),
            "letters": letters.letters_of(request.user, complaint, PURPOSE),
        },
    )


def _is_official(request: HttpRequest, complaint: Complaint) -> bool:
    staff = getattr(request.user, "staff", None)
    return staff is not None and staff.pk == complaint.official_id


# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ComplaintAction:
    slug: str
    label: Any
    form: type[VersionForm]
    allowed: Callable[[Complaint], bool]
    done: Any


def _open(complaint: Complaint) -> bool:
    return complaint.is_open


ACTIONS = {
    a.slug: a
    for a in (
        ComplaintAction(
            "horen",
            gettext_lazy("Horen vastleggen"),
            HearingForm,
            _open,
            gettext_lazy("Het horen bij klacht %(reference)s is vastgelegd."),
        ),
        ComplaintAction(
            "verdagen",
            gettext_lazy("Afhandeling verdagen"),
            PostponeForm,
            _open,
            gettext_lazy("De termijn van klacht %(reference)s is verschoven."),
        ),
        ComplaintAction(
            "behandelaar",
            gettext_lazy("Andere behandelaar"),
            HandlerForm,
            _open,
            gettext_lazy("Klacht %(reference)s heeft een andere behandelaar."),
        ),
        ComplaintAction(
            "afhandelen",
            gettext_lazy("Klacht afhandelen"),
            ConclusionForm,
            _open,
            gettext_lazy("Klacht %(reference)s is afgehandeld."),
        ),
    )
}


def _perform(request: HttpRequest, action: ComplaintAction, pk: int, data: dict) -> Complaint:
    user, version = request.user, data["version"]
    if action.slug == "horen":
        hearing = handling.Hearing(
            hearing_on=data["hearing_on"],
            minutes=data["minutes"],
            official_heard=data["official_heard"],
            skipped=data["skipped"],
        )
        return handling.record_hearing(user, pk, hearing, version=version, purpose=PURPOSE)
    if action.slug == "verdagen":
        return handling.postpone(
            user,
            pk,
            weeks=data["weeks"],
            notified_on=data["notified_on"],
            consented_on=data["consented_on"],
            reason=data["reason"],
            version=version,
            purpose=PURPOSE,
        )
    if action.slug == "behandelaar":
        return handling.assign_handler(
            user, pk, handler=data["handler"].employee_number, version=version, purpose=PURPOSE
        )
    return handling.conclude(
        user,
        pk,
        handling.NewConclusion(
            outcome=data["outcome"],
            concluded_on=data["concluded_on"],
            conclusion=data["conclusion"],
            not_handled_ground=data["not_handled_ground"],
            measures_taken=data["measures_taken"],
            measures=data["measures"],
        ),
        version=version,
        purpose=PURPOSE,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        return page_not_found(request)
    try:
        complaint = services.get_complaint(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = chosen.form(request.POST)
        if form.is_valid():
            try:
                _perform(request, chosen, pk, form.cleaned_data)
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed:
                return permission_denied(request)
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(request, str(chosen.done) % {"reference": complaint.reference})
                return redirect("complaint", pk=pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"version": complaint.version}
        for name in ("notified_on", "concluded_on"):
            if name in chosen.form.base_fields:
                initial[name] = timezone.localdate()
        if "handler" in chosen.form.base_fields:
            initial["handler"] = complaint.handler.employee_number
        form = chosen.form(initial=initial)
    return render(
        request,
        "complaints/action.html",
        {
            "complaint": complaint,
            "action": chosen,
            "form": form,
            "fields": [form[name] for name in form.fields if name != "version"],
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Registering; a person's complaints
# ---------------------------------------------------------------------------------------------
def _person_by_bsn(request: HttpRequest, form: ComplaintForm) -> int | None:
    """The complainant found by BSN through the people app's scoped search (audited)."""
    page = people.list_persons(request.user, PURPOSE, search=form.cleaned_data["bsn"], limit=2)
    if len(page.items) != 1:
        form.add_error("bsn", _("Geen inwoner met dit BSN gevonden, of u heeft geen toegang."))
        return None
    return page.items[0].person.pk


@handles_personal_data
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest, person_pk: int | None = None) -> HttpResponse:
    person = None
    if person_pk is not None:
        try:
            person = people.get_person(request.user, person_pk, PURPOSE).person
        except people.NotVisible:
            return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, with_bsn=person is None)
        complaint, status = _register(request, form, person.pk if person else None)
        if status == 404:
            return page_not_found(request)
        if complaint is not None:
            messages.success(
                request,
                _("De klacht is geregistreerd als %(reference)s.")
                % {"reference": complaint.reference},
            )
            return redirect("complaint", pk=complaint.pk)
    else:
        staff = getattr(request.user, "staff", None)
        form = ComplaintForm(
            with_bsn=person is None,
            initial={
                "received_on": timezone.localdate(),
                "handler": staff.employee_number if staff else None,
            },
        )
    return render(
        request, "complaints/create.html", {"person": person, "form": form}, status=status
    )


def _register(
    request: HttpRequest, form: ComplaintForm, person_pk: int | None
) -> tuple[Complaint | None, int]:
    """The registered complaint, or None and the status of the refusal (400 bad input, 403
    not allowed for this municipality or domain, 404 the person is not visible)."""
    if not form.is_valid():
        return None, 400
    data = form.cleaned_data
    if person_pk is None:
        person_pk = _person_by_bsn(request, form)
        if person_pk is None:
            return None, 400
    try:
        complaint = services.register(
            request.user,
            services.NewComplaint(
                person_pk=person_pk,
                domain_code=data["domain"].code,
                received_on=data["received_on"],
                received_via=data["received_via"],
                behaviour=data["behaviour"],
                behaviour_on=data["behaviour_on"],
                handler=data["handler"].employee_number,
                official=data["official"].employee_number if data["official"] else "",
                committee=data["committee"],
                representative=data["representative"],
            ),
            PURPOSE,
        )
    except services.NotVisible:
        return None, 404
    except services.NotAllowed as refusal:
        form.add_error(None, str(refusal))
        return None, 403
    except ValidationError as error:
        add_service_errors(form, error)
        return None, 400
    return complaint, 201


@handles_personal_data
@require_GET
def person_complaints(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The complaints of a person that the user may read: a block for the person page (htmx)
    or, without JavaScript, a page of its own (which reads and audits the person too)."""
    if request.headers.get("HX-Request"):
        found = services.complaints_of_person(request.user, person_pk, PURPOSE)
        return render(request, "complaints/person_table.html", {"complaints": found})
    try:
        view = people.get_person(request.user, person_pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    found = services.complaints_of_person(request.user, view.person.pk, PURPOSE)
    return render(request, "complaints/person.html", {"person": view.person, "complaints": found})
