"""The embeddable directory (``registry.embed``): the widget page websites frame, and the
officers' page that makes its snippets."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from registry import access, embed, reference, selectors
from registry import directory as results_cache
from registry.filters import OrganisationDirectoryFilter
from registry.forms import EmbedOptionsForm
from registry.models import Organisation
from socialeconomy.forms import page_number


@require_safe
@embed.framable_by_allowed_origins
def widget(request, code):
    """A municipality's published organisations (home or operating there), optionally
    of one kind, searchable, in the language ``lang`` asks for: the directory's own
    search, filters and cached result pages, without the site's header and footer."""
    options = EmbedOptionsForm(
        {
            "municipality": code,
            "kind": request.GET.get("kind", ""),
            # Without ``lang``, the address's language (/en/inbaddning/… is English).
            "lang": request.GET.get("lang") or translation.get_language(),
        }
    )
    if not options.is_valid():
        raise Http404
    preset = options.cleaned_data
    # The widget's own language, for this response only: the visitor's choice on the
    # portal (its cookie) is neither read nor changed.
    with translation.override(preset["lang"]):
        directory = OrganisationDirectoryFilter(
            {"municipality": code, "kind": preset["kind"], "q": request.GET.get("q", "")},
            queryset=selectors.published_organisations(),
        )
        found = results_cache.result_page(directory, page_number(request.GET))
        page = found.page
        query = request.GET.copy()
        query.pop("page", None)
        response = render(
            request,
            "registry/embed/widget.html",
            {
                "municipality_name": dict(reference.municipality_choices())[code],
                "preset": preset,
                "kind_label": Organisation.Kind(preset["kind"]).label if preset["kind"] else "",
                "filter": directory,
                "results": found.results,
                "page": page,
                "organisations": page.object_list,
                "elided_page_range": page.paginator.get_elided_page_range(
                    page.number, on_each_side=1, on_ends=1
                ),
                "query_without_page": query.urlencode(),
                "searching": bool(directory.search_text),
            },
        )
    response.headers["Content-Language"] = preset["lang"]
    return response


@require_safe
@access.officer_required
def officer_embed(request):
    """The officer chooses a municipality (their own first, any other too: the data is
    public), a kind and a language, and copies the snippets; the widget is previewed."""
    own = access.officer_municipalities(request.user)
    if request.GET:
        form = EmbedOptionsForm(request.GET)
    elif own:
        form = EmbedOptionsForm(
            {"municipality": own[0].code, "kind": "", "lang": translation.get_language()}
        )
    else:
        form = EmbedOptionsForm(initial={"lang": translation.get_language()})
    snippets = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["municipality"]
        snippets = embed.snippets(
            municipality_code=code,
            municipality_name=dict(reference.municipality_choices())[code],
            kind=form.cleaned_data["kind"],
            lang=form.cleaned_data["lang"],
        )
    return render(
        request,
        "registry/officer/embed.html",
        {
            "form": form,
            "snippets": snippets,
            "allowed_origins": settings.EMBED_ALLOWED_ORIGINS,
        },
    )
