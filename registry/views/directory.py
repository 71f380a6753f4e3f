from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from registry import access, choropleth, extensions, selectors
from registry import directory as results_cache
from registry.filters import OrganisationDirectoryFilter
from registry.models import Organisation
from registry.views.merged import follows_merges
from socialeconomy.forms import page_number


@require_safe
def home(request):
    return render(
        request,
        "registry/home.html",
        {"kinds": Organisation.Kind.choices},
    )


@require_safe
def organisation_list(request):
    directory = OrganisationDirectoryFilter(
        request.GET, queryset=selectors.published_organisations()
    )
    found = results_cache.result_page(directory, page_number(request.GET))
    results, page = found.results, found.page
    paginator = page.paginator
    query = request.GET.copy()
    query.pop("page", None)
    download = query.copy()  # the files are every match, by name
    download.pop("sort", None)
    return render(
        request,
        "registry/organisation_list.html",
        {
            "filter": directory,
            "results": results,
            "page": page,
            "elided_page_range": paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "organisations": page.object_list,
            "query_without_page": query.urlencode(),
            "download_query": download.urlencode(),
            "searching": bool(directory.search_text),
        },
    )


@require_safe
def municipality_map(request):
    """The directory's matches per municipality, as a map and a table: the directory's
    search and filters (its query string), counted where each organisation works."""
    directory = OrganisationDirectoryFilter(
        request.GET, queryset=selectors.published_organisations()
    )
    found = results_cache.municipality_counts(directory)
    query = request.GET.copy()
    query.pop("page", None)
    directory_url = reverse("registry:organisation-list")

    def link(code: str, count: int) -> str | None:
        if not count:
            return None
        filtered = query.copy()
        filtered["municipality"] = code
        return f"{directory_url}?{filtered.urlencode()}"

    def label(name: str, count: int) -> str:
        return ngettext(
            "%(name)s: %(count)s organisation", "%(name)s: %(count)s organisations", count
        ) % {"name": name, "count": choropleth.formatted(count)}

    return render(
        request,
        "registry/municipality_map.html",
        {
            "filter": directory,
            "found": found,
            "capped": found.matches > selectors.COUNT_CAP,
            "cap": selectors.COUNT_CAP,
            "query": query.urlencode(),
            "map": choropleth.build(
                found.counts,
                id="organisations-map",
                title=_("Organisations per municipality"),
                description=_(
                    "Each municipality is coloured by how many of the organisations that "
                    "match the search work there. An organisation that works in several "
                    "municipalities counts in each of them."
                ),
                count_label=_("Organisations"),
                label=label,
                url=link,
            ),
        },
    )


@require_safe
@follows_merges
def organisation_detail(request, slug):
    organisation = selectors.public_organisation(slug)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": selectors.public_contacts(organisation),
            "extra_sections": extensions.detail_sections(request, organisation),
            "can_edit": access.can_edit_organisation(request.user, organisation),
        },
    )
