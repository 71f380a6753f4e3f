"""The register's counts (``RegisterCount``); migration 0027 keeps them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0025_map_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="kind")),
                ("founded_year", models.IntegerField(null=True, verbose_name="founding year")),
                (
                    "registered_year",
                    models.IntegerField(verbose_name="year entered in the register"),
                ),
                ("ceased_year", models.IntegerField(null=True, verbose_name="year ceased")),
                ("organisations", models.IntegerField(verbose_name="organisations")),
                (
                    "municipality",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.municipality",
                        verbose_name="home municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "register count",
                "verbose_name_plural": "register counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "municipality",
                            "kind",
                            "founded_year",
                            "registered_year",
                            "ceased_year",
                        ),
                        name="registercount_one_row_per_group",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
    ]
