"""Benefits carry their own domain and confidentiality, taken from the granting case, so the
one access policy scopes them like cases (``Policy.scope_records``) instead of the income
service assuming Participatiewet at the zaakvertrouwelijk level. A benefit without a case
gets the Participatiewet domain and zaakvertrouwelijk, which is what it was treated as."""

import django.db.models.deletion
from django.db import migrations, models


def from_the_case(apps, schema_editor):
    Benefit = apps.get_model("income", "Benefit")
    Domain = apps.get_model("organisation", "Domain")
    fallback = Domain.objects.filter(code="participatiewet").values_list("pk", flat=True).first()
    for benefit in Benefit.objects.select_related("case").iterator(chunk_size=2000):
        case = benefit.case
        Benefit.objects.filter(pk=benefit.pk).update(
            domain_id=case.domain_id if case else fallback,
            confidentiality=case.confidentiality if case else 4,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("income", "0003_holiday_allowance"),
        ("organisation", "0005_remedy_and_court"),
        ("cases", "0003_youth_search_age"),
    ]

    operations = [
        migrations.AddField(
            model_name="benefit",
            name="confidentiality",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "openbaar"),
                    (2, "beperkt openbaar"),
                    (3, "intern"),
                    (4, "zaakvertrouwelijk"),
                    (5, "vertrouwelijk"),
                    (6, "confidentieel"),
                    (7, "geheim"),
                    (8, "zeer geheim"),
                ],
                default=4,
                verbose_name="vertrouwelijkheid",
            ),
        ),
        migrations.AddField(
            model_name="benefit",
            name="domain",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="benefits",
                to="organisation.domain",
                verbose_name="domein",
            ),
        ),
        migrations.RunPython(from_the_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="benefit",
            name="domain",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="benefits",
                to="organisation.domain",
                verbose_name="domein",
            ),
        ),
    ]
