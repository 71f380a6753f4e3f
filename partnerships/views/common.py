"""Small helpers shared by the views."""

from django.core.paginator import Paginator

from socialeconomy.forms import page_number


def paginate(request, queryset, per_page: int) -> dict:
    """The page asked for, with what the shared pagination include needs."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(page_number(request.GET))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "elided_page_range": paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        ),
        "query_without_page": query.urlencode(),
    }
