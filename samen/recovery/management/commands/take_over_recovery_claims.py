from typing import Any

from django.core.management.base import BaseCommand

from samen.recovery.takeover import take_over_recovery_claims


class Command(BaseCommand):
    help = "Neem de terugvorderingen uit herberekeningen over als vorderingen (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = take_over_recovery_claims()
        self.stdout.write(f"{count} terugvordering(en) overgenomen als vordering.")
