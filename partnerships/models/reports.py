"""Reporting requests: a question from the council or a board, answered with a report
built from the data, and the report's published versions, frozen as they were."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.locking import Versioned, version_constraint
from registry.models import Municipality


class RequestInstrument(models.TextChoices):
    """How a request to report reached the municipality."""

    MEMBERS_INITIATIVE = "members_initiative", _("Member's initiative (ledamotsinitiativ)")
    MOTION = "motion", _("Motion")
    INTERPELLATION = "interpellation", _("Interpellation")
    QUESTION = "question", _("Question (fråga)")
    BOARD_ASSIGNMENT = "board_assignment", _("Assignment from a board (uppdrag)")
    ANNUAL_FOLLOW_UP = "annual_follow_up", _("Annual follow-up")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class BlockKind(models.TextChoices):
    INDICATOR = "indicator", _("Indicator table and chart")
    EFFORTS = "efforts", _("List of efforts")
    TIMELINE = "timeline", _("An organisation's cooperation timeline")
    GOAL = "goal", _("Follow-up of a policy goal")


class ReportingRequest(Versioned, models.Model):
    """A request to report (redovisning): who asked, by which instrument, by when, and
    the questions to answer. Belongs to one municipality, whose officers edit it."""

    Instrument = RequestInstrument
    Status = RequestStatus

    title = models.CharField(_("title"), max_length=300)
    instrument = models.CharField(_("instrument"), max_length=20, choices=RequestInstrument.choices)
    asked_by = models.CharField(
        _("who asked"),
        max_length=200,
        help_text=_(
            "A party or a body, for example Centerpartiet or Kommunstyrelsen. Never a "
            "person's name: a name is personal data and is published with the report."
        ),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="reporting_requests",
        verbose_name=_("municipality"),
    )
    received_on = models.DateField(_("received"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    diary_number = models.CharField(_("diary number"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_requests",
        verbose_name=_("responsible officer"),
    )
    idempotency_key = models.UUIDField(
        _("submission key"), unique=True, default=uuid.uuid4, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_on", "-received_on", "id"]
        verbose_name = _("reporting request")
        verbose_name_plural = _("reporting requests")
        indexes = [models.Index(fields=["municipality", "due_on"], name="reportreq_muni_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("received_on")),
                name="reportreq_due_not_before_received",
                violation_error_message=_("The due date cannot be before the day it was received."),
            ),
            models.CheckConstraint(
                condition=Q(instrument__in=RequestInstrument.values),
                name="reportreq_instrument_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="reportreq_status_known"
            ),
            version_constraint("reportreq"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:request-detail", kwargs={"pk": self.pk})

    def is_overdue(self, today=None) -> bool:
        """Due and not yet answered or closed."""
        today = today or timezone.localdate()
        open_ = self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)
        return bool(self.due_on and open_ and self.due_on < today)


class Question(models.Model):
    """One question of a request, in order, and the officer's answer to it."""

    request = models.ForeignKey(
        ReportingRequest, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("question"), max_length=2000)

    class Meta:
        ordering = ["request", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["request", "order"], name="question_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Answer(Versioned, models.Model):
    """The answer to a question: the officer's text and ordered blocks of data."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("answer"), max_length=20000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [version_constraint("answer")]

    def __str__(self) -> str:
        return str(self.question)


class AnswerBlock(models.Model):
    """A block of data in an answer, computed live until the report is published.
    ``params`` holds what the kind needs (see ``AnswerBlockForm.params``)."""

    Kind = BlockKind

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind of block"), max_length=10, choices=BlockKind.choices)
    params = models.JSONField(_("settings"), default=dict)

    class Meta:
        ordering = ["answer", "order"]
        verbose_name = _("block of data")
        verbose_name_plural = _("blocks of data")
        constraints = [
            models.UniqueConstraint(fields=["answer", "order"], name="answerblock_order_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=BlockKind.values), name="answerblock_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReportVersion(models.Model):
    """A published version of the report, frozen: its texts, tables and chart data as
    they were when it was published (``content``, see ``partnerships.reports.snapshot``),
    so that it never changes when the data changes afterwards."""

    request = models.ForeignKey(ReportingRequest, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    content = models.JSONField(_("content"))
    idempotency_key = models.UUIDField(
        _("submission key"), unique=True, default=uuid.uuid4, editable=False
    )

    class Meta:
        ordering = ["request", "-number"]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "number"], name="reportversion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="reportversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "partnerships:report-version", kwargs={"pk": self.request_id, "number": self.number}
        )
