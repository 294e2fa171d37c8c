"""The dated rules of fines and measures (data/*.csv), the case type ``boete`` of the
cases catalogue (cases/data/case_types.csv, loaded again: idempotent) and the default body
text of the fine decision letter (decision type pw-boete), editable in admin."""

import datetime as dt
from pathlib import Path

from django.db import migrations

TEXTS = Path(__file__).resolve().parent.parent / "data" / "letter_templates"


def load(apps, schema_editor):
    from samen.cases import catalogue
    from samen.cases.letters import validate_template
    from samen.sanctions import reference

    reference.load(apps)
    catalogue.load(apps)
    letter_template = apps.get_model("cases", "LetterTemplate")
    decision_type = (
        apps.get_model("organisation", "DecisionType").objects.filter(code="pw-boete").first()
    )
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
        ("sanctions", "0001_initial"),
        ("cases", "0005_sentence_case_labels"),
        ("organisation", "0006_sentence_case_labels"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
