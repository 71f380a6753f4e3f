"""A trigram index on the folded name (lower case, no accents; ``registry_fold`` of
migration 0008), for search-as-you-type (``registry.suggestions``): "forening" suggests
"Förening", and a word of two letters narrows through its word-start trigrams."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_ceased_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX org_folded_name_trgm ON registry_organisation "
            "USING gin (registry_fold(name) gin_trgm_ops)",
            "DROP INDEX IF EXISTS org_folded_name_trgm",
        )
    ]
