"""Objection screens (bezwaren): the worklist by deadline, the procedure page with its
actions, filing an objection on a decision, and the notice of default on a case.

Thin: every read and change goes through :mod:`samen.objections.services` (and
:mod:`samen.objections.penalties`) with purpose *uitvoering*, so the one access policy scopes
it and the audit trail records it. An objection the actor may not see answers the Dutch 404
page; one the actor may read but not change answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
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
from samen.cases import services as cases
from samen.cases.models import Status
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.objections import handling, letters, penalties, services
from samen.objections.forms import (
    ExcuseForm,
    HearingForm,
    NoticeForm,
    ObjectionForm,
    OutcomeForm,
    PostponeForm,
    RepairEndForm,
    RepairRequestForm,
    VersionForm,
)
from samen.objections.models import Objection

PURPOSE = Purpose.UITVOERING


def _errors(form: forms.Form, error: ValidationError) -> None:
    """The services name their fields as the forms do; anything else goes on top."""
    add_service_errors(form, error)


@handles_personal_data
@require_GET
def objection_list(request: HttpRequest) -> HttpResponse:
    found, total = services.worklist(request.user, purpose=PURPOSE)
    today = timezone.localdate()
    rows = [
        (o, (o.case.deadline - today).days if o.case.deadline is not None else None) for o in found
    ]
    return render(
        request,
        "objections/list.html",
        {"rows": rows, "total": total, "near_days": cases.NEAR_DAYS},
    )


def _page(request: HttpRequest, objection: Objection) -> dict[str, Any]:
    case = objection.case
    return {
        "objection": objection,
        "case": case,
        "findings": services.admissibility(objection),
        "heard": handling.heard(objection),
        "postponements": objection.postponements.all(),
        "penalty": penalties.penalty_of(case),
        "actions": [a for a in ACTIONS.values() if a.allowed(objection)],
        "today": timezone.localdate(),
        "letters": letters.letters_of(request.user, objection, PURPOSE),
    }


@handles_personal_data
@require_GET
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        objection = services.get_objection(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    return render(request, "objections/objection.html", _page(request, objection))


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ObjectionAction:
    slug: str
    label: Any
    form: type[VersionForm]
    allowed: Callable[[Objection], bool]
    done: Any


def _open(objection: Objection) -> bool:
    return objection.decision_id is None


ACTIONS = {
    a.slug: a
    for a in (
        ObjectionAction(
            "hoorzitting",
            gettext_lazy("Hoorzitting vastleggen"),
            HearingForm,
            _open,
            gettext_lazy("De hoorzitting van bezwaar %(reference)s is vastgelegd."),
        ),
        ObjectionAction(
            "verdagen",
            gettext_lazy("Beslissing verdagen"),
            PostponeForm,
            _open,
            gettext_lazy("De beslistermijn van bezwaar %(reference)s is verschoven."),
        ),
        ObjectionAction(
            "verschoonbaar",
            gettext_lazy("Termijnoverschrijding verschoonbaar"),
            ExcuseForm,
            lambda o: _open(o) and o.timeliness == "te_laat",
            gettext_lazy("De reden is bij bezwaar %(reference)s vastgelegd."),
        ),
        ObjectionAction(
            "herstel-vragen",
            gettext_lazy("Herstel verzuim vragen"),
            RepairRequestForm,
            lambda o: _open(o) and o.case.status in (Status.ONTVANGEN, Status.IN_BEHANDELING),
            gettext_lazy(
                "Bij bezwaar %(reference)s is om herstel gevraagd; de termijn staat stil."
            ),
        ),
        ObjectionAction(
            "herstel-einde",
            gettext_lazy("Herstel verzuim afronden"),
            RepairEndForm,
            lambda o: _open(o) and o.case.status == Status.INFORMATIE_OPGEVRAAGD,
            gettext_lazy("De beslistermijn van bezwaar %(reference)s loopt weer."),
        ),
        ObjectionAction(
            "beslissen",
            gettext_lazy("Beslissen op bezwaar"),
            OutcomeForm,
            _open,
            gettext_lazy("Op bezwaar %(reference)s is beslist; de brief is gemaakt."),
        ),
    )
}


def _perform(request: HttpRequest, action: ObjectionAction, pk: int, data: dict) -> Objection:
    user, version = request.user, data["version"]
    if action.slug == "hoorzitting":
        hearing = handling.Hearing(
            hearing_on=data["hearing_on"],
            invited_on=data["invited_on"],
            minutes=data["minutes"],
            skipped=data["skipped"],
            hearing_time=data["hearing_time"],
            place=data["place"],
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
    if action.slug == "herstel-vragen":
        return handling.request_repair(
            user,
            pk,
            requested_on=data["requested_on"],
            until=data["until"],
            what=data["what"],
            version=version,
            purpose=PURPOSE,
        )
    if action.slug == "herstel-einde":
        return handling.repair_ended(
            user, pk, repaired_on=data["repaired_on"], version=version, purpose=PURPOSE
        )
    if action.slug == "verschoonbaar":
        return services.record_excuse(
            user, pk, excuse=data["excuse"], version=version, purpose=PURPOSE
        )
    return handling.decide(
        user,
        pk,
        handling.NewOutcome(
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            reasoning=data["reasoning"],
            follow_up=data["follow_up"],
        ),
        version=version,
        purpose=PURPOSE,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def objection_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        return page_not_found(request)
    try:
        objection = services.get_objection(request.user, pk, PURPOSE)
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
                _errors(form, error)
                status = 400
            else:
                messages.success(
                    request, str(chosen.done) % {"reference": objection.case.reference}
                )
                return redirect("objection", pk=pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"version": objection.version}
        for name in ("notified_on", "decided_on", "requested_on"):
            if name in chosen.form.base_fields:
                initial[name] = timezone.localdate()
        form = chosen.form(initial=initial)
    return render(
        request,
        "objections/action.html",
        {
            "objection": objection,
            "action": chosen,
            "form": form,
            "fields": [form[name] for name in form.fields if name != "version"],
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Filing on a decision; the notice of default on a case
# ---------------------------------------------------------------------------------------------
@handles_personal_data
@require_http_methods(["GET", "POST"])
def objection_create(request: HttpRequest, decision_pk: int) -> HttpResponse:
    try:
        decision = services.contested_decision(request.user, decision_pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.file_objection(
                    request.user,
                    services.NewObjection(
                        decision_pk=decision.pk,
                        filed_on=data["filed_on"],
                        received_via=data["received_via"],
                        grounds=data["grounds"],
                        objector_name=data["objector_name"],
                        by_representative=data["by_representative"],
                        posted_on=data["posted_on"],
                        announced_on=data["announced_on"],
                        committee=data["committee"],
                        excuse=data["excuse"],
                    ),
                    PURPOSE,
                )
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                _errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Het bezwaar is geregistreerd als zaak %(reference)s.")
                    % {"reference": objection.case.reference},
                )
                return redirect("objection", pk=objection.pk)
        else:
            status = 400
    else:
        form = ObjectionForm(
            initial={
                "filed_on": timezone.localdate(),
                "objector_name": decision.case.person.full_name,
                "announced_on": services.announced_on(decision),
            }
        )
    return render(
        request,
        "objections/create.html",
        {"decision": decision, "form": form, "announced": services.announced_on(decision)},
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = cases.get_case(request.user, pk, PURPOSE)
    except cases.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                penalties.record_notice(
                    request.user, pk, received_on=form.cleaned_data["received_on"], purpose=PURPOSE
                )
            except cases.NotVisible:
                return page_not_found(request)
            except cases.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                _errors(form, error)
                status = 400
            else:
                messages.success(request, _("De ingebrekestelling is vastgelegd."))
                return redirect("case", pk=pk)
        else:
            status = 400
    else:
        form = NoticeForm(initial={"received_on": timezone.localdate()})
    return render(request, "objections/notice.html", {"case": case, "form": form}, status=status)
