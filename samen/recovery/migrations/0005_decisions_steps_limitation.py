# Decisions on claims (terugvordering, dwangbevel, afzien), collection steps, limitation
# (issue 15). Besides the tables: the figures of the rules (samen/recovery/reference.py), the
# new decision types (pw-dwangbevel, pw-afzien-terugvordering and the minima-* three, as in
# samen/organisation/reference.py, for databases loaded before they were added), the case
# types terugvordering and terugvordering-minima (samen/cases/data/case_types.csv) and the
# default letter texts (samen/recovery/data/letter_templates). All idempotent.

import datetime as dt
from decimal import Decimal
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models


TEXTS = Path(__file__).resolve().parent.parent / "data" / "letter_templates"
LETTERS = {
    "terugvordering": ("pw-terugvordering", "minima-terugvordering"),
    "dwangbevel": ("pw-dwangbevel", "minima-dwangbevel"),
    "afzien": ("pw-afzien-terugvordering", "minima-afzien-terugvordering"),
}
NEW_TYPES = (
    "pw-dwangbevel",
    "pw-afzien-terugvordering",
    "minima-terugvordering",
    "minima-dwangbevel",
    "minima-afzien-terugvordering",
)


def load(apps, schema_editor):  # noqa: ANN001, ANN201
    from samen.cases import catalogue
    from samen.cases.letters import validate_template
    from samen.organisation.reference import DECISION_TYPES
    from samen.recovery.reference import RECOVERY_PARAMETERS

    parameter = apps.get_model("recovery", "RecoveryParameter")
    for row in RECOVERY_PARAMETERS:
        parameter.objects.update_or_create(
            name=row["name"],
            valid_from=dt.date.fromisoformat(row["valid_from"]),
            defaults={"value": Decimal(row["value"]), "source": row["source"]},
        )
    domain = apps.get_model("organisation", "Domain")
    decision_type = apps.get_model("organisation", "DecisionType")
    domains = {d.code: d for d in domain.objects.all()}
    if not domains:  # an empty database (the reference data migration did not load)
        return
    for code, name, domain_code, body, basis in DECISION_TYPES:
        if code in NEW_TYPES:
            decision_type.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "domain": domains[domain_code],
                    "competent_body": body,
                    "legal_basis": basis,
                },
            )
    catalogue.load(apps)
    letter_template = apps.get_model("cases", "LetterTemplate")
    for stem, codes in LETTERS.items():
        body = (TEXTS / f"{stem}.md").read_text(encoding="utf-8")
        validate_template(body)
        for code in codes:
            letter_template.objects.get_or_create(
                outcome="toegekend",
                decision_type=decision_type.objects.get(code=code),
                municipality=None,
                defaults={"body": body, "valid_from": dt.date(2015, 1, 1)},
            )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_sentence_case_labels'),
        ('organisation', '0006_sentence_case_labels'),
        ('recovery', '0004_offsets_and_garnishments'),
    ]

    operations = [
        migrations.CreateModel(
            name='RecoveryParameter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='geldig vanaf')),
                ('valid_until', models.DateField(blank=True, help_text='Leeg: geldt voor onbepaalde tijd.', null=True, verbose_name='geldig tot en met')),
                ('name', models.CharField(max_length=40, verbose_name='naam')),
                ('value', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='waarde')),
                ('source', models.CharField(max_length=500, verbose_name='bron')),
            ],
            options={
                'verbose_name': 'parameter invordering',
                'verbose_name_plural': 'parameters invordering',
                'ordering': ['name', 'valid_from'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='benefit_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.decisiontype', verbose_name='soort verstrekking'),
        ),
        migrations.AddField(
            model_name='claim',
            name='due_on',
            field=models.DateField(blank=True, null=True, verbose_name='betalen uiterlijk op'),
        ),
        migrations.CreateModel(
            name='CollectionStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('herinnering', 'Herinnering'), ('aanmaning', 'Aanmaning')], max_length=20, verbose_name='soort')),
                ('sent_on', models.DateField(verbose_name='verzonden op')),
                ('sent_by', models.CharField(max_length=200, verbose_name='verzonden door')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='toelichting')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='steps', to='recovery.claim')),
            ],
            options={
                'verbose_name': 'invorderingsstap',
                'verbose_name_plural': 'invorderingsstappen',
                'ordering': ['sent_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='RecoveryDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('terugvordering', 'Terugvordering'), ('dwangbevel', 'Dwangbevel'), ('afzien', 'Afzien van terugvordering')], max_length=20, verbose_name='soort')),
                ('ground', models.CharField(choices=[('pw-58-1', 'Participatiewet art. 58 lid 1 (inlichtingenplicht geschonden)'), ('pw-58-2', 'Participatiewet art. 58 lid 2 (bevoegdheid)'), ('pw-60', 'Participatiewet art. 60 (dwangbevel)'), ('pw-58-7', 'Participatiewet art. 58 lid 7 (afzien van verdere terugvordering)'), ('pw-58-8', 'Participatiewet art. 58 lid 8 (dringende redenen)')], max_length=20, verbose_name='grondslag')),
                ('decided_on', models.DateField(verbose_name='besluitdatum')),
                ('period_from', models.DateField(blank=True, null=True, verbose_name='periode vanaf')),
                ('period_until', models.DateField(blank=True, null=True, verbose_name='periode tot en met')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='bedrag')),
                ('gross', models.BooleanField(default=False, verbose_name='bruto teruggevorderd')),
                ('gross_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='bruto bedrag')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='recovery.claim')),
                ('decision', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='recovery_decision', to='cases.decision')),
                ('movement', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='recovery.movement')),
            ],
            options={
                'verbose_name': 'besluit op een vordering',
                'verbose_name_plural': 'besluiten op vorderingen',
                'ordering': ['decided_on', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='recovery_decision_amount'), models.UniqueConstraint(condition=models.Q(('kind', 'terugvordering')), fields=('claim',), name='recovery_decision_founds_once')],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
