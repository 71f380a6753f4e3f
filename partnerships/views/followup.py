"""Goal follow-up for officers: all goals of a document, one goal, units' contribution."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships import followup, selectors
from partnerships.forms import PageChoiceForm, YearRangeForm
from partnerships.models import PolicyGoal
from partnerships.views.common import paginate
from registry import access
from registry.access import officer_required

PAGE_SIZE = 25


def _years(request) -> tuple[YearRangeForm, followup.Years]:
    form = YearRangeForm(request.GET or None)
    first, last = form.years() if form.is_bound else (None, None)
    return form, followup.Years(first, last)


def _default_document(request, documents):
    """The officer's own municipality's newest document, else the newest."""
    codes = access.officer_municipality_codes(request.user)
    for document in documents:
        if document.municipality_id in codes:
            return document
    return documents[0] if documents else None


@require_safe
@officer_required
def goal_overview(request):
    documents = selectors.followup_documents()
    default = _default_document(request, documents)
    chooser = PageChoiceForm(
        request.GET or None,
        name="document",
        label=_("Policy document"),
        options=[(str(d.pk), f"{d.title} ({d.owner_name})") for d in documents],
        default=str(default.pk) if default else "",
    )
    document = next((d for d in documents if str(d.pk) == chooser.chosen()), None)
    year_form, years = _years(request)
    report = followup.cached_document_report(document, years) if document else None
    charts = {}
    if report:
        charts = {
            "year": followup.chart(
                report.by_year, title=_("Efforts and SEK awarded per year"), over="years"
            ),
            "kind": followup.chart(report.by_kind, title=_("Efforts and SEK awarded per kind")),
        }
    return render(
        request,
        "partnerships/goal_overview.html",
        {
            "documents": documents,
            "document": document,
            "document_chooser": chooser if documents else None,
            "report": report,
            "year_form": year_form,
            "charts": charts,
        },
    )


@require_safe
@officer_required
def goal_detail(request, pk):
    goal = get_object_or_404(
        PolicyGoal.objects.select_related("document__municipality", "document__county"), pk=pk
    )
    year_form, years = _years(request)
    report = followup.cached_goal_report(goal, years)
    context = paginate(request, followup.goal_efforts(goal, years), PAGE_SIZE)
    return render(
        request,
        "partnerships/goal_detail.html",
        {
            **context,
            "goal": goal,
            "report": report,
            "year_form": year_form,
            "efforts": context["page"].object_list,
            "charts": {
                "year": followup.chart(
                    report.by_year, title=_("Efforts and SEK awarded per year"), over="years"
                ),
                "kind": followup.chart(report.by_kind, title=_("Efforts and SEK awarded per kind")),
            },
        },
    )


@require_safe
@officer_required
def unit_contribution(request):
    municipalities = selectors.municipalities_with_units()
    codes = access.officer_municipality_codes(request.user)
    default = next((m for m in municipalities if m.code in codes), None)
    default = default or (municipalities[0] if municipalities else None)
    chooser = PageChoiceForm(
        request.GET or None,
        name="municipality",
        label=_("Municipality"),
        options=[(m.code, m.name) for m in municipalities],
        default=default.code if default else "",
    )
    municipality = next((m for m in municipalities if m.code == chooser.chosen()), None)
    year_form, years = _years(request)
    report = followup.cached_contribution_report(municipality, years) if municipality else None
    return render(
        request,
        "partnerships/unit_contribution.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "municipality_chooser": chooser if municipalities else None,
            "report": report,
            "year_form": year_form,
        },
    )
