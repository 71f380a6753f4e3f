"""Public pages: the list of the municipalities' partnerships and a published effort."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnerships import selectors
from partnerships.filters import PublicEffortFilter
from partnerships.views.common import paginate

PAGE_SIZE = 20


@require_safe
def public_list(request):
    efforts = PublicEffortFilter(request.GET, queryset=selectors.public_efforts())
    context = paginate(request, efforts.qs, PAGE_SIZE)
    return render(
        request,
        "partnerships/public_list.html",
        {**context, "filter": efforts, "efforts": context["page"].object_list},
    )


@require_safe
def public_detail(request, pk):
    return render(
        request, "partnerships/public_detail.html", {"effort": selectors.public_effort(pk)}
    )
