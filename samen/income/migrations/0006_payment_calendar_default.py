"""The default payment calendar for 2025-2027 (samen.income.calendar): paid on the 24th or the
banking day before, the run three banking days earlier. The organisation replaces the dates
with its own in /beheer; a new year is added with `samen betaalkalender JAAR`."""

from django.db import migrations


def up(apps, schema_editor):
    from samen.income import calendar

    PaymentDate = apps.get_model("income", "PaymentDate")
    for year in (2025, 2026, 2027):
        for proposed in calendar.propose_year(year):
            PaymentDate.objects.get_or_create(
                month=proposed.month,
                defaults={
                    "run_on": proposed.run_on,
                    "pay_on": proposed.pay_on,
                    "source": calendar.DEFAULT_SOURCE,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("income", "0005_payment_calendar")]
    operations = [migrations.RunPython(up, migrations.RunPython.noop)]
