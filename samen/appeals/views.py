"""Appeal screens (beroepen): the worklist of court deadlines, an appeal's page with its
steps, registering a beroep on a decided objection and a hoger beroep on a ruling.

Thin: every read and change goes through :mod:`samen.appeals.services` and
:mod:`samen.appeals.proceedings` with purpose *uitvoering*, so the one access policy scopes
it and the audit trail records it. An appeal the actor may not see answers the Dutch 404
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
from samen.appeals import proceedings, services, terms
from samen.appeals.forms import (
    AppealForm,
    DefenceForm,
    HearingForm,
    HigherAppealForm,
    NewDecisionForm,
    RulingForm,
    VersionForm,
)
from samen.appeals.models import Appeal, FiledBy
from samen.cases.services import NEAR_DAYS
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.objections import services as objections

PURPOSE = Purpose.UITVOERING


@handles_personal_data
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    items = services.worklist(request.user, purpose=PURPOSE)
    return render(request, "appeals/list.html", {"items": items, "near_days": NEAR_DAYS})


@handles_personal_data
@require_GET
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        appeal = services.get_appeal(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    today = timezone.localdate()
    return render(
        request,
        "appeals/appeal.html",
        {
            "appeal": appeal,
            "objection": appeal.objection,
            "case": appeal.objection.case,
            "deadlines": terms.court_deadlines(services.facts(appeal), today),
            "proposal": proceedings.defence_proposal(appeal),
            "actions": [a for a in STEPS.values() if a.allowed(appeal)],
            "higher": list(appeal.higher_appeals.all()),
        },
    )


# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    slug: str
    label: Any
    form: type[VersionForm]
    allowed: Callable[[Appeal], bool]
    done: Any


def _before_ruling(appeal: Appeal) -> bool:
    return not appeal.ended


STEPS = {
    s.slug: s
    for s in (
        Step(
            "verweerschrift",
            gettext_lazy("Verweerschrift vastleggen"),
            DefenceForm,
            lambda a: _before_ruling(a) and a.filed_by != FiledBy.COLLEGE,
            gettext_lazy("Het verweerschrift bij %(reference)s is vastgelegd."),
        ),
        Step(
            "zitting",
            gettext_lazy("Zitting vastleggen"),
            HearingForm,
            _before_ruling,
            gettext_lazy("De zitting in %(reference)s is vastgelegd."),
        ),
        Step(
            "uitspraak",
            gettext_lazy("Uitspraak vastleggen"),
            RulingForm,
            _before_ruling,
            gettext_lazy("De uitspraak in %(reference)s is vastgelegd."),
        ),
        Step(
            "hoger-beroep",
            gettext_lazy("Hoger beroep registreren"),
            HigherAppealForm,
            lambda a: (
                not a.is_higher
                and a.outcome in terms.Outcome.RULED
                and not getattr(a, "has_higher_appeal", False)
            ),
            gettext_lazy("Het hoger beroep %(reference)s is geregistreerd."),
        ),
        Step(
            "nieuwe-beslissing",
            gettext_lazy("Nieuwe beslissing op bezwaar nemen"),
            NewDecisionForm,
            lambda a: a.new_case is not None and a.new_case.decided_on is None,
            gettext_lazy("De nieuwe beslissing op bezwaar is genomen; de brief is gemaakt."),
        ),
    )
}


def _perform(request: HttpRequest, step: Step, pk: int, data: dict) -> Appeal:
    user, version = request.user, data["version"]
    if step.slug == "verweerschrift":
        defence = proceedings.Defence(
            data["notified_on"], data["defence_due"], data["defence_sent_on"]
        )
        return proceedings.record_defence(user, pk, defence, version=version, purpose=PURPOSE)
    if step.slug == "zitting":
        return proceedings.record_hearing(
            user, pk, hearing_on=data["hearing_on"], version=version, purpose=PURPOSE
        )
    if step.slug == "uitspraak":
        ruling = proceedings.Ruling(
            outcome=data["outcome"],
            ruling_on=data["ruling_on"],
            ruling_sent_on=data["ruling_sent_on"],
            consequence=data["consequence"],
            court_until=data["court_until"],
            follow_up=data["follow_up"],
        )
        return proceedings.record_ruling(user, pk, ruling, version=version, purpose=PURPOSE)
    if step.slug == "hoger-beroep":
        return services.file_higher_appeal(
            user,
            pk,
            services.NewAppeal(
                filed_on=data["filed_on"],
                court_reference=data["court_reference"],
                filed_by=data["filed_by"],
                notified_on=data["notified_on"],
                defence_due=data["defence_due"],
            ),
            PURPOSE,
        )
    new = proceedings.NewDecision(data["outcome"], data["decided_on"], data["reasoning"])
    return proceedings.decide_anew(user, pk, new, version=version, purpose=PURPOSE)


@handles_personal_data
@require_http_methods(["GET", "POST"])
def appeal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    chosen = STEPS.get(step)
    if chosen is None:
        return page_not_found(request)
    try:
        appeal = services.get_appeal(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = chosen.form(request.POST)
        if form.is_valid():
            try:
                result = _perform(request, chosen, pk, form.cleaned_data)
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
                messages.success(request, str(chosen.done) % {"reference": result.court_reference})
                return redirect("appeal", pk=result.pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"version": appeal.version}
        if "consequence" in chosen.form.base_fields:
            initial["consequence"] = "geen"
        form = chosen.form(initial=initial)
    return render(
        request,
        "appeals/step.html",
        {
            "appeal": appeal,
            "step": chosen,
            "form": form,
            "fields": [form[name] for name in form.fields if name != "version"],
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Registering a beroep on a decided objection
# ---------------------------------------------------------------------------------------------
@handles_personal_data
@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest, objection_pk: int) -> HttpResponse:
    try:
        objection = objections.get_objection(request.user, objection_pk, PURPOSE)
    except objections.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = AppealForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appeal = services.file_appeal(
                    request.user,
                    objection.pk,
                    services.NewAppeal(
                        filed_on=data["filed_on"],
                        court_reference=data["court_reference"],
                        notified_on=data["notified_on"],
                        defence_due=data["defence_due"],
                    ),
                    PURPOSE,
                )
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Het beroep %(reference)s is geregistreerd.")
                    % {"reference": appeal.court_reference},
                )
                return redirect("appeal", pk=appeal.pk)
        else:
            status = 400
    else:
        form = AppealForm()
    return render(
        request,
        "appeals/create.html",
        {
            "objection": objection,
            "contested": services.contested_decision(objection),
            "form": form,
        },
        status=status,
    )
