"""The effort log's version token (report cache)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- Report cache -------------------------------------------------------------------------


class LogVersion(models.Model):
    """One row whose token changes, in the same transaction, with every change to the
    effort log and its reference data (signals in ``partnerships.signals``; bulk loads
    call ``bump`` themselves). Follow-up figures are cached under the token, so a cached
    figure is never stale, on any app server."""

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("effort log version")
        verbose_name_plural = _("effort log versions")

    def __str__(self) -> str:
        return str(self.token)

    @classmethod
    def current(cls) -> uuid.UUID:
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            token = cls.objects.get_or_create(pk=1)[0].token
        return token

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1)
