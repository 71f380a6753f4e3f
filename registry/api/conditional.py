"""ETag and Last-Modified for the read API, from the data versions (``DataVersion``):
a response depends only on the request's path and query and on the sources it reads, and
each source's token changes in the same transaction as every change to it. So the
validators are known before anything is read, and a client that has the current
version gets 304 Not Modified for the price of one query."""

import hashlib
from collections.abc import Callable, Iterable

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from registry.models import DataVersion


def validators(request, sources: Iterable[str]) -> tuple[str, float]:
    """(ETag, Last-Modified as a timestamp) of the response to ``request``."""
    sources = sorted(set(sources))
    found = DataVersion.objects.filter(name__in=sources).values_list("name", "token", "changed_at")
    rows = {name: (token, changed_at) for name, token, changed_at in found}
    for name in sources:
        if name not in rows:
            version = DataVersion.objects.get_or_create(pk=name)[0]
            rows[name] = (version.token, version.changed_at)
    tokens = "|".join(f"{name}:{rows[name][0].hex}" for name in sources)
    digest = hashlib.sha256(f"{tokens}|{request.get_full_path()}".encode()).hexdigest()[:32]
    last_modified = max(changed_at for _token, changed_at in rows.values())
    return quote_etag(digest), int(last_modified.timestamp())


def answer(request, sources: Iterable[str], build: Callable[[], HttpResponseBase]):
    """304 when the client has the current version; otherwise ``build()`` the response
    and mark it with the validators."""
    etag, last_modified = validators(request, sources)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified["ETag"] = etag
        not_modified["Last-Modified"] = http_date(last_modified)
        return not_modified
    response = build()
    if response.status_code == 200:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
