"""Keyed hashes for the audit trail: each entry says how its hash was made
(``hash_scheme``), and ``AuditKeyStart`` records, signed with the audit key, up to which
sequence the entries were made without a key.

No existing row is rewritten, not even physically. Audit entries can never be updated, so the
existing rows get the column's value from a constant default: on PostgreSQL (11 and later)
``ADD COLUMN ... DEFAULT`` only changes the catalogue, and the default is dropped right after
so every new row must state its scheme; on SQLite ``ALTER TABLE ... ADD COLUMN`` does not touch
the rows either (SQLite cannot drop the default afterwards, so it stays there). Django's own
AddField would have copied the whole table on SQLite, hence the hand-written SQL.

The boundary is the last sequence present now: run this migration with the application
stopped, so no old process appends unkeyed entries after it (those would be reported as
rewritten). It is signed with SAMEN_AUDIT_KEY; the same computation is
``samen.access.audit.key_start_signature``.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models

ADD_PG = """
ALTER TABLE access_auditentry ADD COLUMN hash_scheme varchar(16) NOT NULL DEFAULT 'sha256';
ALTER TABLE access_auditentry ALTER COLUMN hash_scheme DROP DEFAULT;
"""
ADD_SQLITE = (
    'ALTER TABLE "access_auditentry" ADD COLUMN "hash_scheme" varchar(16) NOT NULL '
    "DEFAULT 'sha256'"
)
DROP = 'ALTER TABLE "access_auditentry" DROP COLUMN "hash_scheme"'

PROTECT_PG = """
CREATE TRIGGER access_auditkeystart_append_only
    BEFORE UPDATE OR DELETE ON access_auditkeystart
    FOR EACH ROW EXECUTE FUNCTION samen_audit_append_only();
CREATE TRIGGER access_auditkeystart_no_truncate
    BEFORE TRUNCATE ON access_auditkeystart
    FOR EACH STATEMENT EXECUTE FUNCTION samen_audit_append_only();
"""
UNPROTECT_PG = """
DROP TRIGGER IF EXISTS access_auditkeystart_append_only ON access_auditkeystart;
DROP TRIGGER IF EXISTS access_auditkeystart_no_truncate ON access_auditkeystart;
"""


def add_column(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(ADD_PG if pg else ADD_SQLITE, params=None)


def drop_column(apps, schema_editor):
    schema_editor.execute(DROP, params=None)


def record_key_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PROTECT_PG, params=None)
    AuditEntry = apps.get_model("access", "AuditEntry")
    AuditKeyStart = apps.get_model("access", "AuditKeyStart")
    last = AuditEntry.objects.aggregate(last=models.Max("sequence"))["last"] or 0
    message = f"samen-audit-key-start/1:{last}".encode()
    signature = hmac.new(settings.SAMEN_AUDIT_KEY.encode(), message, hashlib.sha256)
    AuditKeyStart.objects.create(unkeyed_until=last, signature=signature.hexdigest())


def forget_key_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNPROTECT_PG, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_refuse_truncate")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="auditentry",
                    name="hash_scheme",
                    field=models.CharField(
                        choices=[
                            ("sha256", "SHA-256 zonder sleutel (van vóór de auditsleutel)"),
                            ("hmac-sha256", "HMAC-SHA256 met de auditsleutel"),
                        ],
                        max_length=16,
                        verbose_name="hashmethode",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AuditKeyStart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "unkeyed_until",
                    models.BigIntegerField(verbose_name="laatste volgnummer zonder sleutel"),
                ),
                ("signature", models.CharField(max_length=64, verbose_name="handtekening")),
            ],
            options={
                "verbose_name": "begin van de auditsleutel",
                "verbose_name_plural": "begin van de auditsleutel",
            },
        ),
        migrations.RunPython(record_key_start, forget_key_start),
    ]
