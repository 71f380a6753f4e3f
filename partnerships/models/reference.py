"""Reference data of the effort log: policy documents and their goals, municipal units,
and which officers work for which municipality."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import County, Municipality, TranslatedNameMixin


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


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
