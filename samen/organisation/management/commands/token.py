"""`samen token GEBRUIKERSNAAM`: print the user's personal API token, creating it if missing.

Use it as `Authorization: Token <token>` (or `Bearer <token>`). `--vernieuwen` replaces the
token (the old one stops working). Refused for unknown or inactive users, and for demo users
outside demo mode: the same rule as logging in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token

from samen.organisation.auth import is_demo_user


class Command(BaseCommand):
    help = "Toon het persoonlijke API-token van een gebruiker (maakt het aan als het ontbreekt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", metavar="GEBRUIKERSNAAM")
        parser.add_argument(
            "--vernieuwen",
            action="store_true",
            help="Vervang het bestaande token door een nieuw; het oude werkt dan niet meer.",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief.")
        if is_demo_user(user) and not settings.DEMO_MODE:
            raise CommandError(
                f"Gebruiker '{username}' is een demogebruiker; die krijgt alleen in demomodus "
                "(SAMEN_DEMO=1) een token."
            )
        if options["vernieuwen"]:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
