from django.db import migrations


def up(apps, schema_editor):
    from samen.dossier.reference import load

    load(apps.get_model("dossier", "RetentionClass"), apps.get_model("dossier", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("dossier", "0001_initial")]
    operations = [migrations.RunPython(up, migrations.RunPython.noop)]
