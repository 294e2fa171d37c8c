"""Staff login through the municipality's identity provider (OpenID Connect,
mozilla-django-oidc, as Open Zaak and Open Formulieren do).

The identity provider only says *who* the employee is: one claim (``OIDC_STAFF_CLAIM``,
default ``personeelsnummer``) carries the staff number, which must belong to an active
:class:`~samen.organisation.models.Staff` with a login. What the employee may do comes only
from samen's own grants and groups: no account is created, and nothing in the claims (groups,
roles, e-mail) changes a user. An employee samen does not know gets no access and a clear
message (:func:`refusal`).

Configuration (all from the environment, see docs/operations.md): ``SAMEN_OIDC_CLIENT_ID``
switches it on; the provider's endpoints come from ``SAMEN_OIDC_*_ENDPOINT`` (``samen
oidc-ontdekken ISSUER`` prints them from the provider's discovery document).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samen.common import codes
from samen.organisation.auth import login_allowed

LOGGER = logging.getLogger(__name__)

# Why the last attempt of this browser failed; read once by the refusal page.
REFUSAL_KEY = "samen_oidc_refusal"
NO_CLAIM = "geen-claim"
UNKNOWN = "onbekend"


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def staff_number(claims: dict[str, Any]) -> str | None:
    """The staff number in the claims, parsed as every staff number is; None when absent or
    malformed."""
    raw = claims.get(settings.OIDC_STAFF_CLAIM)
    if raw is None or isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    try:
        return codes.parse_employee_number(str(raw))
    except ValidationError:
        return None


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Maps the provider's staff-number claim to an existing, active staff login."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the callback view passes a nonce; a password login (username, password) or a
        # stray ?code= on another page never reaches the provider.
        if not enabled() or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _refuse(self, reason: str, number: str | None = None) -> None:
        request = getattr(self, "request", None)
        if request is not None:
            request.session[REFUSAL_KEY] = {"reden": reason, "personeelsnummer": number or ""}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if staff_number(claims) is None:
            self._refuse(NO_CLAIM)
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        number = staff_number(claims)
        users = (
            get_user_model()
            .objects.filter(staff__employee_number=number, is_active=True)
            .select_related("staff")
        )
        allowed = [user for user in users if login_allowed(user)]
        if not allowed:
            LOGGER.info("OIDC-login geweigerd: geen actieve medewerker %s", number)
            self._refuse(UNKNOWN, number)
        return allowed

    def create_user(self, claims: dict[str, Any]) -> None:
        # Never: an employee exists in samen before the first login (OIDC_CREATE_USER=False;
        # this is the second lock).
        return None

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        # The claims never change a user: grants, groups and names are samen's own.
        return user

    def get_user(self, user_id: int) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and login_allowed(user) else None


def refusal(request: HttpRequest) -> dict[str, str]:
    """The reason of this browser's last failed provider login (and forget it)."""
    found = request.session.pop(REFUSAL_KEY, None)
    return found if isinstance(found, dict) else {"reden": "", "personeelsnummer": ""}


def logout_url(request: HttpRequest) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: where the browser goes after samen's logout. A provider
    login also ends at the provider (RP-initiated logout, with the id token as hint), and the
    provider sends the browser back to samen's login page; a password login stays here."""
    back = resolve_url(settings.LOGOUT_REDIRECT_URL)
    end_session = settings.OIDC_OP_END_SESSION_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not (enabled() and end_session and id_token):
        return back
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": request.build_absolute_uri(back),
        "client_id": settings.OIDC_RP_CLIENT_ID,
    }
    return f"{end_session}?{urlencode(query)}"


def origin(url: str) -> str:
    """scheme://host[:port] of a URL (for the Content-Security-Policy's form-action)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
