"""Personal API tokens for staff: `Authorization: Token <key>` (DRF's scheme) or
`Authorization: Bearer <key>`, the same token. Demo users are refused outside demo mode,
like at the login screen. Tokens are made with `samen token GEBRUIKERSNAAM`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token

from samen.organisation.auth import login_allowed

KEYWORDS = (b"token", b"bearer")


class BearerOrTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: the next authenticator (the session) may try
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Ongeldige Authorization-header: gebruik 'Token <token>' of 'Bearer <token>'."
            )
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("Het token bevat ongeldige tekens.") from error
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # DRF's own check, with the staff member in the same query: the demo check below and
        # the access policy both need it, and it was a round trip of its own on every request.
        try:
            token = Token.objects.select_related("user", "user__staff").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if not login_allowed(user):
            raise exceptions.AuthenticationFailed("Deze gebruiker mag hier niet inloggen.")
        return user, token
