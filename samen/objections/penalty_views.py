"""The screen that fixes the penalty for not deciding in time (Awb 4:18) on a case, so that
income's next payment run pays it (`/dwangsommen/zaak/<id>`). Its own module: the other
objection screens are in :mod:`samen.objections.views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.policy import Purpose
from samen.cases import services as cases
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import StrictForm, add_service_errors, date_field, text_field
from samen.objections import penalties

PURPOSE = Purpose.UITVOERING


class PenaltyFixForm(StrictForm):
    fixed_on = date_field(gettext_lazy("Vastgesteld op"))
    iban = text_field(gettext_lazy("IBAN van de aanvrager"), max_length=42)


@handles_personal_data
@require_http_methods(["GET", "POST"])
def penalty_fix(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = cases.get_case(request.user, pk, PURPOSE)
    except cases.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = PenaltyFixForm(request.POST)
        if form.is_valid():
            try:
                penalties.fix_penalty(
                    request.user,
                    pk,
                    fixed_on=form.cleaned_data["fixed_on"],
                    iban=form.cleaned_data["iban"],
                    purpose=PURPOSE,
                )
            except cases.NotVisible:
                return page_not_found(request)
            except cases.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("De dwangsom is vastgesteld; de volgende betaalrun betaalt hem uit."),
                )
                return redirect("case", pk=pk)
        else:
            status = 400
    else:
        form = PenaltyFixForm(initial={"fixed_on": timezone.localdate()})
    return render(
        request,
        "objections/penalty_fix.html",
        {"case": case, "form": form, "penalty": penalties.penalty_of(case)},
        status=status,
    )
