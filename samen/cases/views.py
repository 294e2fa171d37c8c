"""Case screens (zaken): the worklist, the case detail with its actions, opening a case for a
person, and the stored letter of a decision.

Thin: every read and change goes through :mod:`samen.cases.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. This module
never queries ``Case``, ``Decision`` or ``Letter`` itself; the related rows shown on the
detail page (history, suspensions, extensions, decisions) are those of a case the service
returned. A case the actor may not see answers the Dutch 404 page (existence must not leak);
one the actor may read but not change answers 403.

The actions on a case's page (which there are, when a case allows each, their forms and the
service call that performs each) are :mod:`samen.cases.case_actions`; every screen's view
is here, where the URL list finds it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.cases import assignment, services
from samen.cases.attention import client_signals
from samen.cases.case_actions import ACTIONS, CaseAction, _form, _perform, _preview
from samen.cases.forms import (
    UNASSIGNED,
    AssignForm,
    CaseOpenForm,
    TeamWorklistForm,
)
from samen.cases.models import Case, CaseType
from samen.common import attention
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.organisation.models import Municipality, Staff, Team
from samen.people import services as people

PURPOSE = Purpose.UITVOERING
PAGE_SIZE = 25

# Service field -> form field, for the errors the services raise.
FORM_FIELD = {
    "case_type": "case_type",
    "reported_on": "reported_on",
}


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    add_service_errors(form, error, FORM_FIELD)


def _staff(request: HttpRequest) -> Staff | None:
    return getattr(request.user, "staff", None)


def _may_change(request: HttpRequest, case: Case) -> bool:
    """Whether to offer the actions at all; the service decides each change."""
    return policy_for(request.user).allows(
        Action.CHANGE, case.municipality_id, case.domain_id, case.confidentiality
    )


def _own_teams(request: HttpRequest) -> list[Team]:
    staff = _staff(request)
    appointment = staff.appointment_on(timezone.localdate()) if staff else None
    return [appointment.team] if appointment and appointment.team else []


# ---------------------------------------------------------------------------------------------
# Worklist
# ---------------------------------------------------------------------------------------------
def _with_signals(
    request: HttpRequest, items: list[services.WorkItem], today: dt.date
) -> list[services.WorkItem]:
    """Each row with the signals on its client, for the whole page at once. The rows' own
    cases are left out: their deadlines are in the table, and they are audited already."""
    found = attention.signals_for(
        request.user,
        [i.case.person_id for i in items],
        today,
        shown_cases=[i.case.pk for i in items],
    )
    return [replace(i, signals=tuple(found[i.case.person_id])) for i in items]


@handles_personal_data
def worklist(request: HttpRequest) -> HttpResponse:
    teams = _own_teams(request)
    wanted = request.GET.get("team", "")
    team: Team | None = None
    if wanted:
        team = next((t for t in teams if str(t.pk) == wanted), None)
        if team is None:  # not one of the user's own teams
            return page_not_found(request)
    staff = _staff(request)
    today = timezone.localdate()
    if team is not None:
        items = services.worklist(request.user, team=team, today=today, purpose=PURPOSE)
    elif staff is not None:
        items = services.worklist(request.user, staff=staff, today=today, purpose=PURPOSE)
    else:
        items = []
    items = _with_signals(request, items, today)
    return render(
        request,
        "cases/worklist.html",
        {
            "items": items,
            "team": team,
            "teams": teams,
            "managed": assignment.managed_teams(request.user, today),
            "staff": staff,
            "today": today,
            "near_days": services.NEAR_DAYS,
        },
    )


@handles_personal_data
def attention_list(request: HttpRequest) -> HttpResponse:
    """Every signal on the user's clients (fixed contact person or an open case of theirs):
    where the count on the start page leads. Each signal's source audits what it shows."""
    today = timezone.localdate()
    return render(
        request,
        "cases/attention.html",
        {"signals": client_signals(request.user, today), "today": today},
    )


# ---------------------------------------------------------------------------------------------
# Detail
# ---------------------------------------------------------------------------------------------
def _actions_for(request: HttpRequest, case: Case) -> list[CaseAction]:
    if not _may_change(request, case):
        return []
    staff = _staff(request)
    return [
        action
        for action in ACTIONS.values()
        if action.allowed(case)
        and not (action.slug == "oppakken" and (staff is None or case.assigned_to_id == staff.pk))
    ]


@handles_personal_data
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = services.get_case(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "history": case.history.select_related("by").order_by("on_date", "at", "pk"),
            "suspensions": case.suspensions.all(),
            "extensions": case.extensions.all(),
            "decisions": case.decisions.select_related(
                "decision_type", "taken_by", "replaces", "replaced_by"
            ),
            "actions": _actions_for(request, case),
            "may_assign": _may_assign(request, case),
            "today": timezone.localdate(),
        },
    )


def _may_assign(request: HttpRequest, case: Case) -> bool:
    """Whether to offer "Toewijzen": the user manages the case's team today and the case is
    still open; the service decides the assignment itself."""
    return (
        case.is_open
        and _may_change(request, case)
        and assignment.is_team_manager(request.user, case.team_id, timezone.localdate())
    )


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------
@handles_personal_data
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        return page_not_found(request)
    try:
        case = services.get_case(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    if not _may_change(request, case):
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = _form(chosen, case, request.POST)
        if form.is_valid():
            try:
                _perform(request, chosen, pk, form.cleaned_data)
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, str(chosen.done) % {"reference": case.reference})
                if chosen.slug == "oppakken" and request.POST.get("next") == "worklist":
                    return redirect("worklist")
                return redirect("case", pk=pk)
        else:
            status = 400
    else:
        form = _form(chosen, case)
    return render(
        request,
        "cases/case_action.html",
        {
            "case": case,
            "action": chosen,
            "form": form,
            "fields": [form[name] for name in form.fields if name != "version"],
            "conflict": status == 409,
            "preview": _preview(request, chosen, case, form),
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Team managers: assigning a case, the team's worklist
# ---------------------------------------------------------------------------------------------
def _members(team: Team | None, day: dt.date) -> list[Staff]:
    return assignment.team_members(team, day) if team is not None else []


@handles_personal_data
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager assigns the case to a consulent of the case's team. Anyone else, and a
    manager of another team, gets the Dutch 404 page."""
    try:
        case = services.get_case(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    today = timezone.localdate()
    if not assignment.is_team_manager(request.user, case.team_id, today):
        return page_not_found(request)
    if not _may_change(request, case):
        return permission_denied(request)
    members = [(str(s.pk), s.name) for s in _members(case.team, today)]
    status = 200
    if request.method == "POST":
        form = AssignForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = assignment.assign_case(
                    request.user,
                    pk,
                    staff_pk=data["staff"],
                    reason=data["reason"],
                    version=data["version"],
                    day=today,
                    purpose=PURPOSE,
                )
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                assigned = result.case.assigned_to
                done = _("Zaak %(reference)s is toegewezen aan %(name)s.") % {
                    "reference": case.reference,
                    "name": assigned.name if assigned else "-",
                }
                if result.moved:
                    done += " " + _(
                        "Ook de andere open zaken van deze cliënt in dit domein zijn "
                        "meegegaan: %(references)s."
                    ) % {"references": ", ".join(c.reference for c in result.moved)}
                if result.stayed:
                    done += " " + _(
                        "%(count)s andere open zaak of zaken bleven bij de vorige consulent: "
                        "de nieuwe consulent mag daar niet aan werken."
                    ) % {"count": result.stayed}
                messages.success(request, done)
                return redirect("case", pk=pk)
        else:
            status = 400
    else:
        form = AssignForm(initial={"version": case.version}, members=members)
    return render(
        request,
        "cases/case_assign.html",
        {"case": case, "form": form, "conflict": status == 409},
        status=status,
    )


def _team_municipalities(team: Team) -> list[tuple[str, str]]:
    """Configuration, not personal data: the municipalities of the team's areas."""
    found = {
        area.municipality.cbs_code: area.municipality.name
        for area in team.areas.select_related("municipality")
    }
    return sorted(found.items(), key=lambda item: item[1])


@handles_personal_data
def team_worklist(request: HttpRequest, team_pk: int) -> HttpResponse:
    """The open cases of a team the user manages, with filters and pages. The worklist of a
    team the user does not manage answers 404."""
    today = timezone.localdate()
    try:
        team = assignment.team_for_manager(request.user, team_pk, today, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    members = _members(team, today)
    form = TeamWorklistForm(
        request.GET,
        statuses=[(s.value, s.label) for s in assignment.OPEN_STATUSES],
        deadlines=list(assignment.Deadline.CHOICES),
        members=[(str(s.pk), s.name) for s in members],
        municipalities=_team_municipalities(team),
    )
    context: dict[str, Any] = {
        "team": team,
        "form": form,
        "managed": assignment.managed_teams(request.user, today),
        "near_days": services.NEAR_DAYS,
        "today": today,
    }
    if not form.is_valid():  # nothing is looked up with input we cannot read
        return render(request, "cases/team_worklist.html", context, status=400)
    data = form.cleaned_data
    chosen = data["consulent"]
    filters = assignment.TeamFilters(
        status=data["status"],
        deadline=data["termijn"],
        consulent=next((s for s in members if str(s.pk) == chosen), None),
        unassigned=chosen == UNASSIGNED,
        municipality=(
            Municipality.objects.filter(cbs_code=data["gemeente"]).first()
            if data["gemeente"]
            else None
        ),
    )
    number = data["pagina"] or 1
    try:
        page = assignment.team_worklist(
            request.user,
            team.pk,
            filters,
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            today=today,
            purpose=PURPOSE,
        )
    except ValidationError as error:
        add_service_errors(form, error, {"deadline": "termijn", "municipality": "gemeente"})
        return render(request, "cases/team_worklist.html", context, status=400)
    last = max(1, -(-page.total // PAGE_SIZE))
    query = {
        name: data[name] for name in ("status", "termijn", "consulent", "gemeente") if data[name]
    }

    def link(to: int) -> str:
        return "?" + urlencode({**query, "pagina": to})

    context.update(
        page=page,
        items=page.items,
        filtered=bool(query),
        number=number,
        last=last,
        first_shown=(number - 1) * PAGE_SIZE + 1,
        last_shown=(number - 1) * PAGE_SIZE + len(page.items),
        previous_url=link(number - 1) if number > 1 else "",
        next_url=link(number + 1) if number < last else "",
    )
    return render(request, "cases/team_worklist.html", context)


# ---------------------------------------------------------------------------------------------
# Opening a case for a person
# ---------------------------------------------------------------------------------------------
def _case_types(day: dt.date) -> list[tuple[str, str]]:
    """Configuration, not personal data: the case types valid on the day."""
    seen: dict[str, str] = {}
    for case_type in CaseType.objects.valid_on(day).select_related("domain"):
        seen.setdefault(case_type.code, f"{case_type.name} ({case_type.domain.name})")
    return sorted(seen.items(), key=lambda item: item[1])


@handles_personal_data
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = people.get_person(request.user, pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    person = view.person
    case_types = _case_types(timezone.localdate())
    status = 200
    if request.method == "POST":
        form = CaseOpenForm(request.POST, case_types=case_types)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.open_case(
                    request.user,
                    services.NewCase(
                        person_pk=person.pk,
                        case_type_code=data["case_type"],
                        reported_on=data["reported_on"],
                        note=data["note"],
                    ),
                    PURPOSE,
                )
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(
                    request, _("Zaak %(reference)s is geopend.") % {"reference": case.reference}
                )
                return redirect("case", pk=case.pk)
        else:
            status = 400
    else:
        form = CaseOpenForm(initial={"reported_on": timezone.localdate()}, case_types=case_types)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "person": person},
        status=status,
    )


@handles_personal_data
def person_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """The cases of a person that the user may read: a block for the person page (htmx) or,
    without JavaScript, a page of its own. The block asks only for the cases (the person page
    around it already read and audited the person)."""
    if request.headers.get("HX-Request"):
        cases = services.cases_of_person(request.user, pk, PURPOSE)
        return render(request, "cases/case_person_table.html", {"cases": cases})
    try:
        view = people.get_person(request.user, pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    cases = services.cases_of_person(request.user, view.person.pk, PURPOSE)
    return render(
        request,
        "cases/case_person.html",
        {
            "person": view.person,
            "cases": cases,
            "may_change": bool(policy_for(request.user).grants_for(Action.CHANGE)),
        },
    )


# ---------------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------------
@handles_personal_data
def decision_letter(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    try:
        decision, pdf = services.letter_pdf(request.user, pk, decision_pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision.case.reference}-besluit.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
