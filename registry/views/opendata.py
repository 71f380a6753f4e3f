"""The open-data page and the register's files (``registry.opendata``). Thin: what is
published is the selectors', the validators the read API's (``conditional``)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from registry import extensions, opendata
from registry.api import conditional


@require_safe
def open_data(request):
    """What each file holds, its format and licence."""
    files = [*opendata.register_files(), *extensions.open_data_files()]
    return render(
        request,
        "registry/open_data.html",
        {
            "files": [(file, reverse(file.url_name)) for file in files],
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
            "owner_name": settings.PORTAL_OWNER_NAME,
        },
    )


def _download(request, write):
    directory, queryset = opendata.organisations(request.GET)
    if queryset is None:
        return opendata.invalid(directory)
    return conditional.answer(
        request,
        opendata.REGISTER_SOURCES,
        opendata.limited(request, lambda: write(request, queryset)),
    )


@require_safe
def organisations_csv(request, convention):
    csv_convention, stem = opendata.CSV_FILES[convention]
    return _download(
        request,
        lambda request, queryset: opendata.csv_download(request, queryset, csv_convention, stem),
    )


@require_safe
def organisations_ndjson(request):
    return _download(request, opendata.ndjson_download)


@require_safe
def organisations_hsds(request):
    return _download(request, opendata.hsds_download)
