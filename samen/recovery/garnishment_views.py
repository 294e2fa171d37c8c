"""Screens for the deductions on a benefit: its garnishments (derdenbeslag) and the
client's direct payments (``/uitkeringen/<id>/beslagen``), registering and ending them,
and the explicit *verrekenen* instruction on a claim (``/vorderingen/<id>/verrekenen``).

Thin: everything through :mod:`samen.recovery.garnishments` with purpose *uitvoering*, so
the one access policy scopes it (a benefit the user may not see answers the Dutch 404
page; one they may read but not change, 403) and the audit trail records it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.income import services as income
from samen.recovery import garnishments as service
from samen.recovery import services as claims
from samen.recovery.garnishment_forms import (
    DirectPaymentForm,
    EndForm,
    GarnishmentForm,
    OffsetForm,
)
from samen.recovery.models import DirectPayment, Garnishment

PURPOSE = Purpose.UITVOERING
FIELDS = {
    "garnishee": "beslaglegger",
    "creditor": "ontvanger",
    "iban": "iban",
    "reference": "kenmerk",
    "monthly_amount": "bedrag_per_maand",
    "amount": "bedrag",
    "served_on": "datum_betekening",
    "start_month": "eerste_maand",
    "ends_on": "einddatum",
    "reason": "toelichting",
}


def _new_forms(request: HttpRequest, which: str) -> tuple[GarnishmentForm, DirectPaymentForm]:
    posted = request.POST if request.method == "POST" else None
    return (
        GarnishmentForm(posted if which == "beslag" else None, prefix="beslag"),
        DirectPaymentForm(posted if which == "direct" else None, prefix="direct"),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def benefit_deductions(request: HttpRequest, benefit_pk: int) -> HttpResponse:
    """The garnishments and direct payments on a benefit, and the forms to add one."""
    which = request.POST.get("soort", "") if request.method == "POST" else ""
    garnishment_form, direct_form = _new_forms(request, which)
    status = 200
    if request.method == "POST":
        form: forms.Form = garnishment_form if which == "beslag" else direct_form
        if which not in ("beslag", "direct"):
            status = 400
            messages.error(
                request, _("Kies wat u wilt vastleggen: een beslag of een directe betaling.")
            )
        elif form.is_valid():
            try:
                _register(request, benefit_pk, which, form.cleaned_data)
            except service.NotVisible:
                return page_not_found(request)
            except service.NotAllowed:
                return permission_denied(request)
            except ValidationError as error:
                add_service_errors(form, error, FIELDS)
                status = 400
            else:
                messages.success(
                    request,
                    _("Het beslag is vastgelegd.")
                    if which == "beslag"
                    else _("De directe betaling is vastgelegd."),
                )
                return redirect("benefit-deductions", benefit_pk=benefit_pk)
        else:
            status = 400
    try:
        view = service.on_benefit(request.user, benefit_pk, PURPOSE)
    except service.NotVisible:
        return page_not_found(request)
    benefit = view.benefit
    return render(
        request,
        "recovery/benefit_deductions.html",
        {
            "view": view,
            "benefit": benefit,
            "person": benefit.person,
            "garnishment_form": garnishment_form,
            "direct_form": direct_form,
            "may_change": policy_for(request.user).allows(
                Action.CHANGE, benefit.municipality_id, benefit.domain_id, benefit.confidentiality
            ),
        },
        status=status,
    )


def _register(request: HttpRequest, benefit_pk: int, which: str, data: dict[str, Any]) -> None:
    if which == "beslag":
        service.register_garnishment(
            request.user,
            benefit_pk,
            garnishee=data["beslaglegger"],
            iban=data["iban"],
            reference=data["kenmerk"],
            monthly_amount=data["bedrag_per_maand"],
            served_on=data["datum_betekening"],
            preferent=data["rang"] == "preferent",
            ends_on=data["einddatum"],
            reason=data["toelichting"],
            purpose=PURPOSE,
        )
    else:
        service.register_direct_payment(
            request.user,
            benefit_pk,
            creditor=data["ontvanger"],
            iban=data["iban"],
            reference=data["kenmerk"],
            amount=data["bedrag"],
            start_month=data["eerste_maand"],
            ends_on=data["einddatum"],
            reason=data["toelichting"],
            purpose=PURPOSE,
        )


def _end_view(request: HttpRequest, model: type[Any], pk: int, ender: Any) -> HttpResponse:
    benefit_id = model.objects.filter(pk=pk).values_list("benefit_id", flat=True).first()
    try:
        benefit = income.get_benefit(request.user, benefit_id or "x", Action.CHANGE, PURPOSE)
    except service.NotAllowed:
        return permission_denied(request)
    except service.NotVisible:
        return page_not_found(request)
    row = model.objects.get(pk=pk)
    status = 200
    if request.method == "POST":
        form = EndForm(request.POST)
        if form.is_valid():
            try:
                ender(
                    request.user,
                    pk,
                    ends_on=form.cleaned_data["einddatum"],
                    reason=form.cleaned_data["reden"],
                    expected_version=form.cleaned_data["version"],
                    purpose=PURPOSE,
                )
            except service.NotVisible:
                return page_not_found(request)
            except service.NotAllowed:
                return permission_denied(request)
            except service.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, {"ends_on": "einddatum", "reason": "reden"})
                status = 400
            else:
                messages.success(request, _("De einddatum is vastgelegd."))
                return redirect("benefit-deductions", benefit_pk=benefit.pk)
        else:
            status = 400
    else:
        form = EndForm(initial={"version": row.version})
    return render(
        request,
        "recovery/deduction_end.html",
        {"form": form, "row": row, "benefit": benefit, "is_garnishment": model is Garnishment},
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def garnishment_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _end_view(request, Garnishment, pk, service.end_garnishment)


@handles_personal_data
@require_http_methods(["GET", "POST"])
def direct_payment_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _end_view(request, DirectPayment, pk, service.end_direct_payment)


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_offset(request: HttpRequest, claim_pk: int) -> HttpResponse:
    """Verrekenen: offset a claim against the debtor's benefit from a month on."""
    try:
        view = claims.get_claim(request.user, claim_pk, Action.CHANGE, purpose=PURPOSE)
    except claims.NotAllowed:
        return permission_denied(request)
    except claims.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = OffsetForm(request.POST)
        if form.is_valid():
            try:
                service.set_offset(
                    request.user,
                    claim_pk,
                    amount=form.cleaned_data["bedrag"],
                    start_month=form.cleaned_data["eerste_maand"],
                    reason=form.cleaned_data["reden"],
                    expected_version=form.cleaned_data["version"],
                    purpose=PURPOSE,
                )
            except service.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(
                    form,
                    error,
                    {"amount": "bedrag", "start_month": "eerste_maand", "reason": "reden"},
                )
                status = 400
            else:
                messages.success(request, _("De verrekening met de uitkering is vastgelegd."))
                return redirect("claim", claim_pk=view.claim.pk)
        else:
            status = 400
    else:
        form = OffsetForm(initial={"version": view.claim.version})
    return render(
        request,
        "recovery/offset.html",
        {"form": form, "view": view, "claim": view.claim},
        status=status,
    )
