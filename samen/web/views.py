"""The shell's own pages: the start page and the error pages (wired in ``samen/urls.py``,
with the lockout page for django-axes). Every context's screens live in its own app
(``<app>/views.py``); the shell only includes their ``urls.py``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.api.problems import django_problem
from samen.common import errors, notices
from samen.organisation import models


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
