"""Imports of organisations from a spreadsheet (``registry.imports``): the uploaded
file's rows kept on the server while the officer maps its columns, reads the dry run
and confirms, and the column mappings remembered per municipality and header row."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.reference import Municipality


def headers_key(headers: list[str]) -> str:
    """One key for a header row, whatever the case and spacing of its cells."""
    folded = [" ".join(str(header).split()).casefold() for header in headers]
    return hashlib.sha256(json.dumps(folded).encode()).hexdigest()


class ImportMapping(models.Model):
    """The column mapping last used for a header row in a municipality: the next file
    with the same columns is mapped the same way without asking again."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    headers_key = models.CharField(_("header row"), max_length=64)
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "headers_key"], name="import_mapping_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.headers_key[:8]}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Columns to map")
    PLANNING = "planning", _("Dry run in progress")
    PLANNED = "planned", _("Dry run done")
    IMPORTING = "importing", _("Import in progress")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """One uploaded file on its way into the register."""

    Status = ImportStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    # The language the officer uses: the dry run's reasons are written in it.
    language = models.CharField(_("language"), max_length=10, default="sv")
    publish = models.BooleanField(_("publish the new entries"), default=True)
    headers = models.JSONField(_("header row"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)
    # The dry run's outcome per row: [{"row": 2, "action": "create", "reasons": [...],
    # "name": ..., "changes": [...]}], and its counts per action.
    plan = models.JSONField(_("dry run"), default=list)
    counts = models.JSONField(_("counts"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values),
                name="import_status_known",
            )
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PLANNING, self.Status.IMPORTING)

    @property
    def refused(self) -> int:
        return self.counts.get("refused", 0)
