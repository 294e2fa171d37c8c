"""`samen audit verify` walks the hash chain of the audit trail and reports the first broken
entry (exit code 1), or confirms the whole chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.access import audit


class Command(BaseCommand):
    help = "Audittrail: controleer de hashketen (verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "controleer"])

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = audit.verify()
        if broken is None:
            self.stdout.write(
                self.style.SUCCESS(f"Audittrail in orde: {count} regels, keten intact.")
            )
            return
        self.stdout.write(
            f"Audittrail verbroken bij regel {broken.sequence} (id {broken.entry_id}): "
            f"{broken.reason}."
        )
        raise SystemExit(1)
