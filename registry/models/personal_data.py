"""What the portal keeps of an erasure of personal data (``registry.personal_data``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    """One erasure of a person's data, with no personal data of its own: its number,
    when, by whom, and how many rows each place had (``counts``: place key → rows). No
    address, name or hash of either is kept, so the record cannot identify the person."""

    erased_at = models.DateTimeField(_("erased"), default=timezone.now, editable=False)
    erased_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erased by"),
    )
    counts = models.JSONField(_("rows per place"), default=dict)
    submission_key = models.UUIDField(
        _("submission key"),
        unique=True,
        help_text=_("One per confirmation form shown, so that a double submission erases once."),
    )

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number to quote in a reply to the person: ``RAD-000012``."""
        return f"RAD-{self.pk:06d}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
