"""Coded reasons for the end of a benefit (``data/redenen_beeindiging.csv``), so that the
outflow can be counted by reason. Benefits ended before this migration keep no reason: the
outflow shows them as "reden niet vastgelegd"."""

import csv
import datetime as dt
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "redenen_beeindiging.csv"


def load(apps, schema_editor):
    EndReason = apps.get_model("income", "EndReason")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            EndReason.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["naam"],
                    "towards_work": row["naar_werk"] == "ja",
                    "valid_from": dt.date.fromisoformat(row["geldig_vanaf"]),
                    "source": row["bron"],
                },
            )


class Migration(migrations.Migration):

    dependencies = [
        ('income', '0009_payment_deductions'),
    ]

    operations = [
        migrations.CreateModel(
            name='EndReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='geldig vanaf')),
                ('valid_until', models.DateField(blank=True, help_text='Leeg: geldt voor onbepaalde tijd.', null=True, verbose_name='geldig tot en met')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='naam')),
                ('towards_work', models.BooleanField(default=False, help_text='Telt mee als uitstroom naar regulier werk (loondienst of eigen bedrijf).', verbose_name='uitstroom naar regulier werk')),
                ('source', models.CharField(max_length=300, verbose_name='bron')),
            ],
            options={
                'verbose_name': 'reden van beëindiging',
                'verbose_name_plural': 'redenen van beëindiging',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='benefit',
            name='end_reason',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='income.endreason', verbose_name='reden van beëindiging'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
