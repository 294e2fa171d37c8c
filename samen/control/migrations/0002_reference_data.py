"""The control role, the sample-size rules and a first checklist (samen/control/reference.py).
The steering catalogue names ``control.foutscore`` as the computation of its KPI
``foutscore`` itself (steering/0005); this app only registers it (samen/common/kpis.py)."""

from django.db import migrations

from samen.control import reference


def forward(apps, schema_editor):
    reference.load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
