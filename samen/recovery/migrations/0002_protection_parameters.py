"""Load the parameters of the beslagvrije voet (samen/recovery/reference.py); idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):  # noqa: ANN001, ANN201
    from samen.recovery.reference import PARAMETERS

    model = apps.get_model("recovery", "ProtectionParameter")
    for row in PARAMETERS:
        model.objects.update_or_create(
            name=row["name"],
            valid_from=dt.date.fromisoformat(row["valid_from"]),
            defaults={"value": Decimal(row["value"]), "source": row["source"]},
        )


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
