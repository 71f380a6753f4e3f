from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The map's index with the search document included (``registry.maps``), built
    without locking the register against writes (CONCURRENTLY, outside a transaction)."""

    atomic = False

    dependencies = [
        ("registry", "0024_map_grid"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="organisation",
            index=models.Index(
                condition=models.Q(("latitude__isnull", False), ("publication_state", "published")),
                fields=["map_x", "map_y"],
                include=("status", "id", "search_vector"),
                name="org_map_search_idx",
            ),
        ),
    ]
