"""PostgreSQL: the directory's filters as one GIN-indexed array of facets.

Every filter of the public directory (kind, work-integrating, legal form, sells to the
public sector, activity areas, global goals, municipalities and their counties) becomes a
token in ``registry_organisation.facets``, for example ``{k:cooperative, w, l:51, a:3,
g:8, m:0583, c:05}``. A combination of filters is then one ``facets @> ARRAY[…]`` that
PostgreSQL answers by intersecting the posting lists of a single GIN index, however rare
the combination, instead of joining three many-to-many tables.

The database keeps the column right on every write path: a BEFORE trigger on the
organisation computes it, and statement-level triggers on the three many-to-many tables
recompute it for the organisations whose rows changed (one UPDATE per statement, so bulk
loads stay fast).
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE registry_organisation ADD COLUMN facets text[] NOT NULL DEFAULT '{}'",
    r"""
    CREATE FUNCTION registry_organisation_facets(org registry_organisation) RETURNS text[] AS $$
        SELECT array_remove(ARRAY[
                'k:' || org.kind,
                CASE WHEN org.work_integrating THEN 'w' END,
                CASE WHEN org.sells_to_public_sector THEN 'p' END,
                'l:' || org.legal_form_id
            ], NULL)
            || ARRAY(SELECT 'a:' || activityarea_id FROM registry_organisation_activity_areas
                     WHERE organisation_id = org.id)
            || ARRAY(SELECT 'g:' || globalgoal_id FROM registry_organisation_global_goals
                     WHERE organisation_id = org.id)
            || ARRAY(SELECT 'm:' || om.municipality_id
                     FROM registry_organisation_municipalities om
                     WHERE om.organisation_id = org.id)
            || ARRAY(SELECT DISTINCT 'c:' || m.county_id
                     FROM registry_organisation_municipalities om
                     JOIN registry_municipality m ON m.code = om.municipality_id
                     WHERE om.organisation_id = org.id)
    $$ LANGUAGE sql STABLE
    """,
    r"""
    CREATE FUNCTION registry_organisation_set_facets() RETURNS trigger AS $$
    BEGIN
        NEW.facets := registry_organisation_facets(NEW);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER registry_organisation_facets
    BEFORE INSERT OR UPDATE ON registry_organisation
    FOR EACH ROW EXECUTE FUNCTION registry_organisation_set_facets()
    """,
    r"""
    CREATE FUNCTION registry_refresh_facets_from_rows() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            UPDATE registry_organisation SET facets = facets
            WHERE id IN (SELECT DISTINCT organisation_id FROM changed_rows_old);
        ELSE
            UPDATE registry_organisation SET facets = facets
            WHERE id IN (SELECT DISTINCT organisation_id FROM changed_rows_new);
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
]
for table in (
    "registry_organisation_activity_areas",
    "registry_organisation_global_goals",
    "registry_organisation_municipalities",
):
    FORWARD += [
        f"""
        CREATE TRIGGER {table}_facets_ins AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS changed_rows_new
        FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_facets_from_rows()
        """,
        f"""
        CREATE TRIGGER {table}_facets_del AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS changed_rows_old
        FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_facets_from_rows()
        """,
    ]
FORWARD += [
    "UPDATE registry_organisation SET facets = facets",
    "CREATE INDEX org_facets_gin ON registry_organisation USING gin (facets)",
]

BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}"
    for table in (
        "registry_organisation_activity_areas",
        "registry_organisation_global_goals",
        "registry_organisation_municipalities",
    )
    for event in ("ins", "del")
] + [
    "DROP TRIGGER IF EXISTS registry_organisation_facets ON registry_organisation",
    "DROP FUNCTION IF EXISTS registry_refresh_facets_from_rows()",
    "DROP FUNCTION IF EXISTS registry_organisation_set_facets()",
    "DROP FUNCTION IF EXISTS registry_organisation_facets(registry_organisation)",
    "DROP INDEX IF EXISTS org_facets_gin",
    "ALTER TABLE registry_organisation DROP COLUMN IF EXISTS facets",
]


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_search_words")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
