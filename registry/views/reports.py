"""Report a problem with a public entry."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registry import ratelimit, selectors, services
from registry.forms import ProblemReportForm
from registry.views.merged import follows_merges
from socialeconomy.forms import new_key


@require_http_methods(["GET", "HEAD", "POST"])
@follows_merges
def report_problem(request, slug):
    organisation = selectors.public_organisation(slug)
    form = ProblemReportForm(request.POST or None, initial={"submission_key": new_key()})
    if request.method == "POST" and form.is_valid():
        thanks = reverse("registry:report-problem-thanks", kwargs={"slug": slug})
        if form.cleaned_data["homepage"]:
            return HttpResponseRedirect(thanks)
        if not ratelimit.hit(request, "problem-report"):
            form.add_error(
                None, _("Too many reports from your network in the last hour. Try again later.")
            )
            return render(
                request,
                "registry/report_problem.html",
                {"form": form, "organisation": organisation},
                status=429,
            )
        services.problem_report_submit(
            organisation=organisation,
            category=form.cleaned_data["category"],
            message=form.cleaned_data["message"],
            reporter_email=form.cleaned_data["reporter_email"],
            submission_key=form.cleaned_data["submission_key"],
        )
        return HttpResponseRedirect(thanks)
    return render(
        request, "registry/report_problem.html", {"form": form, "organisation": organisation}
    )


@require_safe
@follows_merges
def report_problem_thanks(request, slug):
    return render(
        request,
        "registry/report_problem_thanks.html",
        {"organisation": selectors.public_organisation(slug)},
    )
