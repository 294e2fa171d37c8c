"""Personal API tokens for staff: `Authorization: Token <key>` (DRF's scheme) or
`Authorization: Bearer <key>`, the same token. Demo users are refused outside demo mode,
like at the login screen. Tokens are made with `samen token GEBRUIKERSNAAM`."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

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
        user, token = super().authenticate_credentials(key)
        if not login_allowed(user):
            raise exceptions.AuthenticationFailed("Deze gebruiker mag hier niet inloggen.")
        return user, token
