"""Reads of the register: every public queryset is built here."""

import datetime
import uuid

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.changes import organisation_values
from registry.models import AccessLink, ContactPerson, Organisation, ProblemReport, Submission

VERIFY_AFTER = datetime.timedelta(days=365)
VERIFY_RESEND_AFTER = datetime.timedelta(days=30)

# Names at least this alike (pg_trgm similarity) are shown as possible duplicates.
SIMILAR_NAME_THRESHOLD = 0.5


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def published_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        publication_state=Organisation.PublicationState.PUBLISHED
    ).select_related("home_municipality")


def organisation_search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Filter by free text and annotate ``rank`` (higher is more relevant).

    PostgreSQL: full-text search (``websearch_to_tsquery`` with the ``swedish``
    configuration, so "förening" finds "Föreningen …" and "föreningar") over the stored,
    GIN-indexed ``search_vector`` column of migration 0003, where name and alternate names
    weigh most (A), then presentation (B), then description and offers (C). When no
    organisation matches word for word, the query is probably misspelt: fall back to
    trigram word similarity on the name (GIN trigram index), so "motla" finds "Motala …".
    The fallback costs one cheap EXISTS query, and only when searching.
    SQLite: case-insensitive substring match, names first.
    """
    query = " ".join(query.split())
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres_search():
        vector = RawSQL(
            '"registry_organisation"."search_vector"', [], output_field=SearchVectorField()
        )
        ts_query = SearchQuery(query, config="swedish", search_type="websearch")
        matches = queryset.annotate(search_vector=vector).filter(search_vector=ts_query)
        if matches.exists():
            return matches.annotate(rank=SearchRank(vector, ts_query))
        return queryset.filter(name__trigram_word_similar=query).annotate(
            rank=TrigramWordSimilarity(query, "name")
        )
    text_match = (
        Q(name__icontains=query)
        | Q(alternate_names__icontains=query)
        | Q(presentation__icontains=query)
        | Q(description__icontains=query)
        | Q(offers__icontains=query)
    )
    name_match = Q(name__icontains=query) | Q(alternate_names__icontains=query)
    return queryset.filter(text_match).annotate(
        rank=Case(When(name_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    )


def in_municipality(queryset: QuerySet[Organisation], municipality) -> QuerySet[Organisation]:
    """Organisations that work in the municipality (home municipality or operates in)."""
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality=municipality
    )
    return queryset.filter(Q(home_municipality=municipality) | Exists(operates))


def in_county(queryset: QuerySet[Organisation], county) -> QuerySet[Organisation]:
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality__county=county
    )
    return queryset.filter(Q(home_municipality__county=county) | Exists(operates))


SORTS = {
    "name": (Lower("name").asc(), "id"),
    "newest": (F("created_at").desc(), "-id"),
}


def order_directory(queryset: QuerySet[Organisation], sort: str, *, searching: bool):
    if sort == "relevance" and searching:
        return queryset.order_by(F("rank").desc(), Lower("name").asc(), "id")
    return queryset.order_by(*SORTS.get(sort, SORTS["name"]))


def public_organisation(slug: str) -> Organisation:
    """The published organisation with this slug, or 404."""
    return get_object_or_404(
        published_organisations()
        .select_related("legal_form", "home_municipality__county")
        .prefetch_related("activity_areas", "global_goals", "municipalities", "offer_categories"),
        slug=slug,
    )


def public_contacts(organisation: Organisation) -> QuerySet[ContactPerson]:
    """Contact persons who consented to being shown publicly. Nobody else, ever."""
    return organisation.contacts.filter(
        show_publicly=True,
        legal_basis=ContactPerson.LegalBasis.CONSENT,
        consent_given_at__isnull=False,
    )


def similar_organisations(name: str, *, exclude_pk: int | None = None, limit: int = 5):
    """Entries whose name is very like ``name`` (trigram similarity on PostgreSQL)."""
    name = " ".join(name.split())
    if not name:
        return Organisation.objects.none()
    queryset = Organisation.objects.exclude(pk=exclude_pk).exclude(
        publication_state=Organisation.PublicationState.HIDDEN
    )
    if uses_postgres_search():
        return (
            queryset.filter(name__trigram_similar=name)
            .annotate(similarity=TrigramSimilarity("name", name))
            .filter(similarity__gte=SIMILAR_NAME_THRESHOLD)
            .order_by("-similarity", "name")[:limit]
        )
    return queryset.filter(Q(name__iexact=name) | Q(name__icontains=name)).order_by("name")[:limit]


def organisations_due_for_verification() -> QuerySet[Organisation]:
    """Active, published entries not verified for 12 months and not asked in 30 days."""
    cutoff = timezone.localdate() - VERIFY_AFTER
    recently_asked = AccessLink.objects.filter(
        purpose=AccessLink.Purpose.VERIFY, created_at__gte=timezone.now() - VERIFY_RESEND_AFTER
    ).values("organisation_id")
    return (
        Organisation.objects.filter(publication_state=Organisation.PublicationState.PUBLISHED)
        .filter(status=Organisation.Status.ACTIVE)
        .filter(Q(last_verified_on__lt=cutoff) | Q(last_verified_on__isnull=True))
        .exclude(pk__in=recently_asked)
    )


def submission_exists(key: str) -> bool:
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return False
    return Submission.objects.filter(submission_key=key).exists()


def queue_counts() -> dict[str, int]:
    """How much awaits the officers."""
    submissions = Submission.objects.filter(status=Submission.Status.PENDING).aggregate(
        registrations=Count("pk", filter=Q(kind=Submission.Kind.REGISTRATION)),
        changes=Count("pk", filter=Q(kind=Submission.Kind.CHANGE)),
    )
    problems = ProblemReport.objects.filter(status=ProblemReport.Status.OPEN).count()
    return {**submissions, "problems": problems}


def moderation_queue():
    """Pending submissions, oldest first."""
    return (
        Submission.objects.filter(status=Submission.Status.PENDING)
        .select_related("organisation__home_municipality")
        .order_by("created_at", "id")
    )


def open_problem_reports():
    return (
        ProblemReport.objects.filter(status=ProblemReport.Status.OPEN)
        .select_related("organisation")
        .order_by("created_at", "id")
    )


def _display_value(model_field, value) -> str:
    if value in (None, "", []):
        return "—"
    if model_field.many_to_many:
        related = model_field.related_model.objects.filter(pk__in=value)
        return ", ".join(str(item) for item in related)
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def change_comparison(submission: Submission) -> list[dict]:
    """Field by field, the published value beside the proposed one, as people read them.
    A change request holds only the fields the organisation changed."""
    proposed = submission.data or {}
    current = organisation_values(submission.organisation, list(proposed))
    rows = []
    for name, value in proposed.items():
        model_field = Organisation._meta.get_field(name)
        rows.append(
            {
                "label": model_field.verbose_name,
                "current": _display_value(model_field, current.get(name)),
                "proposed": _display_value(model_field, value),
                "changed": current.get(name) != value,
            }
        )
    return rows
