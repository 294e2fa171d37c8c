"""The kinds of letter of the debtors' collection steps (herinnering, aanmaning), from
``data/letter_kinds.json`` with the loader of 0002 (idempotent: existing kinds keep what
functional management changed)."""

from importlib import import_module

from django.db import migrations


def load(apps, schema_editor):
    import_module("samen.correspondence.migrations.0002_letter_kinds").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0002_letter_kinds")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
