"""The register: organisations, their contact persons, and the search vocabulary."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Cast, Floor, Lower, Pi, Radians, Tan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import orgnr
from registry.history import SourcedHistory
from registry.locking import Versioned, version_constraint
from registry.models import OrgNumberField, PostalCodeField
from registry.models.reference import (
    ActivityArea,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
)

# --- The register ---------------------------------------------------------------------


# The keys the duplicates report compares (``registry.duplicates``), each with an index
# of its own. The report's SQL writes the same expressions, so that PostgreSQL uses them.
def email_key():
    return Lower("email")


def phone_key():
    """The digits, with a leading +46 or 0046 written as the national 0."""
    digits = Func(F("phone"), Value("[^0-9]+"), Value(""), Value("g"), function="regexp_replace")
    return Func(digits, Value("^(00)?46"), Value("0"), function="regexp_replace")


def website_key():
    """Host and path, lower case, without the scheme, "www.", the query and a final /."""
    bare = Func(
        Lower("website"),
        Value(r"^[a-z]+://(www\.)?|[?#].*$"),
        Value(""),
        Value("g"),
        function="regexp_replace",
    )
    return Func(bare, Value("/+$"), Value(""), function="regexp_replace")


MAP_GRID_CELLS = 2**24  # registry.maps: its 64-pixel cells at zoom 22, the deepest


def map_cell_x():
    """The column of a position's cell on the map's finest grid (Web Mercator)."""
    longitude = Cast(F("longitude"), models.FloatField())
    return Cast(
        Floor((longitude + Value(180.0)) / Value(360.0) * Value(float(MAP_GRID_CELLS))),
        models.IntegerField(),
    )


def map_cell_y():
    """The row of a position's cell on the map's finest grid (Web Mercator, north first)."""
    mercator = Func(Tan(Radians(Cast(F("latitude"), models.FloatField()))), function="asinh")
    return Cast(
        Floor((Value(1.0) - mercator / Pi()) / Value(2.0) * Value(float(MAP_GRID_CELLS))),
        models.IntegerField(),
    )


class OrganisationManager(models.Manager):
    """Leaves out the database-kept search columns, which no page shows."""

    def get_queryset(self):
        return super().get_queryset().defer(*Organisation.DATABASE_KEPT_FIELDS)


class Organisation(Versioned, models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Non-profit association")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        FOUNDATION = "foundation", _("Foundation")

    class PublicationState(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CEASED = "ceased", _("Ceased")

    name = models.CharField(_("name"), max_length=200)
    alternate_names = models.TextField(
        _("alternate names"),
        blank=True,
        max_length=1000,
        help_text=_("Former names, acronyms or other names, one per line."),
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    org_number = OrgNumberField(
        _("organisation number"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Ten digits, NNNNNN-NNNN. Optional for associations without one."),
    )
    legal_form = models.ForeignKey(
        LegalForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal form")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    work_integrating = models.BooleanField(
        _("work-integrating"),
        default=False,
        help_text=_("Exists to bring people who stand far from the labour market into work."),
    )
    activity_areas = models.ManyToManyField(
        ActivityArea, blank=True, related_name="organisations", verbose_name=_("activity areas")
    )
    global_goals = models.ManyToManyField(
        GlobalGoal, blank=True, related_name="organisations", verbose_name=_("global goals")
    )
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="home_organisations",
        verbose_name=_("home municipality"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="organisations",
        verbose_name=_("operates in"),
        help_text=_(
            "The municipalities the organisation works in, the home municipality included."
        ),
    )
    presentation = models.CharField(_("short presentation"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1500)]
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("public e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = PostalCodeField(_("postal code"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(55), MaxValueValidator(70)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(25)],
    )
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    people_in_work_integration = models.PositiveIntegerField(
        _("people in work integration"), null=True, blank=True
    )
    offers = models.TextField(
        _("what it offers"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Services and products the organisation sells to the public sector and business."
        ),
    )
    offer_categories = models.ManyToManyField(
        OfferCategory, blank=True, related_name="organisations", verbose_name=_("offer categories")
    )
    sells_to_public_sector = models.BooleanField(_("sells to the public sector"), default=False)
    sells_to_business = models.BooleanField(_("sells to business"), default=False)
    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    ceased_on = models.DateField(_("ceased on"), null=True, blank=True)
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by the database, never written by Django (whatever Django sends, a BEFORE
    # trigger replaces): migration 0008's search document and its name part, and
    # migration 0007's filter tokens, recomputed on every write of the row and of its
    # many-to-many rows.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # The name folded for comparison (lower case, no accents, single spaces): exact names
    # in the directory's relevance and search-as-you-type match on it, through its indexes.
    name_folded = models.GeneratedField(
        expression=Func(F("name"), function="registry_fold"),
        output_field=models.TextField(),
        db_persist=True,
    )
    name_vector = SearchVectorField(null=True, blank=True, editable=False)
    # The position's cell on the map's finest grid (registry.maps: Web Mercator, 2**24
    # cells around the world), kept by the database: the map groups a view by these
    # integers shifted to its zoom, with no trigonometry per row.
    map_x = models.GeneratedField(
        expression=map_cell_x(), output_field=models.IntegerField(), db_persist=True
    )
    map_y = models.GeneratedField(
        expression=map_cell_y(), output_field=models.IntegerField(), db_persist=True
    )
    facets = ArrayField(models.TextField(), blank=True, default=list, editable=False)

    DATABASE_KEPT_FIELDS = (
        "search_vector",
        "name_vector",
        "name_folded",
        "facets",
        "map_x",
        "map_y",
    )

    objects = OrganisationManager()
    history = HistoricalRecords(
        m2m_fields=[activity_areas, global_goals, municipalities],
        excluded_fields=list(DATABASE_KEPT_FIELDS),
        bases=[SourcedHistory],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(Lower("name"), "id", name="org_lower_name_idx"),
            models.Index(fields=["publication_state", "-created_at"], name="org_state_created_idx"),
            models.Index(fields=["kind"], name="org_kind_idx"),
            models.Index(
                OpClass(F("name_folded"), name="text_pattern_ops"), name="org_name_folded_idx"
            ),
            GinIndex(OpClass(F("name_folded"), name="gin_trgm_ops"), name="org_name_folded_trgm"),
            models.Index(email_key(), name="org_email_key_idx", condition=~Q(email="")),
            models.Index(phone_key(), name="org_phone_key_idx", condition=~Q(phone="")),
            models.Index(website_key(), name="org_website_key_idx", condition=~Q(website="")),
            # The duplicates report compares names within a municipality (btree_gin).
            GinIndex(
                F("home_municipality"),
                OpClass(F("name_folded"), name="gin_trgm_ops"),
                name="org_home_name_trgm",
            ),
            # The directory counts the ceased matches it leaves out.
            models.Index(
                fields=["publication_state"], condition=Q(status="ceased"), name="org_ceased_idx"
            ),
            # The read API's harvest: modified_after, least recently changed first.
            models.Index(fields=["updated_at", "id"], name="org_updated_idx"),
            # The map (registry.maps): the published entries with a position inside a view,
            # covering what its grid reads, so that a view without a search or filter is
            # an index-only scan (the table's rows are wide: search documents, texts).
            models.Index(
                fields=["map_x", "map_y"],
                include=["status", "id"],
                name="org_map_position_idx",
                condition=Q(publication_state="published", latitude__isnull=False),
            ),
            # The map with free text: the same, with the search document too, so that a
            # common word over the whole country ("förening": 95 000 of 108 000 entries
            # with a position) is an index-only scan instead of a visit to every row.
            models.Index(
                fields=["map_x", "map_y"],
                include=["status", "id", "search_vector"],
                name="org_map_search_idx",
                condition=Q(publication_state="published", latitude__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="org_number_normalised",
            ),
            models.CheckConstraint(
                condition=(Q(status="ceased") & Q(ceased_on__isnull=False))
                | (Q(status="active") & Q(ceased_on__isnull=True)),
                name="ceased_on_only_when_ceased",
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=r"^[0-9]{3} [0-9]{2}$"),
                name="postal_code_nnn_nn",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(publication_state__in=["draft", "pending", "published", "hidden"]),
                name="publication_state_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["association", "social_enterprise", "cooperative", "foundation"]
                ),
                name="kind_known",
            ),
            models.CheckConstraint(
                condition=~Q(legal_form="00") | Q(org_number__isnull=True),
                name="unregistered_has_no_org_number",
            ),
            version_constraint("organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors: dict[str, list] = {}
        # Only a number that passed field validation (so is normalised) is compared.
        if self.legal_form_id and orgnr.is_normalised(self.org_number):
            if self.legal_form_id == LegalForm.UNREGISTERED:
                errors.setdefault("org_number", []).append(
                    _("An organisation that is not registered has no organisation number.")
                )
            elif not orgnr.legal_form_matches_group(self.org_number, self.legal_form_id):
                errors.setdefault("org_number", []).append(
                    _(
                        "The organisation number starts with %(digit)s, which does not fit "
                        "the chosen legal form. Check the number and the legal form."
                    )
                    % {"digit": self.org_number[0]}
                )
        if self.status == self.Status.CEASED and not self.ceased_on:
            errors.setdefault("ceased_on", []).append(_("Give the date the organisation ceased."))
        if self.status == self.Status.ACTIVE and self.ceased_on:
            errors.setdefault("ceased_on", []).append(
                _("Only an organisation that has ceased has a date it ceased.")
            )
        if self.ceased_on and self.ceased_on > timezone.localdate():
            errors.setdefault("ceased_on", []).append(
                _("The date it ceased cannot be in the future.")
            )
        if self.founded_year and self.founded_year > timezone.localdate().year:
            errors.setdefault("founded_year", []).append(
                _("The year founded cannot be in the future.")
            )
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("latitude", []).append(
                _("Give both latitude and longitude, or neither.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.publication_state == self.PublicationState.PUBLISHED

    @property
    def has_ceased(self) -> bool:
        return self.status == self.Status.CEASED

    def ensure_home_municipality(self) -> None:
        """The home municipality is always among those it operates in, so the directory's
        place filters need only the operates-in rows (``selectors.in_municipality``)."""
        self.municipalities.add(self.home_municipality_id)

    @property
    def alternate_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternate_names.splitlines() if line.strip()]

    @property
    def org_id(self) -> str:
        return orgnr.org_id(self.org_number) if self.org_number else ""

    @property
    def has_address(self) -> bool:
        return bool(self.street_address or self.postal_code or self.city)


class ContactPerson(Versioned, models.Model):
    """A person at an organisation. Personal data: shown publicly only with consent."""

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
        PUBLIC_TASK = "public_task", _("Task in the public interest")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_publicly = models.BooleanField(
        _("may be shown publicly"),
        default=False,
        help_text=_("Only with the person's consent."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(bases=[SourcedHistory])

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        indexes = [models.Index(Lower("email"), name="contact_lower_email_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(show_publicly=False)
                | (Q(legal_basis="consent") & Q(consent_given_at__isnull=False)),
                name="public_contact_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(legal_basis__in=["consent", "legitimate_interest", "public_task"]),
                name="contact_legal_basis_known",
            ),
            version_constraint("contact"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.show_publicly and not (
            self.legal_basis == self.LegalBasis.CONSENT and self.consent_given_at
        ):
            raise ValidationError(
                {
                    "show_publicly": _(
                        "A contact person is shown publicly only with recorded consent: set the "
                        "legal basis to consent and the time it was given."
                    )
                }
            )


class SearchWord(models.Model):
    """A word of an organisation's name, a place, an activity area, an offer category or a
    kind, folded (``registry_fold``), with the form to show: the vocabulary that a
    misspelt search is corrected against (``registry.search.corrected_words``).

    Kept by the database, never written by Django: triggers of migration 0008 add the
    words of every name and reference name written; words are never removed (a stale
    word only yields a correction that finds nothing, which is then not offered)."""

    word = models.TextField(primary_key=True)
    display = models.TextField()

    class Meta:
        managed = False
        db_table = "registry_searchword"

    def __str__(self) -> str:
        return self.display
