from django.db import migrations


def load(apps, schema_editor):
    from samen.cases import catalogue
    from samen.organisation import reference

    reference.load(apps)  # the decision types the catalogue refers to
    catalogue.load(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
