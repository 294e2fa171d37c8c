"""`samen noodaccount PERSONEELSNUMMER`: give a staff member the break-glass login, for when
the identity provider is down: a new random password and a new TOTP authenticator, both
printed once. What the account may do still comes only from the staff member's grants. Run it
for as few people as possible (functioneel beheer, the director), keep the output in the
safe, and run it again to replace both. `--intrekken` removes the password and the
authenticators again. Every login, this one included, is kept in django-axes' access log
(address, browser, time; in /beheer/), every failed one in its attempts.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.organisation.auth import is_demo_user
from samen.organisation.models import Staff

DEVICE_NAME = "noodaccount"


class Command(BaseCommand):
    help = "Noodaccount: wachtwoord en authenticator (TOTP) voor inloggen zonder de IdP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_number", metavar="PERSONEELSNUMMER")
        parser.add_argument(
            "--intrekken", action="store_true", help="Wachtwoord en authenticators weghalen."
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        staff = (
            Staff.objects.select_related("user")
            .filter(employee_number=options["employee_number"])
            .first()
        )
        if staff is None:
            raise CommandError(
                f"Geen medewerker met personeelsnummer {options['employee_number']}."
            )
        if is_demo_user(staff.user):
            raise CommandError("Een demogebruiker kan geen noodaccount krijgen.")
        user = staff.user
        TOTPDevice.objects.filter(user=user).delete()
        if options["intrekken"]:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            self.stdout.write(f"Noodaccount van {staff.name} ingetrokken.")
            return
        password = secrets.token_urlsafe(18)
        user.set_password(password)
        user.save(update_fields=["password"])
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        self.stdout.write(f"Noodaccount voor {staff.name} ({staff.employee_number}):")
        self.stdout.write(f"  gebruikersnaam: {user.get_username()}")
        self.stdout.write(f"  wachtwoord:     {password}")
        self.stdout.write(f"  authenticator:  {device.config_url}")
        self.stdout.write(
            "Zet de authenticator in een app (de regel hierboven als QR-code of de sleutel "
            "erin) en bewaar beide in de kluis; ze worden niet nog eens getoond."
        )
