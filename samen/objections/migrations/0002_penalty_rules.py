from django.db import migrations


def load(apps, schema_editor):
    from samen.objections import rules

    rules.load(apps)


class Migration(migrations.Migration):
    dependencies = [("objections", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
