"""The debtor receipts (I-deel and bijzondere bijstand) are computed from the recovery app's
ledger (``recovery.debiteuren-ideel`` and ``recovery.debiteuren-bijzondere-bijstand``,
registered by samen/recovery through samen/common/kpis.py) instead of entered by hand;
without the recovery app the registry answers nothing and the report falls back to a
hand-entered value."""

from django.db import migrations

COMPUTED = {
    "debiteuren-ideel": "recovery.debiteuren-ideel",
    "debiteuren-bijzondere-bijstand": "recovery.debiteuren-bijzondere-bijstand",
}


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, computation in COMPUTED.items():
        Kpi.objects.filter(code=code, computation="").update(computation=computation)


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, computation in COMPUTED.items():
        Kpi.objects.filter(code=code, computation=computation).update(computation="")


class Migration(migrations.Migration):
    dependencies = [("steering", "0008_computed_values")]

    operations = [migrations.RunPython(forward, backward)]
