"""Where a change to the register came from: every history row says so.

django-simple-history records who changed an organisation or a contact person and how
(``history_user``, ``history_type``); ``source`` adds where the change came from, so an
officer reading the history can tell a registration from an import or a merge.

A service says its source with ``with history.source(Source.IMPORT): ...``; the history
rows written inside the block carry it. Outside any block a row says ``SYSTEM`` (a
management command, a data migration), or ``ADMIN`` when Django's admin made it.
"""

import contextlib
import contextvars

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class Source(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    CHANGE_REQUEST = "change_request", _("Change request")
    SELF_SERVICE = "self_service", _("The organisation itself")
    VERIFICATION = "verification", _("Verification")
    OFFICER = "officer", _("Officer")
    IMPORT = "import", _("Import")
    MERGE = "merge", _("Merge")
    RESTORE = "restore", _("Restore")
    ERASURE = "erasure", _("Erasure of personal data")
    ADMIN = "admin", _("Administration")
    SYSTEM = "system", _("System")


_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "registry_history_source", default=None
)


@contextlib.contextmanager
def source(value: str):
    """History rows written inside the block say ``value`` as their source."""
    token = _current.set(Source(value).value)
    try:
        yield
    finally:
        _current.reset(token)


def current_source() -> str:
    explicit = _current.get()
    if explicit:
        return explicit
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and request.path_info.startswith(("/admin/", "/en/admin/")):
        return Source.ADMIN
    return Source.SYSTEM


class SourcedHistory(models.Model):
    """The abstract base of the register's history tables."""

    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SYSTEM
    )

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _stamp_source(sender, history_instance, **kwargs):
    if isinstance(history_instance, SourcedHistory):
        history_instance.source = current_source()
