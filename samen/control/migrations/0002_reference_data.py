"""The control role, the sample-size rules and a first checklist (samen/control/reference.py);
and the steering catalogue's KPI ``foutscore`` computed by ``control.foutscore`` instead of
entered by hand (steering reads it through the registry, samen/common/kpis.py)."""

from django.db import migrations

from samen.control import reference


def forward(apps, schema_editor):
    reference.load(apps)
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="foutscore", computation="").update(computation="control.foutscore")


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    Kpi.objects.filter(code="foutscore", computation="control.foutscore").update(computation="")


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0001_initial"),
        ("steering", "0002_dvo_2017"),
    ]

    operations = [migrations.RunPython(forward, backward)]
