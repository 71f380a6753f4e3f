"""Reads of the register: every public queryset is built here."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from registry import search
from registry.models import AccessLink, ContactPerson, Organisation, ProblemReport, Submission

VERIFY_AFTER = datetime.timedelta(days=365)
VERIFY_RESEND_AFTER = datetime.timedelta(days=30)

# Names at least this alike (pg_trgm similarity) are shown as possible duplicates.
SIMILAR_NAME_THRESHOLD = 0.5


def published_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        publication_state=Organisation.PublicationState.PUBLISHED
    ).select_related("home_municipality")


# What a result card shows (registry/templates/registry/_organisation_card.html), and so all the
# directory loads of each organisation on its page.
CARD_FIELDS = (
    "name",
    "slug",
    "kind",
    "work_integrating",
    "status",
    "presentation",
    "updated_at",
    "home_municipality__name",
)


# --- The directory's filters -----------------------------------------------------------

# Each directory filter is a token prefix in ``Organisation.facets`` (migration 0007): a
# combination of filters is one ``facets @> ARRAY[...]`` answered by one GIN index. Flags
# are tokens without a value.
FACET_PREFIXES = {
    "kind": "k:",
    "legal_form": "l:",
    "area": "a:",
    "goal": "g:",
    "municipality": "m:",
    "county": "c:",
    "work_integrating": "w",
    "sells_to_public_sector": "p",
}


def facet_token(name: str, value=True) -> str:
    prefix = FACET_PREFIXES[name]
    return prefix if value is True else f"{prefix}{value}"


def with_facets(queryset: QuerySet[Organisation], tokens: list[str]) -> QuerySet[Organisation]:
    """Organisations whose facets include every token."""
    if not tokens:
        return queryset
    return queryset.filter(facets__contains=tokens)


# --- Search, count and order ---------------------------------------------------------------

SORTS = {
    "name": (Lower("name").asc(), "id"),
    "newest": (F("created_at").desc(), "-id"),
    # Least recently changed first: harvesting with ``modified_after`` (the read API).
    "modified": (F("updated_at").asc(), "id"),
}

# Counting stops here: past it the directory says "more than 1 000" and offers the
# first 1 000 (50 pages). An exact count of a third of the register costs more than the
# rest of the page together, and nobody pages past 50.
COUNT_CAP = 1000


def capped_count(queryset: QuerySet) -> int:
    """How many, up to COUNT_CAP + 1. Also the probe for "any at all?": a LIMIT 1 probe
    lets the planner bet on a sequential scan that finds nothing in 300 000 rows."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


class Tiered(Sequence):
    """Disjoint querysets listed one after the other, each newest first: the first
    ``total`` matches of a common search, most relevant tier first, fetched page by page.

    A tier is counted only when a page starts past its end: the first page reads the
    first rows of each tier until it is full, and a tier that gives fewer rows than asked
    for has told its size."""

    def __init__(self, tiers: list[QuerySet], total: int):
        self.tiers = tiers
        self.total = total
        self._sizes: dict[int, int] = {}

    def __len__(self) -> int:
        return self.total

    def _rows(self, number: int, low: int, high: int) -> list:
        rows = list(self.tiers[number].order_by(*SORTS["newest"]).only(*CARD_FIELDS)[low:high])
        if rows and len(rows) < high - low:
            self._sizes[number] = low + len(rows)  # read to its end
        return rows

    def _size(self, number: int) -> int:
        if number not in self._sizes:
            self._sizes[number] = min(capped_count(self.tiers[number]), COUNT_CAP)
        return self._sizes[number]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        rows, offset = [], 0
        for number in range(len(self.tiers)):
            wanted = stop - start - len(rows)
            if wanted <= 0:
                break
            low = max(start - offset, 0)
            if low and low >= self._size(number):  # the page starts past this tier
                offset += self._size(number)
                continue
            got = self._rows(number, low, low + wanted)
            rows += got
            if len(got) < wanted:  # this tier has ended: the next one carries on
                offset += low + len(got) if got or not low else self._size(number)
        return rows


@dataclass
class DirectoryPage:
    organisations: Sequence[Organisation]
    count: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP match
    sort: str  # the order actually used
    ceased_left_out: int  # ceased organisations that match but are not listed
    ceased_left_out_exact: bool = True  # False: at least that many (more than were counted)
    corrected_query: str = ""  # set when a misspelt query was corrected
    tiered: bool = False  # too many to score: exact name, name matches, the rest; newest first


# Active and ceased matches are counted in one scan of this many matches at most: enough
# for the cap and a few hundred ceased ones (one in twenty entries has ceased).
STATUS_SAMPLE = COUNT_CAP + 1 + 200


@dataclass
class StatusCounts:
    active: int  # up to COUNT_CAP + 1
    ceased: int
    ceased_exact: bool


def status_counts(queryset: QuerySet[Organisation]) -> StatusCounts:
    """How many of the matches are active (up to the cap) and how many have ceased, read
    in one pass over at most STATUS_SAMPLE matches: the search index is read once, not
    once per count. When the sample is full, the ceased figure is a lower bound; and in
    the rare case that the sample is full but holds too few active ones, they are
    counted on their own."""
    sample = queryset.order_by().values("status")[:STATUS_SAMPLE]
    sql, params = sample.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE s.status = %s), "
            "count(*) FILTER (WHERE s.status = %s), count(*) "
            f"FROM ({sql}) AS s",
            [Organisation.Status.ACTIVE, Organisation.Status.CEASED, *params],
        )
        active, ceased, seen = cursor.fetchone()
    full = seen == STATUS_SAMPLE
    if full and active <= COUNT_CAP:
        active = capped_count(queryset.filter(status=Organisation.Status.ACTIVE))
    return StatusCounts(active=min(active, COUNT_CAP + 1), ceased=ceased, ceased_exact=not full)


def _count(queryset: QuerySet[Organisation], include_ceased: bool) -> StatusCounts:
    if include_ceased:
        return StatusCounts(active=capped_count(queryset), ceased=0, ceased_exact=True)
    return status_counts(queryset)


def _searched(queryset: QuerySet[Organisation], query: str, include_ceased: bool):
    """The search and its counts, corrected when nothing matches as typed."""
    typed = search.Search.parse(query)
    counts = _count(typed.filter(queryset), include_ceased)
    if counts.active or typed.org_number:
        return typed, counts, ""
    corrected = search.corrected_words(typed.text)
    if corrected.lower() != typed.text.lower():
        fixed = search.Search.parse(corrected)
        fixed_counts = _count(fixed.filter(queryset), include_ceased)
        # Said only when it finds something published: a word from a hidden entry's
        # name must not show through.
        if fixed_counts.active:
            return fixed, fixed_counts, corrected
    return typed, counts, ""


def _shown(queryset: QuerySet[Organisation], include_ceased: bool) -> QuerySet[Organisation]:
    """What the directory lists: active organisations unless ceased ones are asked for."""
    return queryset if include_ceased else queryset.filter(status=Organisation.Status.ACTIVE)


@dataclass
class DirectoryMatches:
    typed: search.Search | None  # the search (as corrected), None without words
    counts: StatusCounts
    corrected: str  # the corrected query, when a misspelt one was corrected
    shown: QuerySet[Organisation]  # the filtered ones listed: active unless ceased included
    matches: QuerySet[Organisation]  # of those, the ones the search finds (unordered)


def directory_search(
    queryset: QuerySet[Organisation], *, query: str, include_ceased: bool
) -> DirectoryMatches:
    """The directory's search over ``queryset``: the words (as corrected when misspelt),
    the counts (capped) and the matches, active ones only unless ``include_ceased`` or
    the query names an organisation number. What ``directory_page`` orders and pages,
    and ``directory.municipality_counts`` counts per municipality."""
    query = " ".join(query.split())
    # An organisation number names one organisation: it is found even when it has ceased.
    include_ceased = include_ceased or bool(query and search.org_number_in(query))
    typed, corrected = None, ""
    if query:
        typed, counts, corrected = _searched(queryset, query, include_ceased)
    else:
        counts = _count(queryset, include_ceased)
    shown = _shown(queryset, include_ceased)
    matches = typed.filter(shown) if typed else shown
    return DirectoryMatches(
        typed=typed, counts=counts, corrected=corrected, shown=shown, matches=matches
    )


def directory_matches(
    queryset: QuerySet[Organisation], *, query: str, include_ceased: bool
) -> QuerySet[Organisation]:
    """Every organisation of ``queryset`` that the directory lists for the search,
    without its cap, neither ordered nor counted: what the organisations' map
    (``registry.maps``) and the open-data files (``registry.opendata``) show."""
    if not query.strip():  # nothing to search or correct: no count needed
        return _shown(queryset, include_ceased)
    return directory_search(queryset, query=query, include_ceased=include_ceased).matches


def municipality_counts(matches: QuerySet[Organisation]) -> dict[str, int]:
    """How many of ``matches`` work in each municipality, in one grouped query: an
    organisation counts in every municipality it works in (``Organisation.municipalities``),
    as the directory's municipality filter finds it there. Municipalities with none are
    left out."""
    # The matches' SQL on its own: the search's raw expressions name the organisation
    # table, which an ORM subquery would alias.
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    table = Organisation.municipalities.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT municipality_id, count(*) FROM {table} "
            f"WHERE organisation_id IN ({sql}) GROUP BY municipality_id",
            params,
        )
        return dict(cursor.fetchall())


def directory_page(
    queryset: QuerySet[Organisation], *, query: str, sort: str, include_ceased: bool
) -> DirectoryPage:
    """Search, count (up to the cap) and order the directory's organisations.

    Active organisations only unless ``include_ceased``; how many ceased ones match is
    counted to say so. Relevance: up to COUNT_CAP matches are scored (``search.Search
    .ranked``); more than that are listed in tiers, each newest first (``Tiered``).
    """
    found = directory_search(queryset, query=query, include_ceased=include_ceased)
    typed, counts, corrected = found.typed, found.counts, found.corrected
    shown, matches = found.shown, found.matches
    count = counts.active
    capped = count > COUNT_CAP
    if sort == "relevance" and not typed:
        sort = "name"
    organisations, tiered = matches, False
    if sort == "relevance" and capped:
        organisations = Tiered(typed.tiers(shown, matches), total=COUNT_CAP)
        tiered = True
    elif sort == "relevance":
        organisations = typed.ranked(matches).only(*CARD_FIELDS)
    else:
        organisations = matches.order_by(*SORTS.get(sort, SORTS["name"])).only(*CARD_FIELDS)
    return DirectoryPage(
        organisations=organisations,
        count=min(count, COUNT_CAP),
        capped=capped,
        sort=sort,
        ceased_left_out=counts.ceased,
        ceased_left_out_exact=counts.ceased_exact,
        corrected_query=corrected,
        tiered=tiered,
    )


def published_in_full() -> QuerySet[Organisation]:
    """Published organisations with everything a public representation of them shows
    (the read API), their public contacts as ``public_contacts``: a fixed number of
    queries however many rows."""
    return in_full(published_organisations())


def in_full(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """``queryset`` with the related rows a public representation shows (the read API,
    the open-data files), their public contacts as ``public_contacts``."""
    return queryset.select_related("legal_form", "home_municipality__county").prefetch_related(
        "activity_areas",
        "global_goals",
        "municipalities",
        "offer_categories",
        public_contacts_prefetch(),
    )


def public_organisation(slug: str) -> Organisation:
    """The published organisation with this slug, or 404."""
    return get_object_or_404(
        published_organisations()
        .select_related("legal_form", "home_municipality__county")
        .prefetch_related("activity_areas", "global_goals", "municipalities", "offer_categories"),
        slug=slug,
    )


# Contact persons who consented to being shown publicly. Nobody else, ever.
PUBLIC_CONTACT = Q(
    show_publicly=True,
    legal_basis=ContactPerson.LegalBasis.CONSENT,
    consent_given_at__isnull=False,
)


def publicly_shown(contacts: QuerySet[ContactPerson]) -> QuerySet[ContactPerson]:
    """Those of ``contacts`` who consented to being shown publicly."""
    return contacts.filter(PUBLIC_CONTACT)


def public_contacts(organisation: Organisation) -> QuerySet[ContactPerson]:
    """The organisation's contact persons who consented to being shown publicly."""
    return publicly_shown(organisation.contacts.all())


def public_contacts_prefetch(to_attr: str = "public_contacts") -> Prefetch:
    """The public contacts of many organisations in one query, as ``to_attr``."""
    return Prefetch(
        "contacts",
        queryset=publicly_shown(ContactPerson.objects.all()).order_by("name", "id"),
        to_attr=to_attr,
    )


def organisation_with_number(number: str, *, exclude_pk: int | None = None):
    """The entry, in any state, that has this organisation number already (or None)."""
    return Organisation.objects.filter(org_number=number).exclude(pk=exclude_pk).first()


def similar_organisations(name: str, *, exclude_pk: int | None = None, limit: int = 5):
    """Published entries whose name is very like ``name`` (trigram similarity on
    PostgreSQL). Only published ones: the registration page shows them to anyone, and
    a draft or a pending registration is nobody else's business."""
    name = " ".join(name.split())
    if not name:
        return Organisation.objects.none()
    queryset = Organisation.objects.exclude(pk=exclude_pk).filter(
        publication_state=Organisation.PublicationState.PUBLISHED
    )
    return (
        queryset.filter(name__trigram_similar=name)
        .annotate(similarity=TrigramSimilarity("name", name))
        .filter(similarity__gte=SIMILAR_NAME_THRESHOLD)
        .order_by("-similarity", "name")[:limit]
    )


def not_verified_for_a_year(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The entries of ``queryset`` not verified for 12 months (or never)."""
    cutoff = timezone.localdate() - VERIFY_AFTER
    return queryset.filter(Q(last_verified_on__lt=cutoff) | Q(last_verified_on__isnull=True))


def organisations_due_for_verification() -> QuerySet[Organisation]:
    """Active, published entries not verified for 12 months and not asked in 30 days."""
    recently_asked = AccessLink.objects.filter(
        purpose=AccessLink.Purpose.VERIFY, created_at__gte=timezone.now() - VERIFY_RESEND_AFTER
    ).values("organisation_id")
    published = Organisation.objects.filter(
        publication_state=Organisation.PublicationState.PUBLISHED
    ).filter(status=Organisation.Status.ACTIVE)
    return not_verified_for_a_year(published).exclude(pk__in=recently_asked)


def submission_exists(key: str) -> bool:
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return False
    return Submission.objects.filter(submission_key=key).exists()


def _scoped(queryset: QuerySet, scope: Q | None) -> QuerySet:
    """Rows of ``queryset`` (with an ``organisation``) whose organisation is in
    ``scope`` (``access.organisation_scope``; None or an empty Q: every one), in the
    same single query."""
    if not scope:
        return queryset
    return queryset.filter(organisation__in=Organisation.objects.filter(scope).values("pk"))


def queue_counts(scope: Q | None = None) -> dict[str, int]:
    """How much awaits the officers whose organisations are ``scope``."""
    submissions = _scoped(
        Submission.objects.filter(status=Submission.Status.PENDING), scope
    ).aggregate(
        registrations=Count("pk", filter=Q(kind=Submission.Kind.REGISTRATION)),
        changes=Count("pk", filter=Q(kind=Submission.Kind.CHANGE)),
    )
    problems = _scoped(ProblemReport.objects.filter(status=ProblemReport.Status.OPEN), scope)
    return {**submissions, "problems": problems.count()}


def moderation_queue(scope: Q | None = None):
    """Pending submissions about organisations in ``scope``, oldest first."""
    return (
        _scoped(Submission.objects.filter(status=Submission.Status.PENDING), scope)
        .select_related("organisation__home_municipality")
        .order_by("created_at", "id")
    )


def open_problem_reports(scope: Q | None = None):
    """Open problem reports about organisations in ``scope``, oldest first."""
    return (
        _scoped(ProblemReport.objects.filter(status=ProblemReport.Status.OPEN), scope)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
