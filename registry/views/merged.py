"""The addresses of entries merged into another lead to the entry they were merged into."""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from registry.models import Organisation, OrganisationRedirect


def follows_merges(view):
    """For a view of ``organisationer/<slug>/…``: when no entry has the slug and it was
    the address of an entry merged into another, a permanent redirect to the same page
    of the entry it was merged into (the query string kept)."""

    @wraps(view)
    def wrapper(request, *args, slug, **kwargs):
        try:
            return view(request, *args, slug=slug, **kwargs)
        except Http404:
            redirect = (
                OrganisationRedirect.objects.select_related("organisation")
                .filter(old_slug=slug)
                .first()
            )
            if redirect is None or Organisation.objects.filter(slug=slug).exists():
                raise
            match = request.resolver_match
            url = reverse(
                f"{match.namespace}:{match.url_name}",
                kwargs={**match.kwargs, "slug": redirect.organisation.slug},
            )
            if request.GET:
                url = f"{url}?{request.GET.urlencode()}"
            return HttpResponsePermanentRedirect(url)

    return wrapper
