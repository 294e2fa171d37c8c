"""Enforcement screens: the signal worklist with its terms and the unmatched signals, reading
a file in, a signal and its outcome; the investigations of the sociale recherche with their
activities and outcome; the thematic checks and their tasks.

Thin: every read and change goes through the services with purpose *uitvoering*, so the one
access policy scopes it and the audit trail records it. What the actor may not see answers
the Dutch 404 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.policy import Purpose
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.enforcement import checks, investigations, signals
from samen.enforcement.forms import (
    ActivityForm,
    CheckForm,
    CheckOutcomeForm,
    ConclusionForm,
    ImportForm,
    InvestigationForm,
    SignalOutcomeForm,
    VersionForm,
)
from samen.enforcement.products import FileRefused
from samen.people.services import NotAllowed, NotVisible, VersionConflict

PURPOSE = Purpose.UITVOERING
VIEWS = ("mijn", "alle", "niet-gekoppeld")


def _form_page(
    request: HttpRequest, title: str, form: object, back: str, status: int = 200, **extra: object
) -> HttpResponse:
    return render(
        request,
        "enforcement/form.html",
        {"title": title, "form": form, "back": back, **extra},
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------------
@handles_personal_data
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("weergave", "mijn")
    if view not in VIEWS:
        view = "mijn"
    items, total = signals.worklist(
        request.user, mine=view == "mijn", unmatched=view == "niet-gekoppeld", purpose=PURPOSE
    )
    return render(
        request,
        "enforcement/signals.html",
        {"items": items, "total": total, "view": view},
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def signal_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["bestand"]
            try:
                result = signals.import_file(
                    request.user,
                    form.cleaned_data["gemeente"],
                    form.cleaned_data["product"],
                    upload.name,
                    upload.read(),
                    PURPOSE,
                )
            except NotAllowed as refused:
                form.add_error(None, str(refused))
            except FileRefused as refused:
                form.add_error("bestand", str(refused))
            else:
                if result.already_imported:
                    messages.info(
                        request, _("Dit bestand is al eerder ingelezen; er is niets veranderd.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "%(created)d nieuwe signalen ingelezen, waarvan %(matched)d gekoppeld "
                            "aan een uitkering; %(duplicates)d waren al bekend."
                        )
                        % {
                            "created": result.created,
                            "matched": result.matched,
                            "duplicates": result.duplicates,
                        },
                    )
                return redirect(f"{reverse('signals')}?weergave=alle")
        status = 400
    return _form_page(
        request,
        _("Signalen van het Inlichtingenbureau inlezen"),
        form,
        reverse("signals"),
        status,
        multipart=True,
        intro=_(
            "Eén CSV-bestand per product en gemeente, in het formaat van docs/enforcement.md. "
            "Een bestand met één fout wordt helemaal geweigerd; hetzelfde bestand twee keer "
            "inlezen verandert niets."
        ),
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        signal = signals.get_signal(request.user, pk, PURPOSE)
    except NotVisible:
        return page_not_found(request)
    form = SignalOutcomeForm(request.POST or None, initial={"version": signal.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = signals.handle(
                    request.user,
                    pk,
                    outcome=form.cleaned_data["uitkomst"],
                    reason=form.cleaned_data["toelichting"],
                    version=form.cleaned_data["version"],
                    purpose=PURPOSE,
                )
            except NotVisible:
                return page_not_found(request)
            except NotAllowed:
                return permission_denied(request)
            except VersionConflict as conflict:
                form.add_error(None, str(conflict))
            except ValidationError as error:
                add_service_errors(form, error, {"outcome": "uitkomst", "reason": "toelichting"})
            else:
                messages.success(request, _("Het signaal is afgehandeld."))
                if done.outcome == done.Outcome.CHANGE:
                    messages.info(
                        request,
                        _(
                            "Leg de wijziging nu vast op de uitkering; die berekent de betaalde "
                            "maanden opnieuw."
                        ),
                    )
                    return redirect("benefit-change", benefit_pk=done.benefit_id)
                return redirect("signal", pk=pk)
        status = 400
    return render(
        request,
        "enforcement/signal.html",
        {"signal": signal, "label": signals.product_label(signal), "form": form},
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Investigations
# --------------------------------------------------------------------------------------------
@handles_personal_data
@require_GET
def investigation_list(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("afgerond") == "ja"
    found, total = investigations.list_investigations(request.user, closed=closed, purpose=PURPOSE)
    return render(
        request,
        "enforcement/investigations.html",
        {
            "found": found,
            "total": total,
            "closed": closed,
            "may_start": investigations.investigates(request.user),
        },
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def investigation_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    if not investigations.investigates(request.user):
        return page_not_found(request)
    form = InvestigationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = investigations.NewInvestigation(
                person_pk=person_pk,
                municipality_code=form.cleaned_data["gemeente"].cbs_code,
                origin=form.cleaned_data["aanleiding"],
                reason=form.cleaned_data["toelichting"],
                started_on=form.cleaned_data["gestart"],
            )
            try:
                found = investigations.start(request.user, data, PURPOSE)
            except NotVisible:
                return page_not_found(request)
            except NotAllowed as refused:
                form.add_error(None, str(refused))
            except ValidationError as error:
                add_service_errors(
                    form,
                    error,
                    {
                        "origin": "aanleiding",
                        "reason": "toelichting",
                        "started_on": "gestart",
                        "municipality": "gemeente",
                    },
                )
            else:
                messages.success(
                    request,
                    _("Onderzoek %(reference)s is gestart.") % {"reference": found.reference},
                )
                return redirect("investigation", pk=found.pk)
        status = 400
    return _form_page(
        request, _("Fraudeonderzoek starten"), form, reverse("investigations"), status
    )


@handles_personal_data
@require_GET
def investigation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found, activities = investigations.get_investigation(request.user, pk, PURPOSE)
    except NotVisible:
        return page_not_found(request)
    return render(
        request,
        "enforcement/investigation.html",
        {"found": found, "activities": activities},
    )


STEPS = {
    "handeling": (_("Onderzoekshandeling vastleggen"), ActivityForm),
    "afronden": (_("Onderzoek afronden"), ConclusionForm),
    "oppakken": (_("Onderzoek oppakken"), VersionForm),
}


def _perform(request: HttpRequest, step: str, pk: int, data: dict) -> None:
    if step == "handeling":
        investigations.add_activity(
            request.user,
            pk,
            kind=data["soort"],
            on=data["datum"],
            report=data["verslag"],
            staff_number=data["medewerker"],
            purpose=PURPOSE,
        )
    elif step == "oppakken":
        investigations.take_on(request.user, pk, data["version"])
    else:
        investigations.conclude(
            request.user,
            pk,
            investigations.Conclusion(
                outcome=data["uitkomst"],
                concluded_on=data["afgerond"],
                conclusion=data["conclusie"],
                amount=data["bedrag"],
                harm_from=data["benadeling_vanaf"],
                harm_until=data["benadeling_tot"],
                report_number=data["pv_nummer"],
                report_sent_on=data["pv_verzonden"],
            ),
            data["version"],
            PURPOSE,
        )


CONCLUSION_FIELDS = {
    "outcome": "uitkomst",
    "concluded_on": "afgerond",
    "conclusion": "conclusie",
    "amount": "bedrag",
    "harm_from": "benadeling_vanaf",
    "harm_until": "benadeling_tot",
    "report_number": "pv_nummer",
    "report_sent_on": "pv_verzonden",
    "kind": "soort",
    "on": "datum",
    "report": "verslag",
    "staff": "medewerker",
}


@handles_personal_data
@require_http_methods(["GET", "POST"])
def investigation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        return page_not_found(request)
    try:
        _policy, found = investigations.load(request.user, pk, PURPOSE)
    except NotVisible:
        return page_not_found(request)
    title, form_class = STEPS[step]
    form = form_class(request.POST or None, initial={"version": found.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _perform(request, step, pk, form.cleaned_data)
            except NotVisible:
                return page_not_found(request)
            except VersionConflict as conflict:
                form.add_error(None, str(conflict))
            except ValidationError as error:
                add_service_errors(form, error, CONCLUSION_FIELDS)
            else:
                messages.success(
                    request,
                    _("Vastgelegd bij onderzoek %(reference)s.") % {"reference": found.reference},
                )
                return redirect("investigation", pk=pk)
        status = 400
    return _form_page(
        request,
        title,
        form,
        reverse("investigation", args=[pk]),
        status,
        action=reverse("investigation-step", args=[pk, step]),
    )


# --------------------------------------------------------------------------------------------
# Thematic checks
# --------------------------------------------------------------------------------------------
@handles_personal_data
@require_http_methods(["GET", "POST"])
def check_list(request: HttpRequest) -> HttpResponse:
    if not investigations.investigates(request.user):
        return page_not_found(request)
    form = CheckForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                check = checks.create_check(
                    request.user,
                    name=data["naam"],
                    municipality_code=data["gemeente"].cbs_code,
                    criterion=data["criterium"],
                    reference_day=data["peildatum"],
                    size=data["omvang"],
                    seed=data["seed"],
                    purpose=PURPOSE,
                )
            except NotAllowed as refused:
                form.add_error(None, str(refused))
            except ValidationError as error:
                add_service_errors(
                    form,
                    error,
                    {
                        "name": "naam",
                        "criterion": "criterium",
                        "reference_day": "peildatum",
                        "size": "omvang",
                    },
                )
            else:
                return redirect("thematic-check", pk=check.pk)
        status = 400
    return render(
        request,
        "enforcement/checks.html",
        {"found": checks.list_checks(request.user), "form": form},
        status=status,
    )


@handles_personal_data
@require_GET
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        check, items = checks.get_check(request.user, pk, PURPOSE)
    except NotVisible:
        return page_not_found(request)
    return render(request, "enforcement/check.html", {"check": check, "items": items})


@handles_personal_data
@require_http_methods(["GET", "POST"])
def check_item_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    form = CheckOutcomeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = checks.record_outcome(
                    request.user,
                    pk,
                    outcome=form.cleaned_data["uitkomst"],
                    reason=form.cleaned_data["toelichting"],
                    purpose=PURPOSE,
                )
            except NotVisible:
                return page_not_found(request)
            except ValidationError as error:
                add_service_errors(form, error, {"outcome": "uitkomst", "reason": "toelichting"})
            else:
                return redirect("thematic-check", pk=item.thematic_check_id)
        status = 400
    return _form_page(
        request, _("Uitkomst van de controletaak"), form, reverse("thematic-checks"), status
    )
