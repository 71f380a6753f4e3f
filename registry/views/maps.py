"""The organisations' map: the directory's search in a view, as JSON (``registry.maps``)."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from registry import maps, selectors
from registry.filters import OrganisationDirectoryFilter


@require_safe
def map_data(request):
    """``{"total", "zoom", "bbox", "clusters": [{"count", "lat", "lon"}],
    "organisations": [{"name", "url", "kind", "kind_label", "lat", "lon"}]}`` for the
    directory's query string plus ``bbox`` (west,south,east,north) and ``zoom``.

    Published organisations only, filtered and searched as the directory is (a filter
    the directory's form refuses is left out there and here alike). A missing or
    senseless ``bbox`` or ``zoom`` answers 400 with ``{"error": ...}``. Public and the
    same for everyone, so browsers and proxies may keep it for a minute.
    """
    try:
        view = maps.parse_view(request.GET.get("bbox"), request.GET.get("zoom"))
    except maps.BadView as error:
        return JsonResponse({"error": str(error)}, status=400)
    directory = OrganisationDirectoryFilter(
        request.GET, queryset=selectors.published_organisations()
    )
    response = JsonResponse(maps.map_data(directory, view))
    patch_cache_control(response, public=True, max_age=60)
    return response
