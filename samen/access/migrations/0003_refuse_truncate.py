"""The audit table refuses TRUNCATE too, as it refuses UPDATE and DELETE (0002).

TRUNCATE fires no row triggers, so it needs a statement-level one. The product never
truncates the audit table; the test suite empties test databases with Django's flush, which
truncates every table, so the test harness (tests/conftest.py) disables this one trigger
around the flush, as the superuser it connects as. In production the application connects as
a role without TRUNCATE and TRIGGER rights on the table (docs/operations.md), so it could not
do the same."""

from django.db import migrations

PG_UP = """
CREATE TRIGGER access_auditentry_no_truncate
    BEFORE TRUNCATE ON access_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION samen_audit_append_only();
"""
PG_DOWN = "DROP TRIGGER IF EXISTS access_auditentry_no_truncate ON access_auditentry;"


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_append_only_and_roles")]
    operations = [migrations.RunPython(up, down)]
