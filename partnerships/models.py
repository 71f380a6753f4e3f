"""Partnerships: what the municipality does together with and for the social economy.

Reference data (policy documents and their goals, municipal units, which officers work
for which municipality) and the log of efforts with their organisations, goals and
follow-up notes. Every change is kept in history tables (django-simple-history).
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import County, Municipality, Organisation, TranslatedNameMixin

ZERO = Decimal("0.00")


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


# --- Reference data ----------------------------------------------------------------


class PolicyDocument(models.Model):
    """A council decision that sets goals, e.g. Motala's *Policy för social ekonomi*.

    A document belongs to one municipality, or to a region (a county) when it is a
    regional document that applies to every municipality in the county.
    """

    title = models.CharField(_("title"), max_length=300)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policy_documents",
        verbose_name=_("municipality"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policy_documents",
        verbose_name=_("region (county)"),
        help_text=_(
            "For a regional document, which applies to every municipality in the county. "
            "Give either a municipality or a region."
        ),
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("For example Kommunfullmäktige."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    paragraph = models.CharField(
        _("paragraph"), max_length=20, blank=True, help_text=_("For example § 83.")
    )
    diary_number = models.CharField(
        _("diary number"), max_length=50, blank=True, help_text=_("Diarienummer.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Empty while the document is in force.")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text of the document"), blank=True, max_length=50000)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from", "title"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(county__isnull=True))
                | (Q(municipality__isnull=True) & Q(county__isnull=False)),
                name="policydocument_municipality_or_region",
                violation_error_message=_(
                    "A policy document belongs to a municipality or to a region, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="policydocument_valid_to_after_from",
                violation_error_message=_("The document cannot stop being valid before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner_name})"

    def clean(self):
        errors = {}
        if bool(self.municipality_id) == bool(self.county_id):
            errors["municipality"] = _(
                "Give either the municipality that decided the document or, for a regional "
                "document, the region (county): one of them, not both."
            )
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The document cannot stop being valid before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner_name(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        return self.county.name if self.county_id else ""

    @property
    def is_regional(self) -> bool:
        return self.county_id is not None

    def applies_to(self, municipality: Municipality) -> bool:
        if self.municipality_id:
            return self.municipality_id == municipality.pk
        return self.county_id == municipality.county_id

    def in_force_during(self, start: datetime.date, end: datetime.date | None) -> bool:
        """Whether the document was in force on some day of the period (``end`` None: open)."""
        starts_in_time = end is None or self.valid_from <= end
        return starts_in_time and (self.valid_to is None or self.valid_to >= start)

    @property
    def validity_display(self) -> str:
        if self.valid_to:
            return _("%(start)s to %(end)s") % {
                "start": _date(self.valid_from),
                "end": _date(self.valid_to),
            }
        return _("from %(start)s") % {"start": _date(self.valid_from)}


class PolicyGoalQuerySet(models.QuerySet):
    def for_municipality(self, municipality_id: str, county_id: str):
        """Goals of the municipality's own documents and of its region's."""
        return self.filter(
            Q(document__municipality_id=municipality_id) | Q(document__county_id=county_id)
        )

    def usable_during(self, start: datetime.date, end: datetime.date | None):
        """Goals of documents in force during the period, not retired before it began."""
        in_force = Q(document__valid_to__isnull=True) | Q(document__valid_to__gte=start)
        if end is not None:
            in_force &= Q(document__valid_from__lte=end)
        return self.filter(in_force).filter(Q(retired_on__isnull=True) | Q(retired_on__gt=start))


class PolicyGoal(TranslatedNameMixin, models.Model):
    """One goal of a policy document. Retired goals stay, with the efforts logged on them."""

    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("policy document"),
    )
    code = models.CharField(
        _("short code"), max_length=10, help_text=_("Unique within the document, e.g. M4.")
    )
    name_sv = models.CharField(_("short name (Swedish)"), max_length=200)
    name_en = models.CharField(_("short name (English)"), max_length=200, blank=True)
    text = models.TextField(
        _("text of the goal"), max_length=5000, help_text=_("The document's own wording.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_on = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_(
            "From this date the goal can no longer be chosen for efforts that start later. "
            "Efforts already logged against it keep it."
        ),
    )

    objects = PolicyGoalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document_id", "order", "code"]
        verbose_name = _("policy goal")
        verbose_name_plural = _("policy goals")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "code"], name="policygoal_code_unique_in_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:goal-detail", kwargs={"pk": self.pk})

    def is_retired_on(self, date: datetime.date) -> bool:
        return self.retired_on is not None and self.retired_on <= date


class MunicipalUnit(models.Model):
    """A department (förvaltning), municipal company (bolag) or board (nämnd)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department (förvaltning)")
        COMPANY = "company", _("Municipal company (bolag)")
        BOARD = "board", _("Board (nämnd)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "A unit closed in a reorganisation is kept with its efforts but cannot take new ones."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("municipal unit")
        verbose_name_plural = _("municipal units")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="municipalunit_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["department", "company", "board"]),
                name="municipalunit_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class OfficerMembership(models.Model):
    """An officer works for a municipality: they log and edit its efforts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="municipality_memberships",
        verbose_name=_("officer"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="officer_memberships",
        verbose_name=_("municipality"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("officer's municipality")
        verbose_name_plural = _("officers' municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="officermembership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.municipality}"


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


class Effort(models.Model):
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
    amount_paid = money_field(
        _("paid out (SEK)"), help_text=_("Paid out so far; never more than awarded.")
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
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; stops silent overwrites.")
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
            models.CheckConstraint(condition=Q(version__gte=1), name="effort_version_positive"),
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
    def report_year(self) -> int:
        """Reports count an effort in the year it started (see README, Partnerships)."""
        return self.start_date.year

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


class FollowUpNote(models.Model):
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
    version = models.PositiveIntegerField(_("version"), default=1)
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
            models.CheckConstraint(condition=Q(version__gte=1), name="note_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{_date(self.date)}: {self.get_kind_display()}"


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
