"""The directory's search document: what people type finds what the register holds.

Replaces migration 0003's generated ``search_vector`` by a column that the database keeps
from the organisation *and* what it is linked to, in the ``registry_swedish`` text-search
configuration (``swedish`` with ``unaccent`` before the stemmer, so "forening" finds
"förening" and "angelholm" finds "Ängelholm"). Weights:

- A: the name and alternate names, and the tails of their long words, so a word finds
  the compounds it ends ("förening" → "Hembygdsföreningen", "kooperativ" →
  "Arbetskooperativet");
- B: the presentation; the home municipality, its county and the city;
- C: what the organisation is and does: its kind (in Swedish and English, and
  "arbetsintegrerande" for work-integrating ones), legal form, activity areas, offer
  categories, and every municipality and county it works in;
- D: the description and the offers.

The same BEFORE trigger that keeps ``facets`` (migration 0007) keeps ``search_vector``;
statement-level triggers on the many-to-many tables (offer categories now too) and on the
reference tables (a renamed activity area, say) touch the organisations concerned.

``name_vector`` is the A part alone (name, alternate names, their tails): small, with its
own index and statistics, for "does the name hold every word?" over many rows at once
(the relevance tiers of ``registry.search``). A weight-restricted query on
``search_vector`` would read the whole document and be misestimated by the planner.

``registry_fold(text)`` is a name folded for comparison (lower case, no accents, single
spaces), indexed for exact and prefix matches of whole names. ``registry_search_query``
turns what was typed into a tsquery: web-search syntax (quotes, ``-word``, ``or``), each
word of three letters or more also as a prefix ("hembyg" → "hembygdsförening").

The words for "did you mean …?" (migration 0006) are now folded, keep the form to show,
and include the words of places, activity areas, offer categories and kinds, so a real
word ("integration") is never corrected into another.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

KIND_WORDS = {
    "association": "ideell förening ideella föreningar non-profit association",
    "social_enterprise": "socialt företag sociala företag social enterprise",
    "cooperative": "kooperativ kooperativa cooperative",
    "foundation": "stiftelse stiftelser foundation",
}
WORK_INTEGRATING_WORDS = "arbetsintegrerande socialt företag work-integrating integrating"

_kind_cases = " ".join(f"WHEN '{kind}' THEN '{words}'" for kind, words in KIND_WORDS.items())

M2M_TABLES = (
    "registry_organisation_activity_areas",
    "registry_organisation_global_goals",
    "registry_organisation_municipalities",
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    r"""
    CREATE FUNCTION registry_fold(value text) RETURNS text AS $$
        SELECT lower(public.unaccent('public.unaccent'::regdictionary,
                     btrim(regexp_replace(value, '\s+', ' ', 'g'))))
    $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    """,
    "CREATE TEXT SEARCH CONFIGURATION registry_swedish (COPY = pg_catalog.swedish)",
    """
    ALTER TEXT SEARCH CONFIGURATION registry_swedish
        ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, swedish_stem
    """,
    r"""
    CREATE FUNCTION registry_compound_tails(value text) RETURNS text AS $$
        SELECT coalesce(string_agg(substr(w, p), ' '), '')
        FROM regexp_split_to_table(lower(coalesce(value, '')), '[^[:alnum:]]+') AS w,
             generate_series(4, length(w) - 4) AS p
        WHERE length(w) >= 8
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE
    """,
    f"""
    CREATE FUNCTION registry_kind_words(kind text, work_integrating boolean) RETURNS text AS $$
        SELECT CASE kind {_kind_cases} ELSE '' END
            || CASE WHEN work_integrating THEN ' {WORK_INTEGRATING_WORDS}' ELSE '' END
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE
    """,
    r"""
    CREATE FUNCTION registry_search_query(query text) RETURNS tsquery AS $$
        SELECT regexp_replace(websearch_to_tsquery('registry_swedish', query)::text,
                              '''([^'']{3,})''', '''\1'':*', 'g')::tsquery
    $$ LANGUAGE sql STABLE PARALLEL SAFE
    """,
    r"""
    CREATE FUNCTION registry_organisation_name_vector(org registry_organisation)
    RETURNS tsvector AS $$
        SELECT setweight(to_tsvector('registry_swedish',
            coalesce(org.name, '') || ' ' || coalesce(org.alternate_names, '') || ' '
            || registry_compound_tails(
                coalesce(org.name, '') || ' ' || coalesce(org.alternate_names, ''))), 'A')
    $$ LANGUAGE sql STABLE PARALLEL SAFE
    """,
    r"""
    CREATE FUNCTION registry_organisation_search_vector(org registry_organisation)
    RETURNS tsvector AS $$
        SELECT
            registry_organisation_name_vector(org)
            || setweight(to_tsvector('registry_swedish',
                coalesce(org.presentation, '') || ' ' || coalesce(org.city, '') || ' '
                || coalesce((SELECT m.name || ' ' || c.name
                             FROM registry_municipality m
                             JOIN registry_county c ON c.code = m.county_id
                             WHERE m.code = org.home_municipality_id), '')), 'B')
            || setweight(to_tsvector('registry_swedish',
                registry_kind_words(org.kind, org.work_integrating) || ' '
                || coalesce((SELECT f.name_sv || ' ' || f.name_en FROM registry_legalform f
                             WHERE f.code = org.legal_form_id), '') || ' '
                || coalesce((SELECT string_agg(a.name_sv || ' ' || a.name_en, ' ')
                             FROM registry_organisation_activity_areas oa
                             JOIN registry_activityarea a ON a.id = oa.activityarea_id
                             WHERE oa.organisation_id = org.id), '') || ' '
                || coalesce((SELECT string_agg(o.name_sv || ' ' || o.name_en, ' ')
                             FROM registry_organisation_offer_categories oo
                             JOIN registry_offercategory o ON o.id = oo.offercategory_id
                             WHERE oo.organisation_id = org.id), '') || ' '
                || coalesce((SELECT string_agg(m.name || ' ' || c.name, ' ')
                             FROM registry_organisation_municipalities om
                             JOIN registry_municipality m ON m.code = om.municipality_id
                             JOIN registry_county c ON c.code = m.county_id
                             WHERE om.organisation_id = org.id), '')), 'C')
            || setweight(to_tsvector('registry_swedish',
                coalesce(org.description, '') || ' ' || coalesce(org.offers, '')), 'D')
    $$ LANGUAGE sql STABLE
    """,
    # The generated column of 0003 goes; the trigger-kept one takes its place.
    "ALTER TABLE registry_organisation DROP COLUMN search_vector",
    "ALTER TABLE registry_organisation ADD COLUMN search_vector tsvector",
    "ALTER TABLE registry_organisation ADD COLUMN name_vector tsvector",
    r"""
    CREATE OR REPLACE FUNCTION registry_organisation_set_facets() RETURNS trigger AS $$
    BEGIN
        NEW.facets := registry_organisation_facets(NEW);
        NEW.name_vector := registry_organisation_name_vector(NEW);
        NEW.search_vector := registry_organisation_search_vector(NEW);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER registry_organisation_offer_categories_facets_ins
    AFTER INSERT ON registry_organisation_offer_categories
    REFERENCING NEW TABLE AS changed_rows_new
    FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_facets_from_rows()
    """,
    """
    CREATE TRIGGER registry_organisation_offer_categories_facets_del
    AFTER DELETE ON registry_organisation_offer_categories
    REFERENCING OLD TABLE AS changed_rows_old
    FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_facets_from_rows()
    """,
    # A renamed reference row: the organisations that show it are searched by the new name.
    r"""
    CREATE FUNCTION registry_refresh_after_reference_change() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = 'registry_activityarea' THEN
            UPDATE registry_organisation SET facets = facets WHERE id IN (
                SELECT organisation_id FROM registry_organisation_activity_areas
                WHERE activityarea_id IN (SELECT id FROM changed_reference));
        ELSIF TG_TABLE_NAME = 'registry_offercategory' THEN
            UPDATE registry_organisation SET facets = facets WHERE id IN (
                SELECT organisation_id FROM registry_organisation_offer_categories
                WHERE offercategory_id IN (SELECT id FROM changed_reference));
        ELSIF TG_TABLE_NAME = 'registry_legalform' THEN
            UPDATE registry_organisation SET facets = facets
            WHERE legal_form_id IN (SELECT code FROM changed_reference);
        ELSIF TG_TABLE_NAME = 'registry_municipality' THEN
            UPDATE registry_organisation SET facets = facets
            WHERE home_municipality_id IN (SELECT code FROM changed_reference)
               OR id IN (SELECT organisation_id FROM registry_organisation_municipalities
                         WHERE municipality_id IN (SELECT code FROM changed_reference));
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
]
for table in (
    "registry_activityarea",
    "registry_offercategory",
    "registry_legalform",
    "registry_municipality",
):
    FORWARD.append(
        f"""
        CREATE TRIGGER {table}_refresh_organisations AFTER UPDATE ON {table}
        REFERENCING NEW TABLE AS changed_reference
        FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_after_reference_change()
        """
    )
FORWARD += [
    # The words for "did you mean …?", folded, with the form to show.
    "DROP TRIGGER registry_organisation_search_words ON registry_organisation",
    "DROP FUNCTION registry_collect_search_words()",
    "DROP TABLE registry_searchword",
    "CREATE TABLE registry_searchword (word text PRIMARY KEY, display text NOT NULL)",
    "CREATE INDEX registry_searchword_trgm ON registry_searchword USING gin (word gin_trgm_ops)",
    r"""
    CREATE FUNCTION registry_add_search_words(value text) RETURNS void AS $$
        INSERT INTO registry_searchword (word, display)
        SELECT DISTINCT ON (registry_fold(w)) registry_fold(w), lower(w)
        FROM regexp_split_to_table(coalesce(value, ''), '[^[:alnum:]]+') AS w
        WHERE length(w) >= 3
        ORDER BY registry_fold(w), lower(w)
        ON CONFLICT (word) DO NOTHING
    $$ LANGUAGE sql
    """,
    r"""
    CREATE FUNCTION registry_collect_search_words() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = 'registry_organisation' THEN
            PERFORM registry_add_search_words(NEW.name || ' ' || NEW.alternate_names);
        ELSE
            PERFORM registry_add_search_words(NEW.name_sv || ' ' || NEW.name_en);
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER registry_organisation_search_words
    AFTER INSERT OR UPDATE OF name, alternate_names ON registry_organisation
    FOR EACH ROW EXECUTE FUNCTION registry_collect_search_words()
    """,
    """
    CREATE TRIGGER registry_activityarea_search_words
    AFTER INSERT OR UPDATE ON registry_activityarea
    FOR EACH ROW EXECUTE FUNCTION registry_collect_search_words()
    """,
    """
    CREATE TRIGGER registry_offercategory_search_words
    AFTER INSERT OR UPDATE ON registry_offercategory
    FOR EACH ROW EXECUTE FUNCTION registry_collect_search_words()
    """,
    """
    SELECT registry_add_search_words(string_agg(name || ' ' || alternate_names, ' '))
    FROM registry_organisation
    """,
    """
    SELECT registry_add_search_words(string_agg(name_sv || ' ' || name_en, ' '))
    FROM (SELECT name_sv, name_en FROM registry_activityarea
          UNION ALL SELECT name_sv, name_en FROM registry_offercategory
          UNION ALL SELECT name_sv, name_en FROM registry_legalform) AS reference
    """,
    "SELECT registry_add_search_words(string_agg(name, ' ')) FROM registry_municipality",
    "SELECT registry_add_search_words(string_agg(name, ' ')) FROM registry_county",
    f"SELECT registry_add_search_words('{' '.join(KIND_WORDS.values())} {WORK_INTEGRATING_WORDS}')",
    # Compute every organisation's document, then index it.
    "UPDATE registry_organisation SET facets = facets",
    "ALTER TABLE registry_organisation ALTER COLUMN search_vector SET NOT NULL",
    "ALTER TABLE registry_organisation ALTER COLUMN name_vector SET NOT NULL",
    "CREATE INDEX org_search_vector_gin ON registry_organisation USING gin (search_vector)",
    "CREATE INDEX org_name_vector_gin ON registry_organisation USING gin (name_vector)",
    "CREATE INDEX org_folded_name_idx ON registry_organisation "
    "(registry_fold(name) text_pattern_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS org_folded_name_idx",
    "DROP TRIGGER IF EXISTS registry_activityarea_search_words ON registry_activityarea",
    "DROP TRIGGER IF EXISTS registry_offercategory_search_words ON registry_offercategory",
    "DROP TRIGGER IF EXISTS registry_organisation_search_words ON registry_organisation",
    "DROP FUNCTION IF EXISTS registry_collect_search_words()",
    "DROP FUNCTION IF EXISTS registry_add_search_words(text)",
    "DROP TABLE IF EXISTS registry_searchword",
    "CREATE TABLE registry_searchword (word text PRIMARY KEY)",
    "CREATE INDEX registry_searchword_trgm ON registry_searchword USING gin (word gin_trgm_ops)",
    r"""
    CREATE FUNCTION registry_collect_search_words() RETURNS trigger AS $$
    BEGIN
        INSERT INTO registry_searchword (word)
        SELECT DISTINCT w
        FROM regexp_split_to_table(
            lower(coalesce(NEW.name, '') || ' ' || coalesce(NEW.alternate_names, '')),
            '[^[:alnum:]]+'
        ) AS w
        WHERE length(w) >= 3
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER registry_organisation_search_words
    AFTER INSERT OR UPDATE OF name, alternate_names ON registry_organisation
    FOR EACH ROW EXECUTE FUNCTION registry_collect_search_words()
    """,
    *(
        f"DROP TRIGGER IF EXISTS {table}_refresh_organisations ON {table}"
        for table in (
            "registry_activityarea",
            "registry_offercategory",
            "registry_legalform",
            "registry_municipality",
        )
    ),
    "DROP FUNCTION IF EXISTS registry_refresh_after_reference_change()",
    "DROP TRIGGER IF EXISTS registry_organisation_offer_categories_facets_ins "
    "ON registry_organisation_offer_categories",
    "DROP TRIGGER IF EXISTS registry_organisation_offer_categories_facets_del "
    "ON registry_organisation_offer_categories",
    r"""
    CREATE OR REPLACE FUNCTION registry_organisation_set_facets() RETURNS trigger AS $$
    BEGIN
        NEW.facets := registry_organisation_facets(NEW);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "ALTER TABLE registry_organisation DROP COLUMN search_vector",
    "ALTER TABLE registry_organisation DROP COLUMN name_vector",
    "DROP FUNCTION IF EXISTS registry_organisation_name_vector(registry_organisation)",
    """
    ALTER TABLE registry_organisation ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig,
            coalesce(name, '') || ' ' || coalesce(alternate_names, '')), 'A')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(presentation, '')), 'B')
        || setweight(to_tsvector('swedish'::regconfig,
            coalesce(description, '') || ' ' || coalesce(offers, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX org_search_vector_gin ON registry_organisation USING gin (search_vector)",
    "DROP FUNCTION IF EXISTS registry_organisation_search_vector(registry_organisation)",
    "DROP FUNCTION IF EXISTS registry_search_query(text)",
    "DROP FUNCTION IF EXISTS registry_kind_words(text, boolean)",
    "DROP FUNCTION IF EXISTS registry_compound_tails(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS registry_swedish",
    "DROP FUNCTION IF EXISTS registry_fold(text)",
]


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_directory_facets")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.AddField(
                    model_name="organisation",
                    name="search_vector",
                    field=SearchVectorField(blank=True, editable=False, null=True),
                ),
                migrations.AddField(
                    model_name="organisation",
                    name="name_vector",
                    field=SearchVectorField(blank=True, editable=False, null=True),
                ),
                migrations.AddField(
                    model_name="organisation",
                    name="facets",
                    field=ArrayField(
                        base_field=models.TextField(),
                        blank=True,
                        default=list,
                        editable=False,
                        size=None,
                    ),
                ),
            ],
        ),
    ]
