"""The kinds of letter from ``data/letter_kinds.json`` (code, name, subject, legal basis and
their own placeholders). Idempotent: a kind that exists keeps what functional management
changed; its placeholders follow the file, since the code that sends it fills them. The
default body texts stay in ``data/body_templates`` and are validated here, so a broken
default cannot be deployed."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    from samen.correspondence import house

    kind_model = apps.get_model("correspondence", "LetterKind")
    for row in json.loads((DATA / "letter_kinds.json").read_text(encoding="utf-8")):
        house.validate_body(house.default_body(row["code"]), row["placeholders"])
        kind, created = kind_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "subject": row["subject"],
                "legal_basis": row["legal_basis"],
                "placeholders": row["placeholders"],
            },
        )
        if not created and kind.placeholders != row["placeholders"]:
            kind.placeholders = row["placeholders"]
            kind.save(update_fields=["placeholders"])


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
