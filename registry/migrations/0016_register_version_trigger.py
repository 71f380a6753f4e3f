"""The register's version (``DataVersion.REGISTER``), kept by the database: one
statement-level trigger on the organisations' table changes it in the same transaction
as every insert, update or delete, whatever wrote it (services, the admin, bulk loads,
the search-column triggers when reference data changes). The directory's cached result
pages are keyed by it (``registry.directory``)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION registry_register_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO registry_dataversion (name, token, changed_at)
    VALUES ('register', gen_random_uuid(), now())
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$;
"""

TRIGGER = """
CREATE TRIGGER registry_organisation_register_changed
AFTER INSERT OR UPDATE OR DELETE ON registry_organisation
FOR EACH STATEMENT EXECUTE FUNCTION registry_register_changed();
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_outbox")]

    operations = [
        migrations.RunSQL(
            FUNCTION + TRIGGER,
            reverse_sql=(
                "DROP TRIGGER IF EXISTS registry_organisation_register_changed"
                " ON registry_organisation;"
                "DROP FUNCTION IF EXISTS registry_register_changed();"
            ),
        ),
    ]
