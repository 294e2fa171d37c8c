"""The annual figures (jaarcijfers): a report and a hand-entered figure may cover the whole
year (period number 0), a frozen figure belongs to the KPIs or to the caseload analysis, a
norm may have its own value over the year, and the DVO holds its reporting calendar (the
four-monthly report 30 days after its period, the annual figures by 15 March), which the
existing DVOs, all loaded from the 2017 table, get from reference.py."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import migrations, models

from samen.steering import reference

PERIODS = [
    (0, "het hele jaar (jaarcijfers)"),
    (1, "januari-april"),
    (2, "mei-augustus"),
    (3, "september-december"),
]


def forward(apps, schema_editor):
    reference.load_annual_norms(apps)


class Migration(migrations.Migration):
    dependencies = [("steering", "0005_foutscore_computed")]

    operations = [
        migrations.AddField(
            model_name="dvo",
            name="report_due_days",
            field=models.PositiveSmallIntegerField(
                default=reference.REPORT_DUE_DAYS,
                help_text="Zoveel dagen na het eind van een periode van vier maanden is de "
                "bestuursrapportage uiterlijk klaar.",
                validators=[MinValueValidator(1), MaxValueValidator(365)],
                verbose_name="bestuursrapportage klaar binnen (dagen)",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dvo",
            name="annual_due_month",
            field=models.PositiveSmallIntegerField(
                default=reference.ANNUAL_DUE_MONTH,
                help_text="De maand van het volgende jaar waarin de jaarcijfers uiterlijk klaar "
                "zijn.",
                validators=[MinValueValidator(1), MaxValueValidator(12)],
                verbose_name="jaarcijfers klaar: maand",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dvo",
            name="annual_due_day",
            field=models.PositiveSmallIntegerField(
                default=reference.ANNUAL_DUE_DAY,
                help_text="De dag van die maand.",
                validators=[MinValueValidator(1), MaxValueValidator(31)],
                verbose_name="jaarcijfers klaar: dag",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dvonorm",
            name="annual_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Alleen als de norm over het hele jaar een andere waarde heeft dan "
                "over vier maanden (een aantal per periode); leeg: dezelfde waarde.",
                max_digits=14,
                null=True,
                validators=[MinValueValidator(0), MaxValueValidator(10**11)],
                verbose_name="normwaarde over het jaar",
            ),
        ),
        migrations.AlterField(
            model_name="manualvalue",
            name="number",
            field=models.PositiveSmallIntegerField(choices=PERIODS, verbose_name="periode"),
        ),
        migrations.AlterField(
            model_name="report",
            name="number",
            field=models.PositiveSmallIntegerField(choices=PERIODS, verbose_name="periode"),
        ),
        migrations.AddField(
            model_name="reportfigure",
            name="part",
            field=models.CharField(
                choices=[
                    ("kpi", "KPI van de DVO"),
                    ("bestandsanalyse", "bestandsanalyse van de jaarcijfers"),
                ],
                default="kpi",
                max_length=16,
                verbose_name="onderdeel",
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
