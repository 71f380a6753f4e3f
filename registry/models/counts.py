"""The register's counts for the statistics: kept by the database, read by the indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterCount(models.Model):
    """How many published organisations share a home municipality, a kind, a founding
    year, a year of entry in the register (``created_at`` in Swedish time) and a year
    of ceasing: every figure of the register's indicators (``partnerships.indicators``)
    is a sum over these rows, a few thousand where the register has 300 000 entries.

    Database triggers on ``registry_organisation`` keep the rows in step with every
    insert, update or delete, however it is written (the ORM, bulk loads, imports,
    SQL), in the same transaction (migration 0026); nothing in Python writes here. A
    count that falls to 0 stays as a row of 0, which adds nothing. A test compares the
    rows with the register after every kind of write (tests/registry/test_register_counts.py).
    """

    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        verbose_name=_("home municipality"),
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    founded_year = models.IntegerField(_("founding year"), null=True)
    registered_year = models.IntegerField(_("year entered in the register"))
    ceased_year = models.IntegerField(_("year ceased"), null=True)
    organisations = models.IntegerField(_("organisations"))

    class Meta:
        verbose_name = _("register count")
        verbose_name_plural = _("register counts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "founded_year", "registered_year", "ceased_year"],
                nulls_distinct=False,
                name="registercount_one_row_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.kind}: {self.organisations}"
