"""The terms of the court procedure (samen/appeals/data/termijnen.csv): the verweerschrift,
the hoger beroep at the Centrale Raad van Beroep and the new decision after a ruling."""

from django.db import migrations


def load(apps, schema_editor):
    from samen.appeals import rules

    rules.load(apps)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
