"""The organisations' map: the directory's search in a view, as JSON (``registry.maps``)."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry import maps, selectors
from registry.filters import OrganisationDirectoryFilter


@require_safe
def map_data(request):
    """``{"total", "zoom", "bbox", "clusters": [{"count", "lat", "lon"}],
    "organisations": [{"name", "url", "kind", "kind_label", "lat", "lon"}]}`` for the
    directory's query string plus ``bbox`` (west,south,east,north) and ``zoom``.

    Published organisations only, filtered and searched as the directory is. A missing
    or senseless ``bbox`` or ``zoom``, or a filter the directory's form refuses,
    answers 400 with ``{"error": ...}`` (and the refused filters in ``"fields"``):
    never an answer for other filters than those asked for, which the cache would then
    give to everyone asking for those. Public and the same for everyone, so browsers
    and proxies may keep it for a minute.
    """
    try:
        view = maps.parse_view(request.GET.get("bbox"), request.GET.get("zoom"))
    except maps.BadView as error:
        return JsonResponse({"error": str(error)}, status=400)
    directory = OrganisationDirectoryFilter(
        request.GET, queryset=selectors.published_organisations()
    )
    if not directory.is_valid():
        fields = {name: [str(m) for m in messages] for name, messages in directory.errors.items()}
        return JsonResponse(
            {"error": _("Some of the search's filters are not valid."), "fields": fields},
            status=400,
        )
    response = JsonResponse(maps.map_data(directory, view))
    patch_cache_control(response, public=True, max_age=60)
    return response
