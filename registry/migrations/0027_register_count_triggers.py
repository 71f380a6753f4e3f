"""The register's counts (``RegisterCount``) kept by triggers on registry_organisation.

One statement-level trigger per operation, over its transition tables: a bulk load of
10 000 rows costs one grouped upsert, not 10 000. Each statement adds its rows' groups
(published entries only) with +1 and takes the old rows' away with -1, netted per group,
in a fixed order of groups so that two writers never lock them crosswise. The year of
entry is ``created_at`` in Swedish time (settings.TIME_ZONE). Then the counts of the
register as it stands are filled in.
"""

from django.db import migrations

GROUP = """
    home_municipality_id, kind, founded_year,
    EXTRACT(YEAR FROM created_at AT TIME ZONE 'Europe/Stockholm')::int,
    EXTRACT(YEAR FROM ceased_on)::int
"""
COLUMNS = "municipality_id, kind, founded_year, registered_year, ceased_year, organisations"
UPSERT = f"""
    INSERT INTO registry_registercount AS c ({COLUMNS})
    SELECT m, k, f, r, x, SUM(n) FROM (%s) AS changed (m, k, f, r, x, n)
    GROUP BY m, k, f, r, x HAVING SUM(n) <> 0
    ORDER BY m, k, f NULLS FIRST, r, x NULLS FIRST
    ON CONFLICT (municipality_id, kind, founded_year, registered_year, ceased_year)
    DO UPDATE SET organisations = c.organisations + EXCLUDED.organisations;
"""


def rows(table: str, sign: int) -> str:
    return f"SELECT {GROUP}, {sign} FROM {table} WHERE publication_state = 'published'"


FUNCTIONS = (
    f"""
CREATE FUNCTION registry_registercount_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{UPSERT % rows("new_rows", 1)}
    RETURN NULL;
END $$;
CREATE FUNCTION registry_registercount_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{UPSERT % (rows("old_rows", -1) + " UNION ALL " + rows("new_rows", 1))}
    RETURN NULL;
END $$;
CREATE FUNCTION registry_registercount_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{UPSERT % rows("old_rows", -1)}
    RETURN NULL;
END $$;
CREATE TRIGGER registry_registercount_insert AFTER INSERT ON registry_organisation
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION registry_registercount_insert();
CREATE TRIGGER registry_registercount_update AFTER UPDATE ON registry_organisation
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION registry_registercount_update();
CREATE TRIGGER registry_registercount_delete AFTER DELETE ON registry_organisation
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION registry_registercount_delete();
"""
    + UPSERT % rows("registry_organisation", 1)
)

DROP = """
DROP TRIGGER IF EXISTS registry_registercount_insert ON registry_organisation;
DROP TRIGGER IF EXISTS registry_registercount_update ON registry_organisation;
DROP TRIGGER IF EXISTS registry_registercount_delete ON registry_organisation;
DROP FUNCTION IF EXISTS registry_registercount_insert();
DROP FUNCTION IF EXISTS registry_registercount_update();
DROP FUNCTION IF EXISTS registry_registercount_delete();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0026_register_counts"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, reverse_sql=DROP + "DELETE FROM registry_registercount;"),
    ]
