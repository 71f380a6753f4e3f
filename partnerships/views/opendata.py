"""The grants as an open-data file (``partnerships.opendata``), with the public list's
filters and the read API's validators."""

from django.views.decorators.http import require_safe

from partnerships import opendata
from registry import opendata as register_opendata
from registry.api import conditional


@require_safe
def grants(request):
    filters, queryset = opendata.grant_efforts(request.GET)
    if queryset is None:
        return register_opendata.invalid(filters)
    return conditional.answer(
        request,
        opendata.SOURCES,
        register_opendata.limited(request, lambda: opendata.download(request, queryset)),
    )
