"""Search-as-you-type for the public directory: organisation names as JSON."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from registry import suggestions
from registry.forms import SuggestionQueryForm


@require_safe
def organisation_suggestions(request):
    """``{"query": q, "suggestions": [{"name", "url", "place"}, ...]}`` for ``?q=``.

    A query the form refuses (over 200 characters, a NUL character) answers 400 with an
    empty list; one shorter than two characters answers an empty list. Public and the
    same for everyone, so browsers and proxies may keep it for a minute.
    """
    form = SuggestionQueryForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"query": "", "suggestions": []}, status=400)
    query = form.cleaned_data["q"]
    response = JsonResponse(
        {
            "query": query,
            "suggestions": [
                {
                    "name": organisation.name,
                    "url": organisation.get_absolute_url(),
                    "place": organisation.home_municipality.name,
                }
                for organisation in suggestions.organisation_suggestions(query)
            ],
        }
    )
    patch_cache_control(response, public=True, max_age=60)
    return response
