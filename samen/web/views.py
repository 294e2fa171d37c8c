"""Staff screens. Views are thin: they parse input with a form, ask the services of the
organisation app, and render. No business rule lives here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.api.problems import django_problem
from samen.common import errors, notices
from samen.organisation import models, services
from samen.web.forms import ExecutesForm, MandateFilterForm, WhoMayDecideForm

MANDATE_PARTIES = (
    "grantor_college",
    "grantor_function",
    "grantor_staff",
    "grantee_college",
    "grantee_function",
    "grantee_staff",
)


def _permission(codename: str):  # type: ignore[no-untyped-def]
    """Login first (anonymous users go to the login page); a logged-in user without the
    permission gets the Dutch 403 page."""

    def decorate(view):  # type: ignore[no-untyped-def]
        return login_required(permission_required(codename, raise_exception=True)(view))

    return decorate


# ---------------------------------------------------------------------------------------------
# Start
# ---------------------------------------------------------------------------------------------
@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    staff: models.Staff | None = getattr(request.user, "staff", None)
    appointment = staff.appointment_on(today) if staff else None
    return render(
        request,
        "web/home.html",
        {
            "staff": staff,
            "appointment": appointment,
            "today": today,
            # What the apps say needs attention (samen.common.notices).
            "notices": notices.notices_for(request.user, today),
        },
    )


# ---------------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------------
@_permission("organisation.view_municipality")
def organisation(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    municipalities = list(models.Municipality.objects.all())
    domains = list(models.Domain.objects.all())
    matrix = [(m, [(d, services.executes(m, d, today)) for d in domains]) for m in municipalities]
    arrangements = models.Arrangement.objects.select_related(
        "executing_municipality"
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=models.Membership.objects.select_related("municipality").order_by(
                "municipality__name", "valid_from"
            ),
        )
    )
    return render(
        request,
        "web/organisation.html",
        {
            "today": today,
            "municipalities": municipalities,
            "domains": domains,
            "matrix": matrix,
            "arrangements": arrangements,
            "areas": models.Area.objects.select_related("municipality"),
            "teams": models.Team.objects.select_related("domain").prefetch_related("areas"),
            "executes_form": ExecutesForm(),
        },
    )


@_permission("organisation.view_municipality")
def municipality_detail(request: HttpRequest, cbs_code: str) -> HttpResponse:
    municipality = get_object_or_404(models.Municipality, cbs_code=cbs_code.upper())
    return render(
        request,
        "web/municipality.html",
        {
            "municipality": municipality,
            "memberships": municipality.memberships.select_related("arrangement").order_by(
                "valid_from"
            ),
            "tasks": municipality.contracted_tasks.select_related("domain", "arrangement").order_by(
                "domain__order", "valid_from"
            ),
            "areas": municipality.areas.prefetch_related("teams"),
            "executes_form": ExecutesForm(
                initial={"gemeente": municipality.cbs_code},
            ),
        },
    )


@_permission("organisation.view_municipality")
def executes(request: HttpRequest) -> HttpResponse:
    """Voert samen dit uit? The answer (and its reason) comes from services.executes."""
    form = ExecutesForm(request.GET)
    answer = None
    if form.is_valid():
        answer = services.executes(
            form.cleaned_data["gemeente"], form.cleaned_data["domein"], form.cleaned_data["datum"]
        )
    return render(request, "web/executes.html", {"executes_form": form, "answer": answer})


# ---------------------------------------------------------------------------------------------
# Mandate register
# ---------------------------------------------------------------------------------------------
@_permission("organisation.view_mandate")
def mandates(request: HttpRequest) -> HttpResponse:
    form = MandateFilterForm(request.GET or None)
    mandate_list = models.Mandate.objects.select_related(*MANDATE_PARTIES).prefetch_related(
        "decision_types"
    )
    day = None
    if form.is_valid():
        day = form.cleaned_data["datum"]
        if day is not None:
            mandate_list = mandate_list.valid_on(day)
    return render(
        request,
        "web/mandates.html",
        {
            "form": form,
            "day": day,
            "mandates": mandate_list,
            "may_check": request.user.has_perm("organisation.view_recordeddecision"),
        },
    )


@_permission("organisation.view_mandate")
def mandate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = get_object_or_404(
        models.Mandate.objects.select_related(*MANDATE_PARTIES).prefetch_related(
            "decision_types__domain"
        ),
        pk=pk,
    )
    return render(request, "web/mandate.html", {"mandate": mandate})


@_permission("organisation.view_mandate")
def who_may_decide(request: HttpRequest) -> HttpResponse:
    """Wie mag besluiten? Everyone with a chain (services.who_may_decide) or, for one employee,
    allowed or refused with the chain or the reason (services.may_decide)."""
    form = WhoMayDecideForm(request.GET)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        context["query"] = data
        if data["medewerker"] is not None:
            context["answer"] = services.may_decide(
                data["medewerker"], data["besluittype"], data["gemeente"], data["datum"]
            )
        else:
            context["holders"] = services.who_may_decide(
                data["besluittype"], data["gemeente"], data["datum"]
            )
    return render(request, "web/who_may_decide.html", context)


@_permission("organisation.view_recordeddecision")
def uncovered(request: HttpRequest) -> HttpResponse:
    return render(request, "web/uncovered.html", {"uncovered": services.uncovered_decisions()})


# ---------------------------------------------------------------------------------------------
# Error pages (wired in samen/urls.py)
# ---------------------------------------------------------------------------------------------
def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API never answers with an HTML page
        return django_problem(request, status, str(text))
    return errors.error_page(request, status, title, text)


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes: too many failed logins for this account or from this address. The same
    page whether the account exists or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _error(
        request,
        429,
        _("Te veel mislukte pogingen"),
        _(
            "Er is te vaak verkeerd ingelogd. Probeer het over %(minutes)d minuten opnieuw. "
            "Lukt het dan nog niet, neem contact op met functioneel beheer."
        )
        % {"minutes": minutes},
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("Ongeldig verzoek"),
        _("Het verzoek kon niet worden verwerkt. Controleer het adres of de invoer."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, *errors.forbidden())


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, *errors.not_found())


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return django_problem(
            request, 500, "Er is een interne fout opgetreden. Probeer het later opnieuw."
        )
    # Rendered without the request context: the database or a context processor may be the
    # cause of the error.
    template = loader.get_template(errors.TEMPLATE)
    return HttpResponseServerError(
        template.render(
            {
                "title": _("Er ging iets mis"),
                "text": _("Er is een fout opgetreden. Probeer het later opnieuw."),
                "status": 500,
            }
        )
    )
