"""Reads of the register: every public queryset is built here."""

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import reference
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


@dataclass
class SearchResult:
    queryset: QuerySet[Organisation]
    corrected_query: str = ""  # set when a misspelt query was corrected


def _full_text(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    vector = RawSQL('"registry_organisation"."search_vector"', [], output_field=SearchVectorField())
    ts_query = SearchQuery(query, config="swedish", search_type="websearch")
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=ts_query)
        .annotate(rank=SearchRank(vector, ts_query))
    )


def corrected_words(query: str) -> str:
    """Each word of ``query`` replaced by the most similar word of any organisation's
    name (PostgreSQL, migration 0006), or kept when nothing is similar enough."""
    words = query.lower().split()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.word, (
                SELECT w.word FROM registry_searchword w
                WHERE w.word %% q.word
                ORDER BY similarity(w.word, q.word) DESC, w.word
                LIMIT 1
            )
            FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, position)
            ORDER BY q.position
            """,
            [words],
        )
        return " ".join(suggestion or word for word, suggestion in cursor.fetchall())


def organisation_search(queryset: QuerySet[Organisation], query: str) -> SearchResult:
    """Filter by free text and annotate ``rank`` (higher is more relevant).

    PostgreSQL: full-text search (``websearch_to_tsquery`` with the ``swedish``
    configuration, so "förening" finds "Föreningen …" and "föreningar") over the stored,
    GIN-indexed ``search_vector`` column of migration 0003, where name and alternate names
    weigh most (A), then presentation (B), then description and offers (C). When nothing
    matches word for word the query is probably misspelt: its words are corrected against
    the words of organisations' names (trigram similarity, migration 0006) and the
    corrected query is searched instead, so "motla" finds "Motala …".
    SQLite: case-insensitive substring match, names first.
    """
    query = " ".join(query.split())
    if not query:
        return SearchResult(queryset.annotate(rank=Value(0.0, output_field=FloatField())))
    if uses_postgres_search():
        matches = _full_text(queryset, query)
        if matches.exists():
            return SearchResult(matches)
        corrected = corrected_words(query)
        if corrected != query.lower():
            corrected_matches = _full_text(queryset, corrected)
            # Said only when it finds something published: a word from a hidden entry's
            # name must not show through.
            if corrected_matches.exists():
                return SearchResult(corrected_matches, corrected_query=corrected)
        return SearchResult(matches)
    text_match = (
        Q(name__icontains=query)
        | Q(alternate_names__icontains=query)
        | Q(presentation__icontains=query)
        | Q(description__icontains=query)
        | Q(offers__icontains=query)
    )
    name_match = Q(name__icontains=query) | Q(alternate_names__icontains=query)
    return SearchResult(
        queryset.filter(text_match).annotate(
            rank=Case(
                When(name_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
            )
        )
    )


def _with_facet(queryset: QuerySet[Organisation], token: str) -> QuerySet[Organisation]:
    """PostgreSQL: organisations whose facets (migration 0007) include ``token``. Several
    of these on one queryset are answered together by the one GIN index."""
    return queryset.filter(
        RawSQL('"registry_organisation"."facets" @> %s::text[]', ([token],), BooleanField())
    )


def with_kind(queryset: QuerySet[Organisation], kind: str) -> QuerySet[Organisation]:
    if uses_postgres_search():
        return _with_facet(queryset, f"k:{kind}")
    return queryset.filter(kind=kind)


def with_legal_form(queryset: QuerySet[Organisation], code: str) -> QuerySet[Organisation]:
    if uses_postgres_search():
        return _with_facet(queryset, f"l:{code}")
    return queryset.filter(legal_form_id=code)


def work_integrating(queryset: QuerySet[Organisation], flag: bool) -> QuerySet[Organisation]:
    if flag and uses_postgres_search():
        return _with_facet(queryset, "w")
    return queryset.filter(work_integrating=flag)


def selling_to_public_sector(
    queryset: QuerySet[Organisation], flag: bool
) -> QuerySet[Organisation]:
    if flag and uses_postgres_search():
        return _with_facet(queryset, "p")
    return queryset.filter(sells_to_public_sector=flag)


def in_municipality(queryset: QuerySet[Organisation], code: str) -> QuerySet[Organisation]:
    """Organisations that work in the municipality. The home municipality is always
    among those an organisation operates in (``Organisation.ensure_home_municipality``),
    so the operates-in table alone answers it."""
    if uses_postgres_search():
        return _with_facet(queryset, f"m:{code}")
    return _through_any(queryset, Organisation.municipalities, municipality_id__in=[code])


def in_county(queryset: QuerySet[Organisation], county_code: str) -> QuerySet[Organisation]:
    if uses_postgres_search():
        return _with_facet(queryset, f"c:{county_code}")
    codes = reference.county_municipality_codes(county_code)
    return _through_any(queryset, Organisation.municipalities, municipality_id__in=codes)


def with_activity_area(queryset: QuerySet[Organisation], area_id: int) -> QuerySet[Organisation]:
    if uses_postgres_search():
        return _with_facet(queryset, f"a:{area_id}")
    return _through_any(queryset, Organisation.activity_areas, activityarea_id=area_id)


def with_global_goal(queryset: QuerySet[Organisation], goal_number: int) -> QuerySet[Organisation]:
    if uses_postgres_search():
        return _with_facet(queryset, f"g:{goal_number}")
    return _through_any(queryset, Organisation.global_goals, globalgoal_id=goal_number)


def _through_any(queryset, relation, **conditions) -> QuerySet[Organisation]:
    rows = relation.through.objects.filter(**conditions)
    return queryset.filter(pk__in=rows.values("organisation_id"))


SORTS = {
    "name": (Lower("name").asc(), "id"),
    "newest": (F("created_at").desc(), "-id"),
}

# Counting stops here: past it the directory says "more than 1 000" and offers the
# first 1 000 (50 pages). An exact count of a third of the register costs more than the
# rest of the page together, and nobody pages past 50.
COUNT_CAP = 1000


@dataclass
class DirectoryPage:
    organisations: QuerySet[Organisation]
    count: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP match
    sort: str  # the order actually used
    ranked_by_name_instead: bool  # asked for relevance, too many to rank


def directory_results(
    queryset: QuerySet[Organisation], *, sort: str, searching: bool
) -> DirectoryPage:
    """Count the matches (up to the cap) and order them. Relevance ranking scores every
    match, so it is used only when at most COUNT_CAP match; more than that are listed by
    name, and the page says so."""
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    ranked_by_name_instead = False
    if sort == "relevance" and not searching:
        sort = "name"
    if sort == "relevance" and capped:
        sort, ranked_by_name_instead = "name", True
    if sort == "relevance":
        ordered = queryset.order_by(F("rank").desc(), Lower("name").asc(), "id")
    else:
        ordered = queryset.order_by(*SORTS.get(sort, SORTS["name"]))
    return DirectoryPage(
        organisations=ordered,
        count=min(count, COUNT_CAP),
        capped=capped,
        sort=sort,
        ranked_by_name_instead=ranked_by_name_instead,
    )


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
