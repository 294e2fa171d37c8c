"""The audit table is append-only in the database itself: on PostgreSQL a trigger refuses
UPDATE and DELETE. (TRUNCATE is left to the table owner, so that test databases can be
flushed; production runs the application as a role that does not own the table, see
docs/privacy.md.) And the roles are seeded."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION samen_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_append_only
    BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION samen_audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS access_auditentry_append_only ON access_auditentry;
DROP FUNCTION IF EXISTS samen_audit_append_only();
"""
# code, name, read, change, export, audit, figures, description
ROLES = [
    ("consulent", "Consulent", True, True, False, False, False,
     "Behandelt aanvragen en dossiers van de eigen cliënten."),
    ("teammanager", "Teammanager", True, True, True, False, True,
     "Leidt een team; werkvoorraad en stuurinformatie van het team."),
    ("toetser", "Toetser", True, False, False, False, False,
     "Toetst besluiten van consulenten; leest mee, wijzigt niet."),
    ("administratie", "Administratie", True, True, True, False, False,
     "Uitkeringsadministratie: mutaties, betalingen, terugvordering."),
    ("handhaving", "Handhaving", True, True, False, False, False,
     "Fraudeonderzoek en sociale recherche; ook vertrouwelijke onderzoeken."),
    ("jurist", "Jurist", True, True, False, False, False, "Bezwaar, beroep en klachten."),
    ("interne-controle", "Interne controle", True, False, True, False, True,
     "Steekproeven op rechtmatigheid en doelmatigheid; leest, wijzigt niet."),
    ("functioneel-beheer", "Functioneel beheer", False, False, False, False, False,
     "Configuratie; geen inzage in dossiers."),
    ("directeur", "Directeur", False, False, False, False, True,
     "Stuurinformatie van alle gemeenten; geen dossierinhoud."),
    ("contactpersoon", "Contactpersoon gemeente", False, False, False, False, True,
     "Cijfers en rapportages van de eigen gemeente; geen cliëntgegevens tenzij een "
     "autorisatie dat uitdrukkelijk geeft."),
    ("fg", "Functionaris gegevensbescherming", False, False, False, True, False,
     "Toezicht: de audittrail, zonder dossierinhoud."),
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    Role = apps.get_model("access", "Role")
    for code, name, read, change, export, audit_, figures, description in ROLES:
        Role.objects.get_or_create(code=code, defaults=dict(
            name=name, may_read=read, may_change=change, may_export=export,
            may_read_audit=audit_, may_read_figures=figures, description=description,
        ))


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
