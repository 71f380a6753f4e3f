"""The directory's page of results, kept in the cache until the register changes.

A page of results (the organisations on it, the count, the correction, the ceased left
out) is computed by ``selectors.directory_page`` and kept under the search, the filters,
the page number and two versions: the register's (``DataVersion.REGISTER``, changed by a
database trigger in the same transaction as every insert, update or delete of an
organisation, whatever writes it: services, the admin, a bulk load, a reference change
that rewrites the search columns) and the reference lists'. So a cached page is never
stale, on any app server, and a search that many people make (the empty search, a kind,
a municipality, a common word) costs one look-up in the cache instead of a scan.

The result cards on the page are cached on their own (``registry_tags``).
"""

import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.utils.translation import get_language

from registry import reference, selectors
from registry.models import DataVersion

CACHE_SECONDS = 60 * 60


class CountedPaginator(Paginator):
    """A paginator that is told the count (the directory counts once, up to its cap)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


@dataclass
class ResultPage:
    results: selectors.DirectoryPage  # its ``organisations``: the ones on this page
    page: Page


def _canonical(value) -> str:
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        return ",".join(sorted(_canonical(item) for item in value))
    return str(value)


def versioned_key(prefix: str, directory, *parts) -> str:
    """A cache key for what the directory's search and filters give, with ``parts``, that
    changes with the register and the reference lists (so is never stale)."""
    cleaned = directory.form.cleaned_data if directory.is_valid() else {}
    search = repr(sorted((name, _canonical(value)) for name, value in cleaned.items()))
    digest = hashlib.sha256("|".join(map(str, (search, *parts))).encode()).hexdigest()[:32]
    versions = f"{DataVersion.current(DataVersion.REGISTER)}:{reference.version()}"
    return f"{prefix}:{versions}:{get_language() or 'sv'}:{digest}"


def cache_key(directory, page_number: int) -> str:
    return versioned_key("registry:directory", directory, page_number, settings.REGISTRY_PAGE_SIZE)


def _compute(directory, page_number: int) -> ResultPage:
    results = selectors.directory_page(
        directory.qs,
        query=directory.search_text,
        sort=directory.sort_order,
        include_ceased=directory.include_ceased,
    )
    paginator = CountedPaginator(
        results.organisations, settings.REGISTRY_PAGE_SIZE, count=results.count
    )
    page = paginator.get_page(page_number)
    organisations = list(page.object_list)
    # Only what the page shows is kept: the rows on it, and a paginator that knows the
    # count but holds no queryset.
    light = CountedPaginator([], settings.REGISTRY_PAGE_SIZE, count=results.count)
    return ResultPage(
        results=replace(results, organisations=organisations),
        page=Page(organisations, page.number, light),
    )


def result_page(directory, page_number: int) -> ResultPage:
    """The page of results for the directory's search and filters, from the cache or
    computed and cached."""
    if not directory.is_valid():
        return _compute(directory, page_number)  # the form shows its errors
    key = cache_key(directory, page_number)
    found = cache.get(key)
    if found is None:
        found = _compute(directory, page_number)
        cache.set(key, found, CACHE_SECONDS)
    return found


@dataclass
class MunicipalityCounts:
    counts: dict[str, int]  # municipality code: matches working there (none: left out)
    matches: int  # how many organisations match, up to selectors.COUNT_CAP + 1
    corrected_query: str = ""


def municipality_counts(directory) -> MunicipalityCounts:
    """How many of the directory's matches (its search and filters, as the list finds
    them) work in each municipality, from the cache or counted and cached like a page of
    results (``selectors.municipality_counts``)."""
    if not directory.is_valid():
        return MunicipalityCounts(counts={}, matches=0)
    key = versioned_key("registry:municipalities", directory)
    found = cache.get(key)
    if found is None:
        matched = selectors.directory_search(
            directory.qs, query=directory.search_text, include_ceased=directory.include_ceased
        )
        found = MunicipalityCounts(
            counts=selectors.municipality_counts(matched.matches),
            matches=matched.counts.active,
            corrected_query=matched.corrected,
        )
        cache.set(key, found, CACHE_SECONDS)
    return found
