"""The error score is computed by internal control (``control.foutscore``, registered by
samen/control through samen/common/kpis.py) instead of entered by hand; without the control
app the registry answers nothing and the report falls back to a hand-entered value."""

from django.db import migrations


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="foutscore", computation="").update(computation="control.foutscore")


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="foutscore", computation="control.foutscore").update(computation="")


class Migration(migrations.Migration):
    dependencies = [("steering", "0004_entered_dossier_counts")]

    operations = [migrations.RunPython(forward, backward)]
