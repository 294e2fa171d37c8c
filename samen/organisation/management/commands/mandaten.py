"""`samen mandaten controleer`: list every recorded decision without valid mandate cover.
Exit code 1 when there is at least one, so it can run in a scheduled check."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.organisation import services


class Command(BaseCommand):
    help = "Mandaatregister: controleer vastgelegde besluiten op een geldige mandaatketen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["controleer"])

    def handle(self, *args: Any, **options: Any) -> None:
        uncovered = services.uncovered_decisions()
        if not uncovered:
            self.stdout.write(
                self.style.SUCCESS("Alle vastgelegde besluiten hebben een geldig mandaat.")
            )
            return
        self.stdout.write(f"{len(uncovered)} besluit(en) zonder geldig mandaat:")
        for item in uncovered:
            d = item.decision
            self.stdout.write(
                f"- {d.reference} ({d.decided_on:%d-%m-%Y}) {d.decision_type.name}, namens "
                f"{d.municipality.name}, door {d.taken_by.name}: {item.reason}"
            )
        raise SystemExit(1)
