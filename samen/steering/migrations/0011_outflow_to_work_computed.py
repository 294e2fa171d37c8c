"""The share of outflow to regular work is computed by the income app
(``income.uitstroom-regulier-werk``, registered through samen/common/kpis.py) now that the
end of a benefit has a coded reason (income/0010), instead of entered by hand."""

from django.db import migrations

COMPUTED = {"uitstroom-regulier-werk": "income.uitstroom-regulier-werk"}


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, computation in COMPUTED.items():
        Kpi.objects.filter(code=code, computation="").update(computation=computation)


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, computation in COMPUTED.items():
        Kpi.objects.filter(code=code, computation=computation).update(computation="")


class Migration(migrations.Migration):
    dependencies = [("steering", "0010_enforcement_computed"), ("income", "0010_end_reasons")]

    operations = [migrations.RunPython(forward, backward)]
