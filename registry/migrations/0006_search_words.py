"""PostgreSQL: the words of organisations' names, for "did you mean …?".

When full-text search finds nothing, each word of the query is replaced by the most
similar word found in any organisation's name or alternate names (trigram similarity,
GIN index), and the corrected query is searched instead: "motla" → "motala",
"förning" → "förening". A trigger keeps the list complete on every write path; words
are never removed (a stale word only yields a suggestion that finds nothing, which is
then not shown). Migration 0008 folds the words and adds those of places and activities.
"""

from django.db import migrations

FORWARD = [
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
    r"""
    INSERT INTO registry_searchword (word)
    SELECT DISTINCT w
    FROM registry_organisation,
         regexp_split_to_table(lower(name || ' ' || alternate_names), '[^[:alnum:]]+') AS w
    WHERE length(w) >= 3
    ON CONFLICT DO NOTHING
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_organisation_search_words ON registry_organisation",
    "DROP FUNCTION IF EXISTS registry_collect_search_words()",
    "DROP TABLE IF EXISTS registry_searchword",
]


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_officers_group")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
