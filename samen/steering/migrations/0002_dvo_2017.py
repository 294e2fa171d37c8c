"""The KPI catalogue, and the 2017 DVO norms as the DVO 2026-2027 of every current partner
(see samen/steering/reference.py). A database without municipalities yet gets the catalogue;
the partners' DVOs follow when the organisation is loaded (``samen demo laden`` calls the same
loader), since the norms need their municipality."""

from django.db import migrations

from samen.steering import reference


def forward(apps, schema_editor):
    reference.load_partner_dvos(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0001_initial"),
        ("organisation", "0005_remedy_and_court"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
