"""Duplicates: pairs an officer has looked at and said are not the same organisation,
and the addresses of entries merged into another."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DuplicateDismissal(models.Model):
    """Two organisations an officer said are different: the duplicates report stops
    listing the pair. The pair is stored in order (``first`` has the lower key), so the
    unique constraint holds whichever way round it was dismissed."""

    first = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("first organisation"),
    )
    second = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("second organisation"),
    )
    dismissed_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("dismissed by")
    )
    dismissed_at = models.DateTimeField(_("dismissed"), default=timezone.now)

    class Meta:
        ordering = ["-dismissed_at", "-id"]
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dupdismissal_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="dupdismissal_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} / {self.second_id}"

    @property
    def entries(self) -> list:
        return [self.first, self.second]


class OrganisationRedirect(models.Model):
    """The public address of an entry merged into another: ``organisationer/<old_slug>/``
    and its sub-pages answer with a permanent redirect to ``organisation``."""

    old_slug = models.SlugField(_("old slug"), max_length=220, unique=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="redirects",
        verbose_name=_("organisation"),
    )
    # The key the merged entry had: its history rows keep it, and the survivor's history
    # page reads them by it.
    merged_id = models.BigIntegerField(_("key of the merged entry"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("address of a merged entry")
        verbose_name_plural = _("addresses of merged entries")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.organisation_id}"
