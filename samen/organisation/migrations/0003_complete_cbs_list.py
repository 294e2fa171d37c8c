"""The CBS list shipped with 0002 held only part of the municipalities; the list in
``data/cbs_gemeenten.csv`` is now complete (every current code and the codes ceased since
2016, with their end dates). Loading is idempotent, so databases made with the short list
get the rest and nothing else changes."""

from django.db import migrations


def load(apps, schema_editor):
    from samen.organisation import reference

    reference.load(apps)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
