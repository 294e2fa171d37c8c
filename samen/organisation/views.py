"""Organisation and mandate screens: who executes which task for which municipality, the
municipalities, areas and teams, the mandate register, "wie mag besluiten?" and the check of
recorded decisions against the register.

Thin: the views parse input with a form, ask :mod:`samen.organisation.services`, and render.
No business rule lives here. Configuration, not personal data: Django's model permissions
decide who sees these pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.common.forms import add_service_errors
from samen.organisation import models, services
from samen.organisation.forms import (
    STAFF_FIELDS,
    ExecutesForm,
    MandateFilterForm,
    StaffCreateForm,
    WhoMayDecideForm,
)

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
        "organisation/organisation.html",
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
        "organisation/municipality.html",
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
    return render(request, "organisation/executes.html", {"executes_form": form, "answer": answer})


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
        "organisation/mandates.html",
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
    return render(request, "organisation/mandate.html", {"mandate": mandate})


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
    return render(request, "organisation/who_may_decide.html", context)


@_permission("organisation.view_recordeddecision")
def uncovered(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organisation/uncovered.html", {"uncovered": services.uncovered_decisions()}
    )


# ---------------------------------------------------------------------------------------------
# Staff (functional management)
# ---------------------------------------------------------------------------------------------
@_permission("organisation.view_staff")
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/staff_list.html",
        {
            "staff": services.staff_members(),
            "may_add": request.user.has_perm("organisation.add_staff"),
            "may_see_grants": request.user.has_perm("access.manage_grants")
            or request.user.has_perm("access.approve_grants"),
        },
    )


@_permission("organisation.add_staff")
def staff_create(request: HttpRequest) -> HttpResponse:
    """A new staff member and their login, linked once. Access comes only from grants that a
    second person approved, so the next step is proposing one."""
    if request.method == "POST":
        form = StaffCreateForm(request.POST)
        if form.is_valid():
            try:
                staff = services.create_staff(request.user, form.new_staff())
            except ValidationError as error:
                add_service_errors(form, error, STAFF_FIELDS)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is aangemaakt met login %(login)s. Zonder goedgekeurde "
                        "autorisatie heeft de medewerker geen toegang tot persoonsgegevens."
                    )
                    % {"name": staff.name, "login": staff.user.get_username()},
                )
                if request.user.has_perm("access.manage_grants"):
                    return redirect("staff-grants", staff_id=staff.pk)
                return redirect("staff-list")
        status = 400
    else:
        form = StaffCreateForm()
        status = 200
    return render(request, "organisation/staff_create.html", {"form": form}, status=status)
