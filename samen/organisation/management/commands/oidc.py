"""`samen oidc ISSUER`: read the identity provider's discovery document
(``ISSUER/.well-known/openid-configuration``) and print the SAMEN_OIDC_* settings for its
endpoints, to paste into the environment next to the client id and secret the municipality
registered for samen (docs/operations.md). Nothing is stored."""

from __future__ import annotations

from typing import Any

import requests
from django.core.management.base import BaseCommand, CommandError, CommandParser

ENDPOINTS = (
    ("SAMEN_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint", True),
    ("SAMEN_OIDC_TOKEN_ENDPOINT", "token_endpoint", True),
    ("SAMEN_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint", True),
    ("SAMEN_OIDC_JWKS_ENDPOINT", "jwks_uri", True),
    ("SAMEN_OIDC_END_SESSION_ENDPOINT", "end_session_endpoint", False),
)


class Command(BaseCommand):
    help = "Toont de SAMEN_OIDC_*-instellingen uit het discovery-document van de identity provider."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "issuer", metavar="ISSUER", help="bijvoorbeeld https://login.gemeente.nl"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = options["issuer"].rstrip("/")
        if not issuer.startswith(("https://", "http://")):
            raise CommandError("Geef het adres van de identity provider, met https://.")
        url = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"Het discovery-document op {url} is niet te lezen: {exc}") from exc
        if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
            raise CommandError(f"{url} is geen discovery-document van {issuer}.")
        missing = [key for _, key, required in ENDPOINTS if required and not document.get(key)]
        if missing:
            raise CommandError("De identity provider noemt niet: " + ", ".join(missing))
        for setting, key, _required in ENDPOINTS:
            if document.get(key):
                self.stdout.write(f"{setting}={document[key]}")
        algorithms = document.get("id_token_signing_alg_values_supported") or []
        if "RS256" not in algorithms and algorithms:
            self.stdout.write(f"SAMEN_OIDC_SIGN_ALGO={algorithms[0]}")
        if not document.get("end_session_endpoint"):
            self.stderr.write(
                "Let op: de identity provider heeft geen end_session_endpoint; uitloggen in "
                "samen beëindigt dan alleen de sessie in samen."
            )
