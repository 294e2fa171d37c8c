"""The completed fraud investigations are computed by the enforcement app
(``enforcement.fraudeonderzoeken``, registered by samen/enforcement through
samen/common/kpis.py, with the number concluded criminally in its breakdown) instead of
entered by hand; without the enforcement app the registry answers nothing and the report
falls back to a hand-entered value."""

from django.db import migrations

DEFINITION = (
    "Fraudeonderzoeken afgerond in de periode, elke uitkomst (geen fraude, bestuurlijk of "
    "strafrechtelijk afgedaan), met het aantal strafrechtelijk: met proces-verbaal naar het "
    "Openbaar Ministerie."
)
BEFORE = "Fraudeonderzoeken afgehandeld in de periode (administratief en strafrechtelijk)."


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="fraudeonderzoeken", computation="").update(
        computation="enforcement.fraudeonderzoeken", definition=DEFINITION
    )


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(
        code="fraudeonderzoeken", computation="enforcement.fraudeonderzoeken"
    ).update(computation="", definition=BEFORE)


class Migration(migrations.Migration):
    dependencies = [("steering", "0009_debtor_receipts_computed")]

    operations = [migrations.RunPython(forward, backward)]
