"""`samen audit verify` walks the hash chain of the audit trail and compares it with every
checkpoint outside the database; it names the first broken entry and everything the
checkpoints show is missing or rewritten (exit code 1), or confirms both.

`samen audit checkpoint` writes the chain's head to a new checkpoint file now (the hourly task
does the same)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.access import audit
from samen.access.checkpoints import Source, when


class Command(BaseCommand):
    help = (
        "Audittrail: controleer de hashketen en de checkpoints (verify), of leg nu een "
        "checkpoint vast buiten de database (checkpoint)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "controleer", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self.checkpoint()
        else:
            self.verify()

    def checkpoint(self) -> None:
        try:
            path, taken = audit.take_checkpoint(Source.COMMAND.value)
        except OSError as error:
            raise CommandError(f"Checkpoint niet vastgelegd: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint vastgelegd in {path}: volgnummer {taken.sequence}, "
                f"{taken.entries} regels, hash {taken.short_hash}."
            )
        )

    def verify(self) -> None:
        result = audit.verify()
        count = len(result.checkpoints)
        if result.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Audittrail in orde: {result.entries} regels, keten intact.")
            )
            if count:
                latest = max(result.checkpoints, key=lambda c: (c.taken_at, c.sequence))
                which = (
                    "Het checkpoint klopt" if count == 1 else f"Alle {count} checkpoints kloppen"
                )
                self.stdout.write(
                    f"{which}; het laatste is van {when(latest.taken_at)} "
                    f"(volgnummer {latest.sequence})."
                )
            for note in result.notes:
                self.stdout.write(f"Let op: {note}.")
            return
        self.stdout.write(
            f"Audittrail NIET in orde ({result.entries} regels, {count} "
            f"checkpoint{'' if count == 1 else 's'} in {result.directory}):"
        )
        if result.broken is not None:
            broken = result.broken
            self.stdout.write(
                f"- Audittrail verbroken bij regel {broken.sequence} (id {broken.entry_id}): "
                f"{broken.reason}."
            )
        for problem in result.problems:
            self.stdout.write(f"- {problem[0].upper()}{problem[1:]}.")
        raise SystemExit(1)
