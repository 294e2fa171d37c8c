"""`samen betaalkalender JAAR`: add the default payment dates (samen.income.calendar) for every
month of a year that has none yet; existing dates are kept. Adjust them in /beheer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.income import schedule


class Command(BaseCommand):
    help = "Betaalkalender: vul de standaardbetaaldata van een jaar aan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("jaar", type=int, choices=range(2000, 2100), metavar="JAAR")

    def handle(self, *args: Any, **options: Any) -> None:
        created = schedule.add_year(options["jaar"])
        for row in created:
            self.stdout.write(
                f"{row.month:%m-%Y}: run vanaf {row.run_on:%d-%m-%Y}, "
                f"betaling {row.pay_on:%d-%m-%Y}"
            )
        self.stdout.write(f"{len(created)} maanden toegevoegd.")
