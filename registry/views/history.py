"""Officer pages: an entry's history, restoring an earlier version, the duplicates report
and merging two entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import duplicates, merge, restore
from registry.access import can_edit_organisation, officer_required, organisation_for_edit
from registry.locking import EditConflict
from registry.models import Organisation
from registry.officer_forms import MergeForm, RestoreForm
from registry.views.merged import follows_merges
from socialeconomy.forms import page_number


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("home_municipality"), slug=slug)


def _history_page(request, slug, *, contacts: bool):
    organisation = _organisation(slug)
    versions = restore.contact_versions if contacts else restore.organisation_versions
    page, rows = versions(organisation, page_number(request.GET))
    return render(
        request,
        "registry/officer/history.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "page": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
            "versions": rows,
            "can_restore": can_edit_organisation(request.user, organisation),
        },
    )


@require_safe
@officer_required
@follows_merges
def organisation_history(request, slug):
    return _history_page(request, slug, contacts=False)


@require_safe
@officer_required
@follows_merges
def contact_history(request, slug):
    return _history_page(request, slug, contacts=True)


def _restore_page(request, *, organisation, instance, record, restore_service, back_url, url):
    """The confirmation page of a restore and the restore itself, for an entry or one of
    its contact persons (``instance``)."""
    form = RestoreForm(
        request.POST if request.method == "POST" else None,
        initial={"version": instance.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            restore_service(
                instance.pk,
                history_id=record.history_id,
                started_from=form.cleaned_data["version"],
                officer=request.user,
            )
        except EditConflict as conflict:
            # The changes shown again are from the entry as it is now; sending the
            # form again restores over that version.
            instance = conflict.current
            form = RestoreForm({"version": instance.version})
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone saved this entry after you opened the page. Nothing was "
                    "restored: check the changes below again."
                ),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The earlier version is restored."))
            return HttpResponseRedirect(back_url)
    return render(
        request,
        "registry/officer/restore.html",
        {
            "organisation": organisation,
            "contact": instance if instance is not organisation else None,
            "record": record,
            "changes": restore.restore_preview(instance, record),
            "form": form,
            "action_url": url,
            "back_url": back_url,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def organisation_restore(request, slug, history_id):
    organisation = organisation_for_edit(
        request.user,
        Organisation.objects.select_related("legal_form", "home_municipality"),
        slug=slug,
    )
    record = restore.version_for_restore(organisation, history_id)
    return _restore_page(
        request,
        organisation=organisation,
        instance=organisation,
        record=record,
        restore_service=lambda pk, **kwargs: restore.organisation_restore(
            organisation_id=pk, **kwargs
        ),
        back_url=reverse("registry:officer-organisation-history", kwargs={"slug": slug}),
        url=request.path,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def contact_restore(request, slug, history_id):
    organisation = organisation_for_edit(
        request.user, Organisation.objects.select_related("home_municipality"), slug=slug
    )
    record, contact = restore.contact_version_for_restore(organisation, history_id)
    return _restore_page(
        request,
        organisation=organisation,
        instance=contact,
        record=record,
        restore_service=lambda pk, **kwargs: restore.contact_restore(contact_id=pk, **kwargs),
        back_url=reverse("registry:officer-contact-history", kwargs={"slug": slug}),
        url=request.path,
    )


# --- duplicates -------------------------------------------------------------------------


@require_safe
@officer_required
def duplicate_report(request):
    number = page_number(request.GET)
    too_slow = False
    try:
        pairs, total = duplicates.candidate_pairs(request.user, page=number)
        page = Paginator(range(total), duplicates.PAGE_SIZE).get_page(number)
        if page.number != number and total:
            pairs, _total = duplicates.candidate_pairs(request.user, page=page.number)
    except duplicates.ReportTooSlow:
        pairs, too_slow = [], True
        page = Paginator([], duplicates.PAGE_SIZE).get_page(1)
    return render(
        request,
        "registry/officer/duplicates.html",
        {
            "pairs": pairs,
            "page": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
            "similarity": duplicates.NAME_SIMILARITY,
            "too_slow": too_slow,
        },
    )


@require_safe
@officer_required
def dismissed_duplicates(request):
    paginator = Paginator(duplicates.dismissed_pairs(request.user), duplicates.PAGE_SIZE)
    page = paginator.get_page(page_number(request.GET))
    return render(
        request,
        "registry/officer/duplicates_dismissed.html",
        {
            "page": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
        },
    )


def _pair_for_edit(request, first, second) -> tuple[Organisation, Organisation]:
    """Both entries, 404 if either is gone, 403 unless the user may edit both."""
    queryset = Organisation.objects.select_related("legal_form", "home_municipality")
    if first == second:
        raise Http404
    return (
        organisation_for_edit(request.user, queryset, pk=first),
        organisation_for_edit(request.user, queryset, pk=second),
    )


@require_POST
@officer_required
def duplicate_dismiss(request, first, second):
    _pair_for_edit(request, first, second)
    duplicates.duplicate_dismiss(first_id=first, second_id=second, officer=request.user)
    messages.success(request, _("The pair is dismissed and no longer listed."))
    return HttpResponseRedirect(reverse("registry:duplicate-report"))


@require_POST
@officer_required
def duplicate_undismiss(request, first, second):
    _pair_for_edit(request, first, second)
    duplicates.duplicate_undismiss(first_id=first, second_id=second)
    messages.success(request, _("The pair is listed again."))
    return HttpResponseRedirect(reverse("registry:duplicates-dismissed"))


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def organisation_merge(request, first, second):
    one, two = _pair_for_edit(request, first, second)
    form = MergeForm(request.POST if request.method == "POST" else None, first=one, second=two)
    if request.method == "POST" and form.is_valid():
        keep_first = form.cleaned_data["survivor"] == MergeForm.FIRST
        survivor, other = (one, two) if keep_first else (two, one)
        versions = (form.cleaned_data["first_version"], form.cleaned_data["second_version"])
        survivor_version, other_version = versions if keep_first else versions[::-1]
        try:
            kept = merge.organisation_merge(
                survivor_id=survivor.pk,
                other_id=other.pk,
                survivor_version=survivor_version,
                other_version=other_version,
                take_from_other=form.take_from_other(),
                officer=request.user,
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "One of the entries was saved after you opened the page. Nothing was "
                    "merged: open the page again to see the entries as they are now."
                ),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Merged into %(name)s.") % {"name": kept.name})
            return HttpResponseRedirect(
                reverse("registry:officer-organisation-history", kwargs={"slug": kept.slug})
            )
    return render(
        request,
        "registry/officer/merge.html",
        {"first": one, "second": two, "form": form},
    )
