"""Officer pages: the moderation queue, decisions, problem reports, verification.

Each shows and acts on the organisations of the officer's own municipalities only (home
or operating; ``access.organisation_scope``), every one for an administrator; a
decision on another municipality's entry is refused with 403."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import access, display, selectors, services
from registry import verification as verification_requests
from registry.access import officer_required
from registry.models import Organisation, ProblemReport, Submission
from registry.officer_forms import DecisionForm, ResolveProblemForm, VerificationSendForm
from socialeconomy.forms import page_number


@require_safe
@officer_required
def dashboard(request):
    scope = access.organisation_scope(request.user)
    return render(
        request,
        "registry/officer/dashboard.html",
        {
            "counts": selectors.queue_counts(scope),
            "due_for_verification": selectors.organisations_due_for_verification()
            .filter(scope)
            .count(),
        },
    )


@require_safe
@officer_required
def queue(request):
    covered = access.covered_municipalities(request.user)
    submissions = list(selectors.moderation_queue(access.organisation_scope(request.user)))
    kinds = [submission.kind for submission in submissions]
    return render(
        request,
        "registry/officer/queue.html",
        {
            "submissions": submissions,
            "counts": {
                "registrations": kinds.count(Submission.Kind.REGISTRATION),
                "changes": kinds.count(Submission.Kind.CHANGE),
            },
            "covered": covered,
        },
    )


def _published_message(organisation: Organisation):
    """ "Approved and published: <a>name</a>." The only message with markup: the
    translation is ours, the name and address are escaped by ``format_html``."""
    link = format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), organisation.name)
    return format_html(_("Approved and published: {organisation}."), organisation=link)


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def submission_detail(request, pk):
    submission = display.submission_for_review(pk)
    access.require_edit_organisation(request.user, submission.organisation)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, message = form.cleaned_data["action"], form.cleaned_data["message"].strip()
        try:
            if action == DecisionForm.Action.APPROVE:
                approved = services.submission_approve(
                    submission_id=pk, officer=request.user, message=message
                )
                messages.success(request, _published_message(approved.organisation))
            elif action == DecisionForm.Action.REJECT:
                services.submission_reject(submission_id=pk, officer=request.user, reason=message)
                messages.success(request, _("Rejected. The submitter has been told why."))
            else:
                services.submission_request_changes(
                    submission_id=pk, officer=request.user, message=message
                )
                messages.success(request, _("The submitter has been asked for changes."))
        except services.AlreadyDecided as exc:
            decided = exc.decided
            messages.error(
                request,
                _("%(officer)s already decided this submission (%(status)s); nothing was changed.")
                % {"officer": decided.decided_by, "status": decided.get_status_display()},
            )
            return HttpResponseRedirect(reverse("registry:submission-detail", args=[pk]))
        return HttpResponseRedirect(reverse("registry:moderation-queue"))
    changed_since = (
        submission.kind == Submission.Kind.CHANGE
        and submission.base_version
        and submission.organisation.version > submission.base_version
    )
    organisation = submission.organisation
    registration = submission.kind == Submission.Kind.REGISTRATION
    return render(
        request,
        "registry/officer/submission_detail.html",
        {
            "submission": submission,
            "organisation": organisation,
            "comparison": None if registration else display.change_comparison(submission),
            "summary": display.organisation_rows(organisation) if registration else None,
            "contacts": display.contact_table(organisation.contacts.all())
            if registration
            else None,
            "changed_since": changed_since,
            "form": form,
        },
    )


@require_safe
@officer_required
def problem_reports(request):
    return render(
        request,
        "registry/officer/problem_reports.html",
        {
            "reports": selectors.open_problem_reports(access.organisation_scope(request.user)),
            "form": ResolveProblemForm(),
        },
    )


@require_POST
@officer_required
def problem_report_resolve(request, pk):
    report = get_object_or_404(ProblemReport.objects.select_related("organisation"), pk=pk)
    access.require_edit_organisation(request.user, report.organisation)
    form = ResolveProblemForm(request.POST)
    if not form.is_valid():
        scope = access.organisation_scope(request.user)
        return render(
            request,
            "registry/officer/problem_reports.html",
            {"reports": selectors.open_problem_reports(scope), "form": form, "failed_pk": pk},
            status=400,
        )
    try:
        services.problem_report_resolve(
            report_id=pk, officer=request.user, note=form.cleaned_data["note"]
        )
    except services.AlreadyDecided:
        messages.error(request, _("Someone else has already resolved this report."))
    else:
        messages.success(request, _("The report is resolved."))
    return HttpResponseRedirect(reverse("registry:problem-reports"))


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def verification(request):
    """The entries that will be asked, their addresses and the e-mail; sending needs the
    box ticked that says the officer has reviewed them."""
    scope = access.organisation_scope(request.user)
    due = verification_requests.due_for_verification(scope)
    paginator = Paginator(due, verification_requests.PAGE_SIZE)
    language = get_language() or "sv"
    form = VerificationSendForm(request.POST or None, due=paginator.count)
    if request.method == "POST" and form.is_valid():
        asked = services.verification_requests_send(language=language, scope=scope)
        messages.success(
            request,
            ngettext(
                "A verification request was sent to %(count)s organisation.",
                "Verification requests were sent to %(count)s organisations.",
                asked,
            )
            % {"count": asked},
        )
        return HttpResponseRedirect(reverse("registry:verification"))
    page = paginator.get_page(page_number(request.GET))
    page.object_list = list(page.object_list)  # read once, for the list and the preview
    first = page.object_list[0] if page.object_list else None
    return render(
        request,
        "registry/officer/verification.html",
        {
            "page": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "rows": verification_requests.rows(page.object_list),
            "without_address": verification_requests.due_without_address(scope),
            "preview": verification_requests.email_preview(first, language=language)
            if first
            else None,
            "preview_organisation": first,
            "form": form,
        },
    )
