"""The shell's login and logout: the municipality's identity provider (OpenID Connect) first,
the password form for demo mode and the break-glass account (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc import views as oidc_views

from samen.organisation import oidc
from samen.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.enabled()
        context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        context["logged_out"] = "uitgelogd" in self.request.GET
        return context


login = LoginView.as_view()
# Logout: a provider login also ends at the provider (samen.organisation.oidc.logout_url).
logout = oidc_views.OIDCLogoutView.as_view()
_authenticate = oidc_views.OIDCAuthenticationRequestView.as_view()
_callback = oidc_views.OIDCAuthenticationCallbackView.as_view()


def oidc_authenticate(request: HttpRequest) -> HttpResponse:
    """To the identity provider (404 while no provider is configured)."""
    if not oidc.enabled():
        raise Http404
    return _authenticate(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404
    return _callback(request)


def login_refused(request: HttpRequest) -> HttpResponse:
    """The identity provider knew the employee, samen did not (or the login failed there)."""
    refusal = oidc.refusal(request)
    return render(
        request,
        "web/login_refused.html",
        {
            "reason": refusal["reden"],
            "staff_number": refusal["personeelsnummer"],
            "oidc_provider_name": settings.OIDC_PROVIDER_NAME,
        },
        status=403,
    )
