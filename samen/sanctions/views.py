"""Fine and measure screens: the fines the actor may see, recording a fine on a benefit, the
fine's page with its calculation line by line and the decision, and a benefit's measures with
the form that records one.

Thin: every read and change goes through :mod:`samen.sanctions.services` and
:mod:`samen.sanctions.measure_services` with purpose *uitvoering*, so the one access policy
scopes it and the audit trail records it. A fine, measure or benefit the actor may not see
answers the Dutch 404 page; one the actor may read but not change answers 403.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.income import services as income
from samen.sanctions import measure_services, services
from samen.sanctions.forms import DecisionForm, FineForm, MeasureForm
from samen.sanctions.models import FineStatus

PURPOSE = Purpose.UITVOERING


def _benefit(request: HttpRequest, pk: int, action: str = Action.READ) -> Any:
    return income.get_benefit(request.user, pk, action, PURPOSE)


@handles_personal_data
@require_GET
def fine_list(request: HttpRequest) -> HttpResponse:
    found, total = services.list_fines(request.user, purpose=PURPOSE, limit=100)
    return render(request, "sanctions/fines.html", {"fines": found, "total": total})


@handles_personal_data
@require_GET
def fine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        fine = services.get_fine(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    steps = [
        {"text": s["tekst"], "amount": Decimal(s["bedrag"]) if "bedrag" in s else None}
        for s in fine.steps
    ]
    form = DecisionForm(initial={"decided_on": timezone.localdate(), "version": fine.version})
    return render(
        request,
        "sanctions/fine.html",
        {
            "fine": fine,
            "steps": steps,
            "form": form,
            "may_decide": fine.status == FineStatus.BEREKEND,
        },
    )


@handles_personal_data
@require_POST
def fine_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        fine = services.get_fine(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    form = DecisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.decide_fine(
                request.user,
                pk,
                form.cleaned_data["decided_on"],
                version=form.cleaned_data["version"],
                purpose=PURPOSE,
            )
        except services.NotVisible:
            return page_not_found(request)
        except services.NotAllowed:
            return permission_denied(request)
        except services.VersionConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het besluit over boete %(reference)s is genomen.")
                % {"reference": fine.reference},
            )
            return redirect("fine", pk=pk)
    steps = [
        {"text": s["tekst"], "amount": Decimal(s["bedrag"]) if "bedrag" in s else None}
        for s in fine.steps
    ]
    return render(
        request,
        "sanctions/fine.html",
        {"fine": fine, "steps": steps, "form": form, "may_decide": True},
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def fine_create(request: HttpRequest, benefit_pk: int) -> HttpResponse:
    try:
        benefit = _benefit(request, benefit_pk, Action.CHANGE)
    except income.NotVisible:
        return page_not_found(request)
    except income.NotAllowed:
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = FineForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                fine = services.create_fine(
                    request.user,
                    services.NewFine(
                        benefit_pk=benefit.pk,
                        breach_on=data["breach_on"],
                        report_on=data["report_on"],
                        breach=data["breach"],
                        detriment=data["detriment"],
                        blame=data["blame"],
                        previous_fine_on=data["previous_fine_on"],
                        previous_warning_or_fine_on=data["previous_warning_or_fine_on"],
                        warning_requested=data["warning_requested"],
                        urgent_reasons=data["urgent_reasons"],
                        investigation_reference=data["investigation_reference"],
                    ),
                    PURPOSE,
                )
            except (services.NotVisible, services.NotAllowed):
                return page_not_found(request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De boete is berekend als %(reference)s.") % {"reference": fine.reference},
                )
                return redirect("fine", pk=fine.pk)
    else:
        form = FineForm(initial={"report_on": timezone.localdate()})
    return render(
        request, "sanctions/fine_create.html", {"benefit": benefit, "form": form}, status=status
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def benefit_measures(request: HttpRequest, benefit_pk: int) -> HttpResponse:
    try:
        benefit = _benefit(request, benefit_pk)
    except income.NotVisible:
        return page_not_found(request)
    today = timezone.localdate()
    rules = measure_services.rules_for(benefit, today)
    status = 200
    if request.method == "POST":
        form = MeasureForm(request.POST, rules=rules)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                measure_services.record_measure(
                    request.user,
                    measure_services.NewMeasure(
                        benefit_pk=benefit.pk,
                        rule_code=data["rule_code"],
                        breach_on=data["breach_on"],
                        start_month=data["start_month"],
                        reason=data["reason"],
                    ),
                    PURPOSE,
                )
            except income.NotVisible:
                return page_not_found(request)
            except income.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De maatregel is vastgelegd."))
                return redirect("benefit-measures", benefit_pk=benefit.pk)
    else:
        form = MeasureForm(rules=rules)
    found, _total = measure_services.list_measures(
        request.user, benefit_pk=benefit.pk, purpose=PURPOSE, limit=100
    )
    return render(
        request,
        "sanctions/measures.html",
        {
            "benefit": benefit,
            "measures": found,
            "rules": rules,
            "form": form,
            "examples": any(r.example for r in rules),
        },
        status=status,
    )
