"""Grants get a lifecycle (proposed, approved, rejected, withdrawn) and only approved grants
give access. Every grant that existed before was in force, so it counts as approved, and the
record says so: approved by this migration, not by a person."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MIGRATION_NOTE = "Goedgekeurd bij migratie: bestond al vóór het vier-ogenprincipe."


def approve_existing(apps, schema_editor):
    Grant = apps.get_model("access", "Grant")
    Grant.objects.all().update(
        status="approved", decided_at=django.utils.timezone.now(), decision_note=MIGRATION_NOTE
    )


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0004_keyed_hashes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='grant',
            options={'ordering': ['staff__name', 'valid_from'], 'permissions': [('manage_grants', 'Mag autorisaties beheren: medewerkers, logins, voorstellen'), ('approve_grants', 'Mag voorgestelde autorisaties goedkeuren of afwijzen')], 'verbose_name': 'autorisatie', 'verbose_name_plural': 'autorisaties'},
        ),
        migrations.AddField(
            model_name='grant',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='besloten op'),
        ),
        migrations.AddField(
            model_name='grant',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='goedgekeurd, afgewezen of ingetrokken door'),
        ),
        migrations.AddField(
            model_name='grant',
            name='decision_note',
            field=models.CharField(blank=True, max_length=300, verbose_name='toelichting bij het besluit'),
        ),
        migrations.AddField(
            model_name='grant',
            name='end_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='reden van beëindiging'),
        ),
        migrations.AddField(
            model_name='grant',
            name='ended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='beëindigd op'),
        ),
        migrations.AddField(
            model_name='grant',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='beëindigd door'),
        ),
        migrations.AddField(
            model_name='grant',
            name='proposed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='voorgesteld op'),
        ),
        migrations.AddField(
            model_name='grant',
            name='proposed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voorgesteld door'),
        ),
        migrations.AddField(
            model_name='grant',
            name='status',
            field=models.CharField(choices=[('proposed', 'voorgesteld'), ('approved', 'goedgekeurd'), ('rejected', 'afgewezen'), ('withdrawn', 'ingetrokken')], default='proposed', max_length=10, verbose_name='status'),
        ),
        migrations.RunPython(approve_existing, migrations.RunPython.noop),
    ]
