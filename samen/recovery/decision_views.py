"""The decision and collection screens of a claim: the recovery decision, the dwangbevel,
forgoing recovery, recording a reminder or summons, and the worklist of claims nearing
limitation. Thin, as :mod:`samen.recovery.views`: everything through the services with
purpose *uitvoering* (one access policy, audited); a claim the user may not see answers the
Dutch 404 page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.recovery import decisions, services, steps
from samen.recovery.decision_forms import ForgoForm, RecoveryForm, StepForm, WritForm

PURPOSE = Purpose.UITVOERING
FIELDS = {
    "ground": "grondslag",
    "benefit_type": "soort_verstrekking",
    "period_from": "periode_vanaf",
    "period_until": "periode_tot_en_met",
    "decided_on": "besluitdatum",
    "reasoning": "motivering",
    "gross_amount": "bruto_bedrag",
    "amount": "bedrag",
    "kind": "soort",
    "sent_on": "verzonden_op",
    "note": "toelichting",
}


def _action(
    request: HttpRequest,
    claim_pk: int,
    *,
    form_class: type[forms.Form],
    title: str,
    intro: str,
    url_name: str,
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
                add_service_errors(form, error, FIELDS)
                status = 400
            else:
                messages.success(request, done)
                return redirect("claim", claim_pk=view.claim.pk)
        else:
            status = 400
    else:
        today = timezone.localdate()
        form = form_class(
            initial={"version": view.claim.version, "besluitdatum": today, "verzonden_op": today}
        )
    return render(
        request,
        "recovery/claim_action.html",
        {
            "form": form,
            "view": view,
            "claim": view.claim,
            "title": title,
            "intro": intro,
            "url_name": url_name,
            "conflict": status == 409,
        },
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_recovery_decision(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        decisions.decide_recovery(
            request.user,
            claim_pk,
            decisions.NewRecovery(
                ground=data["grondslag"],
                benefit_type=data["soort_verstrekking"],
                period_from=data["periode_vanaf"],
                period_until=data["periode_tot_en_met"],
                decided_on=data["besluitdatum"],
                reasoning=data["motivering"],
                gross_amount=data.get("bruto_bedrag"),
            ),
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _action(
        request,
        claim_pk,
        form_class=RecoveryForm,
        title=_("Terugvorderingsbesluit nemen"),
        intro=_(
            "Het besluit wordt onder mandaat genomen, met de brief, als besluit van een eigen "
            "zaak: de inwoner kan er bezwaar tegen maken. Ligt een deel van de periode in een "
            "eerder kalenderjaar, dan wordt bruto teruggevorderd (artikel 58 lid 5)."
        ),
        url_name="claim-recovery-decision",
        perform=perform,
        done=_("Het terugvorderingsbesluit is genomen; de brief staat bij de zaak."),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_writ(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        decisions.issue_writ(
            request.user,
            claim_pk,
            decided_on=data["besluitdatum"],
            reasoning=data["motivering"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _action(
        request,
        claim_pk,
        form_class=WritForm,
        title=_("Dwangbevel uitvaardigen"),
        intro=_(
            "Een dwangbevel (artikel 60 Participatiewet) kan pas als de debiteur na een "
            "aanmaning niet heeft betaald en de termijn van de aanmaning voorbij is."
        ),
        url_name="claim-writ",
        perform=perform,
        done=_("Het dwangbevel is uitgevaardigd; de brief staat bij de zaak."),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_forgo(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        decisions.forgo(
            request.user,
            claim_pk,
            ground=data["grondslag"],
            amount=data.get("bedrag"),
            decided_on=data["besluitdatum"],
            reasoning=data["motivering"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _action(
        request,
        claim_pk,
        form_class=ForgoForm,
        title=_("Afzien van terugvordering"),
        intro=_(
            "Een besluit onder mandaat, met de brief. Het bedrag wordt afgeboekt op de vordering."
        ),
        url_name="claim-forgo",
        perform=perform,
        done=_("Het besluit is genomen en het bedrag is afgeboekt."),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def claim_step(request: HttpRequest, claim_pk: int) -> HttpResponse:
    def perform(data: dict[str, Any]) -> None:
        steps.record_step(
            request.user,
            claim_pk,
            kind=data["soort"],
            sent_on=data["verzonden_op"],
            note=data.get("toelichting", ""),
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _action(
        request,
        claim_pk,
        form_class=StepForm,
        title=_("Herinnering of aanmaning vastleggen"),
        intro=_(
            "Leg vast wanneer de herinnering of aanmaning is verstuurd. Een aanmaning stuit de "
            "verjaring (artikel 4:106 Awb); een herinnering niet."
        ),
        url_name="claim-step",
        perform=perform,
        done=_("De stap is vastgelegd."),
    )


@handles_personal_data
@require_GET
def limitation_worklist(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, min(int(request.GET.get("pagina", "1")), 10_000))
    except ValueError:
        page = 1
    size = 25
    try:
        months, total, items = steps.nearing_limitation(
            request.user, offset=(page - 1) * size, limit=size, purpose=PURPOSE
        )
    except ValidationError:
        months, total, items = 0, 0, []
    return render(
        request,
        "recovery/limitation.html",
        {
            "months": months,
            "total": total,
            "items": items,
            "page": page,
            "has_next": page * size < total,
            "today": timezone.localdate(),
        },
    )
