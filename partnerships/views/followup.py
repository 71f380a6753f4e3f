"""Goal follow-up for officers: all goals of a document, one goal, units' contribution."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships import access, followup
from partnerships.forms import YearRangeForm
from partnerships.models import MunicipalUnit, PolicyDocument, PolicyGoal
from partnerships.views.common import paginate
from registry.access import officer_required
from registry.models import Municipality

PAGE_SIZE = 25


def _years(request) -> tuple[YearRangeForm, followup.Years]:
    form = YearRangeForm(request.GET or None)
    first, last = form.years() if form.is_bound else (None, None)
    return form, followup.Years(first, last)


def _chooser(name: str, label: str, options: list[tuple[str, str]], selected) -> dict | None:
    """The page's own choice in the period form (``includes/_year_form.html``)."""
    if not options:
        return None
    return {"name": name, "label": label, "options": options, "selected": selected or ""}


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
    documents = list(
        PolicyDocument.objects.select_related("municipality", "county").order_by(
            "-valid_from", "title"
        )
    )
    document = None
    wanted = request.GET.get("document")
    if wanted and wanted.isdigit():
        document = next((d for d in documents if d.pk == int(wanted)), None)
    document = document or _default_document(request, documents)
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
            "document_chooser": _chooser(
                "document",
                _("Policy document"),
                [(str(d.pk), f"{d.title} ({d.owner_name})") for d in documents],
                str(document.pk) if document else None,
            ),
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
    municipalities = list(
        Municipality.objects.filter(
            code__in=MunicipalUnit.objects.values("municipality_id")
        ).order_by("name")
    )
    municipality = None
    wanted = request.GET.get("municipality")
    if wanted:
        municipality = next((m for m in municipalities if m.code == wanted), None)
    if municipality is None:
        codes = access.officer_municipality_codes(request.user)
        municipality = next((m for m in municipalities if m.code in codes), None)
    municipality = municipality or (municipalities[0] if municipalities else None)
    year_form, years = _years(request)
    report = followup.cached_contribution_report(municipality, years) if municipality else None
    return render(
        request,
        "partnerships/unit_contribution.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "municipality_chooser": _chooser(
                "municipality",
                _("Municipality"),
                [(m.code, m.name) for m in municipalities],
                municipality.code if municipality else None,
            ),
            "report": report,
            "year_form": year_form,
        },
    )
