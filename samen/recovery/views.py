"""Debtor screens (vorderingen): a person's claims, a claim with its ledger, booking a
receipt, write-off or correction, and a payment arrangement.

Thin: everything goes through :mod:`samen.recovery.services` with purpose *uitvoering*, so
the one access policy scopes it and the audit trail records it. A claim the user may not
see answers the Dutch 404 page; one they may see but not change, 403.
"""

from __future__ import annotations

from typing import Any

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
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.recovery import letters as recovery_letters
from samen.recovery import services
from samen.recovery.forms import ArrangementForm, BookingForm

PURPOSE = Purpose.UITVOERING


@handles_personal_data
def person_claims(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person, rows = services.claims_of_person(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "recovery/person_claims.html",
        {
            "person": person.person,
            "rows": rows,
            "total": sum((r.balance for r in rows), start=0),
        },
    )


@handles_personal_data
def claim_detail(request: HttpRequest, claim_pk: int) -> HttpResponse:
    try:
        view = services.get_claim(request.user, claim_pk, purpose=PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    policy = policy_for(request.user)
    claim = view.claim
    return render(
        request,
        "recovery/claim.html",
        {
            "view": view,
            "claim": claim,
            "person": claim.person,
            "may_change": policy.allows(
                Action.CHANGE, claim.municipality_id, claim.domain_id, claim.confidentiality
            ),
            "letters": recovery_letters.letters_of(request.user, claim, PURPOSE),
        },
    )


def _form_view(
    request: HttpRequest,
    claim_pk: int,
    *,
    form_class: type[forms.Form],
    template: str,
    field_map: dict[str, str],
    perform: Any,
    done: str,
) -> HttpResponse:
    try:
        view = services.get_claim(request.user, claim_pk, Action.CHANGE, purpose=PURPOSE)
    except services.NotAllowed:
        return permission_denied(request)
    except services.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                perform(form.cleaned_data)
            except services.NotVisible:
                return page_not_found(request)
            except services.NotAllowed:
                return permission_denied(request)
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, field_map)
                status = 400
            else:
                messages.success(request, done)
                return redirect("claim", claim_pk=view.claim.pk)
        else:
            status = 400
    else:
        form = form_class(
            initial={"version": view.claim.version, "boekdatum": timezone.localdate()}
        )
    return render(
        request,
        template,
        {"form": form, "view": view, "claim": view.claim, "conflict": status == 409},
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_booking(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        services.book(
            request.user,
            claim_pk,
            kind=data["soort"],
            amount=data["bedrag"],
            booked_on=data["boekdatum"],
            reason=data["reden"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _form_view(
        request,
        claim_pk,
        form_class=BookingForm,
        template="recovery/booking.html",
        field_map={
            "kind": "soort",
            "amount": "bedrag",
            "booked_on": "boekdatum",
            "reason": "reden",
        },
        perform=perform,
        done=_("De boeking is vastgelegd."),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_arrangement(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        services.create_arrangement(
            request.user,
            claim_pk,
            instalment=data["termijnbedrag"],
            start_month=data["eerste_maand"],
            reason=data["reden"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _form_view(
        request,
        claim_pk,
        form_class=ArrangementForm,
        template="recovery/arrangement.html",
        field_map={"instalment": "termijnbedrag", "start_month": "eerste_maand", "reason": "reden"},
        perform=perform,
        done=_("De betalingsregeling is vastgelegd."),
    )


# ---------------------------------------------------------------------------------------------
# Deductions in the payment run (issue 15 items 4 and 5): a benefit's garnishments
# (derdenbeslag) and the client's direct payments (``/uitkeringen/<id>/beslagen``),
# registering and ending them, and verrekenen on a claim (``/vorderingen/<id>/verrekenen``).
# Everything through samen.recovery.garnishments (one access policy, audited).
# ---------------------------------------------------------------------------------------------
from samen.income import services as income  # noqa: E402
from samen.recovery import garnishments as service  # noqa: E402
from samen.recovery.garnishment_forms import (  # noqa: E402
    DirectPaymentForm,
    EndForm,
    GarnishmentForm,
    OffsetForm,
)
from samen.recovery.models import DirectPayment, Garnishment  # noqa: E402

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
        view = services.get_claim(request.user, claim_pk, Action.CHANGE, purpose=PURPOSE)
    except services.NotAllowed:
        return permission_denied(request)
    except services.NotVisible:
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
