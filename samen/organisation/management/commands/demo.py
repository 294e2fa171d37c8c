"""`samen demo laden` loads the demo organisation and prints the demo users;
`samen demo verwijderen` removes the demo users again. Only in demo mode (SAMEN_DEMO=1)."""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.access import demo as access_demo
from samen.access.models import Grant
from samen.cases import demo as cases_demo
from samen.enforcement import demo as enforcement_demo
from samen.organisation import demo
from samen.people import demo as people_demo
from samen.review import reference as review_reference
from samen.steering import demo as steering_demo


class Command(BaseCommand):
    help = "Demogegevens laden of verwijderen (alleen in demomodus, SAMEN_DEMO=1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["laden", "verwijderen"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verwijderen":
            enforcement_demo.remove()  # signals and investigations refer to the benefits
            cases_demo.remove_cases()
            steering_demo.remove()
            Grant.objects.filter(staff__is_demo=True).delete()
            removed = demo.remove_demo()
            self.stdout.write(f"{removed} demogebruikers verwijderd.")
            return
        try:
            demo.refuse_outside_demo_mode()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        users = demo.load_demo()
        access_demo.load_grants()
        review_reference.load_demo_rules()  # four-eyes review of the consulents' bijstand
        steering_demo.load()
        created = people_demo.load_persons()
        cases = cases_demo.load_cases()
        enforcement_demo.load()  # IB signals on the demo benefits, an investigation
        steering_demo.load_reports()  # after the benefits, whose figures the reports freeze
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens geladen ({created} nieuwe personen, {cases} nieuwe zaken)."
            )
        )
        self.stdout.write(f"\nDemogebruikers (wachtwoord voor allemaal: {demo.DEMO_PASSWORD}):")
        width = max(len(u.username) for u in users)
        for user in users:
            self.stdout.write(f"  {user.username.ljust(width)}  {user.name}: {user.may}")
        url = os.environ.get("SAMEN_URL", "http://127.0.0.1:8000")
        self.stdout.write(f"\nOpen {url} en log in met een van deze gebruikers.")
