"""The share of justified complaints is computed by the complaints app
(``complaints.gegrond``, registered by samen/complaints through samen/common/kpis.py) instead
of entered by hand; without the complaints app the registry answers nothing and the report
falls back to a hand-entered value."""

from django.db import migrations

DEFINITION = (
    "Klachten afgehandeld in de periode: het deel dat gegrond is verklaard. Alle afgehandelde "
    "klachten tellen mee, ook die niet in behandeling zijn genomen (art. 9:8 Awb) of naar "
    "tevredenheid zijn opgelost (art. 9:5 Awb)."
)
BEFORE = "Klachten gegrond verklaard in de periode, als deel van de ingediende klachten."


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="gegronde-klachten", computation="").update(
        computation="complaints.gegrond", definition=DEFINITION
    )


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="gegronde-klachten", computation="complaints.gegrond").update(
        computation="", definition=BEFORE
    )


class Migration(migrations.Migration):
    dependencies = [("steering", "0006_annual_figures")]

    operations = [migrations.RunPython(forward, backward)]
