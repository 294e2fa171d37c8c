from django.db import migrations, models


def route(apps, schema_editor):
    """Routing as data: the handler function of each case type in the catalogue file
    (bezwaar: the jurist)."""
    from samen.cases import catalogue

    CaseType = apps.get_model("cases", "CaseType")
    for row in catalogue.rows():
        handler = (row.get("behandelaar_functie") or "").strip()
        if handler:
            CaseType.objects.filter(code=row["code"].strip()).update(handler_function=handler)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_deadline_override")]

    operations = [
        migrations.AddField(
            model_name="casetype",
            name="handler_function",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "Code van de functie die zaken van dit type behandelt (bijvoorbeeld "
                    "jurist); leeg: de vaste consulent."
                ),
                max_length=40,
                verbose_name="behandeld door functie",
            ),
        ),
        migrations.RunPython(route, migrations.RunPython.noop),
    ]
