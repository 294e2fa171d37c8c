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
