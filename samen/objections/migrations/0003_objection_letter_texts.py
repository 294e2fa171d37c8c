"""The default body texts of a beslissing op bezwaar (decision type pw-beslissing-op-bezwaar),
one per outcome, as LetterTemplate rows that functional management can edit in admin. Only
added when no template for that decision type and outcome exists yet."""

import datetime as dt
from pathlib import Path

from django.db import migrations

TEXTS = Path(__file__).resolve().parent.parent / "data" / "letter_templates"


def load(apps, schema_editor):
    from samen.cases.letters import validate_template

    letter_template = apps.get_model("cases", "LetterTemplate")
    decision_type = apps.get_model("organisation", "DecisionType").objects.filter(
        code="pw-beslissing-op-bezwaar"
    ).first()
    if decision_type is None:
        return
    for path in sorted(TEXTS.glob("*.md")):
        body = path.read_text(encoding="utf-8")
        validate_template(body)
        letter_template.objects.get_or_create(
            outcome=path.stem,
            decision_type=decision_type,
            municipality=None,
            defaults={"body": body, "valid_from": dt.date(2015, 1, 1)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("objections", "0002_penalty_rules"),
        ("cases", "0005_sentence_case_labels"),
        ("organisation", "0002_reference_data"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
