"""The default review rules (the organisation's werkinstructie, not law): see
:mod:`samen.review.reference`. Written only for the functions that exist when this runs; on
a new database the demo loader or functional management (/beheer/, Toetsingsregels) adds
them."""

from django.db import migrations

from samen.review import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("review", "ReviewRule"),
        apps.get_model("organisation", "DecisionType"),
        apps.get_model("organisation", "Function"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("organisation", "0006_sentence_case_labels"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
