"""The steering catalogue's objection KPIs are computed by this app (samen/objections/
kpis.py, registered through samen/common/kpis.py) instead of entered by hand
(``gegronde-bezwaren``) or counted from the cases app's bezwaar case types
(``tijdig-bezwaar``, before ``cases.tijdig-bezwaar``). Their definitions say what is counted.

Kept in this app rather than in steering's own migration line, so it does not collide with
other work on steering's migrations; it only touches the two rows, and only when they still
hold what steering/0002 loaded (a KPI functional management changed stays as it is)."""

from django.db import migrations

TIMELY = (
    "Bezwaren waarop in de periode is beslist (niet ingetrokken): het deel waarop uiterlijk op "
    "de wettelijke beslisdatum (art. 7:10 Awb, inclusief verdaging, uitstel met instemming en "
    "opschorting voor herstel verzuim) is beslist."
)
JUSTIFIED = (
    "Bezwaren waarop in de periode is beslist (niet ingetrokken): het deel dat gegrond of "
    "deels gegrond is verklaard."
)
CHANGES = [
    # code, computation before, after, definition after
    ("tijdig-bezwaar", "cases.tijdig-bezwaar", "objections.tijdig-beslist", TIMELY),
    ("gegronde-bezwaren", "", "objections.gegrond", JUSTIFIED),
]


def forward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, before, after, definition in CHANGES:
        Kpi.objects.filter(code=code, computation=before).update(
            computation=after, definition=definition
        )


def backward(apps, schema_editor):
    Kpi = apps.get_model("steering", "Kpi")
    for code, before, after, _definition in CHANGES:
        Kpi.objects.filter(code=code, computation=after).update(computation=before)


class Migration(migrations.Migration):
    dependencies = [
        ("objections", "0003_objection_letter_texts"),
        ("steering", "0005_foutscore_computed"),
    ]

    operations = [migrations.RunPython(forward, backward)]
