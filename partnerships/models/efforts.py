"""The effort log: efforts, the organisations and goals they involve, follow-up notes."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.reference import MunicipalUnit, PolicyGoal, _date
from registry.locking import Versioned, version_constraint
from registry.models import Municipality, Organisation

ZERO = Decimal("0.00")


# --- The effort log --------------------------------------------------------------------


def money_field(verbose_name, **kwargs):
    """SEK with öre, as a decimal (never a float), never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class Effort(Versioned, models.Model):
    """An effort (insats) or cooperation (samverkan) of the municipality with the social
    economy. It belongs to the municipality of its responsible unit."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        IOP = "iop", _("IOP partnership")
        PROCUREMENT = "procurement", _("Procurement with social considerations or reserved")
        PREMISES = "premises", _("Premises")
        ADVICE = "advice", _("Advice and start-up help")
        COMPETENCE = "competence", _("Competence development")
        MARKETING = "marketing", _("Marketing and visibility")
        WORK_TRAINING = "work_training", _("Work-training placements")
        NETWORKING = "networking", _("Networking and meeting places")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of effort"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    responsible_unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        related_name="efforts",
        verbose_name=_("responsible unit"),
        help_text=_("The department, company or board that is responsible."),
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_efforts",
        verbose_name=_("responsible officer"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="EffortOrganisation",
        related_name="efforts",
        verbose_name=_("organisations"),
    )
    goals = models.ManyToManyField(
        PolicyGoal, through="EffortGoal", related_name="efforts", verbose_name=_("policy goals")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while it has no set end.")
    )
    amount_applied = money_field(_("applied for (SEK)"))
    amount_awarded = money_field(_("awarded (SEK)"))
    # Kept by the services: the sum of the effort's payments (EffortPayment), checked at
    # every commit by the database (migration 0007_payments's constraint triggers).
    amount_paid = money_field(
        _("paid out (SEK)"),
        editable=False,
        help_text=_("The sum of the payments; never more than awarded."),
    )
    in_kind_value = money_field(
        _("in-kind value (SEK)"),
        help_text=_("The value of premises, staff time or other support in kind."),
    )
    decision_diary_number = models.CharField(_("diary number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("For example Socialnämnden, or a delegated officer."),
    )
    description = models.TextField(_("description"), max_length=10000, blank=True)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    work_training_people = models.PositiveIntegerField(
        _("people in work training"), null=True, blank=True
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    new_enterprises = models.PositiveIntegerField(
        _("new enterprises started"), null=True, blank=True
    )
    outcome_notes = models.TextField(_("other outcomes"), max_length=5000, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown on the public list of partnerships and on the organisations' public pages."
        ),
    )
    idempotency_key = models.UUIDField(
        _("submission key"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("One per form shown, so that a double submission creates one effort."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("effort")
        verbose_name_plural = _("efforts")
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="effort_start_idx"),
            models.Index(fields=["responsible_unit", "start_date"], name="effort_unit_start_idx"),
            models.Index(
                fields=["-start_date", "-id"],
                condition=Q(is_public=True),
                name="effort_public_start_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_applied__gte=0)
                & Q(amount_awarded__gte=0)
                & Q(amount_paid__gte=0)
                & Q(in_kind_value__gte=0),
                name="effort_amounts_not_negative",
                violation_error_message=_("Amounts in kronor cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__lte=models.F("amount_awarded")),
                name="effort_paid_not_above_awarded",
                violation_error_message=_("More is paid out than was awarded."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="effort_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(end_date__isnull=False),
                name="effort_completed_has_end_date",
                violation_error_message=_("A completed effort has an end date."),
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "grant",
                        "iop",
                        "procurement",
                        "premises",
                        "advice",
                        "competence",
                        "marketing",
                        "work_training",
                        "networking",
                        "other",
                    ]
                ),
                name="effort_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "ongoing", "completed", "cancelled"]),
                name="effort_status_known",
            ),
            version_constraint("effort"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:effort-detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("partnerships:public-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors: dict[str, list] = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(
                _("The end date cannot be before the start date.")
            )
        if self.status == self.Status.COMPLETED and not self.end_date:
            errors.setdefault("end_date", []).append(
                _("A completed effort has an end date: give the day it ended.")
            )
        if (
            self.status == self.Status.COMPLETED
            and self.end_date
            and self.end_date > timezone.localdate()
        ):
            errors.setdefault("status", []).append(
                _("An effort that ends in the future cannot be completed yet.")
            )
        paid, awarded = self.amount_paid, self.amount_awarded
        if paid is not None and awarded is not None and paid > awarded:
            errors.setdefault("amount_paid", []).append(
                _(
                    "More is paid out than was awarded. If the award was raised, "
                    "record the new amount awarded too."
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def municipality(self) -> Municipality:
        return self.responsible_unit.municipality

    @property
    def award_year(self) -> int:
        """Money awarded counts in the year of the decision, else of the start (README,
        "How the figures are counted")."""
        return (self.decision_date or self.start_date).year

    @property
    def active_years_display(self) -> str:
        """The years the effort is counted as active in ("2024-2026"; "2024-" while it
        has no end date)."""
        first = self.start_date.year
        if self.end_date is None:
            return f"{first}\u2013"
        if self.end_date.year == first:
            return str(first)
        return f"{first}\u2013{self.end_date.year}"

    @property
    def period_display(self) -> str:
        if self.end_date:
            return _("%(start)s to %(end)s") % {
                "start": _date(self.start_date),
                "end": _date(self.end_date),
            }
        return _("from %(start)s") % {"start": _date(self.start_date)}


class EffortOrganisation(models.Model):
    """An organisation involved in an effort, and its role there."""

    class Role(models.TextChoices):
        RECIPIENT = "recipient", _("Recipient")
        PARTNER = "partner", _("Partner")
        PROVIDER = "provider", _("Provider")

    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="effort_links",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["effort", "organisation__name"]
        verbose_name = _("organisation in an effort")
        verbose_name_plural = _("organisations in efforts")
        indexes = [models.Index(fields=["organisation", "effort"], name="effortorg_org_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["effort", "organisation"], name="effortorg_once_per_effort"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["recipient", "partner", "provider"]),
                name="effortorg_role_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class EffortGoal(models.Model):
    """A policy goal an effort serves, with a short note on how."""

    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey(
        PolicyGoal,
        on_delete=models.PROTECT,
        related_name="effort_links",
        verbose_name=_("policy goal"),
    )
    note = models.CharField(_("how the effort serves the goal"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal__order", "goal__code"]
        verbose_name = _("goal of an effort")
        verbose_name_plural = _("goals of efforts")
        indexes = [models.Index(fields=["goal", "effort"], name="effortgoal_goal_idx")]
        constraints = [
            models.UniqueConstraint(fields=["effort", "goal"], name="effortgoal_once_per_effort"),
        ]

    def __str__(self) -> str:
        return str(self.goal)


class EffortPayment(models.Model):
    """A dated payment to an effort: money paid counts in the year it was paid. The
    effort's ``amount_paid`` is the sum of its payments (kept by the services, checked by
    the database at commit)."""

    effort = models.ForeignKey(
        Effort, on_delete=models.CASCADE, related_name="payments", verbose_name=_("effort")
    )
    date = models.DateField(_("date paid"))
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["effort", "date"], name="payment_effort_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("A payment is more than 0 kronor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_date(self.date)}: {self.amount} kr"


class FollowUpNote(Versioned, models.Model):
    """A dated entry in the history of an effort, written by an officer."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        DECISION = "decision", _("Decision")
        PAYMENT = "payment", _("Payment")
        REVIEW = "review", _("Review")
        OTHER = "other", _("Other")

    effort = models.ForeignKey(
        Effort, on_delete=models.CASCADE, related_name="notes", verbose_name=_("effort")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind of note"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("note"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    idempotency_key = models.UUIDField(
        _("submission key"), unique=True, default=uuid.uuid4, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        indexes = [models.Index(fields=["effort", "date"], name="note_effort_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["meeting", "decision", "payment", "review", "other"]),
                name="note_kind_known",
            ),
            version_constraint("note"),
        ]

    def __str__(self) -> str:
        return f"{_date(self.date)}: {self.get_kind_display()}"
