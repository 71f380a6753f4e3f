"""Officer pages for personal data (GDPR): finding, exporting and erasing a person's data
(administrators: the data controller's part), and the contact data to review (officers,
for their own municipalities). The work is ``registry.personal_data``'s."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import personal_data, services
from registry.access import administrator_required, officer_required, organisation_for_edit
from registry.models import Erasure, Organisation
from registry.officer_forms import ContactRemoveForm, ErasureConfirmForm, PersonalDataFindForm
from socialeconomy.forms import new_key, page_number

REVIEW_PAGE_SIZE = 50


def _find_page(request, form, found=None):
    return render(
        request,
        "registry/officer/personal_data_find.html",
        {
            "form": form,
            "found": found,
            "email": personal_data.normalise(form.cleaned_data["email"]) if found else "",
            "total": sum(item.count for item in found) if found else 0,
            "erasures": Erasure.objects.select_related("erased_by")[:10],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@administrator_required
def find(request):
    """The address is sent by POST, so that it stays out of addresses and server logs."""
    form = PersonalDataFindForm(request.POST if request.method == "POST" else None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = personal_data.find(form.cleaned_data["email"])
    return _find_page(request, form, found)


@require_POST
@administrator_required
def export(request):
    form = PersonalDataFindForm(request.POST)
    if not form.is_valid():
        return _find_page(request, form)
    document = personal_data.export(form.cleaned_data["email"], user=request.user)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    filename = f"personuppgifter-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@administrator_required
def erase(request):
    """First what will be erased, with a box to tick; then the erasure."""
    find_form = PersonalDataFindForm(request.POST)
    if not find_form.is_valid():
        return _find_page(request, find_form)
    email = find_form.cleaned_data["email"]
    if "confirm_step" in request.POST:
        form = ErasureConfirmForm(request.POST)
        if form.is_valid():
            erasure, _created = personal_data.erase(
                email=email, user=request.user, submission_key=form.cleaned_data["submission_key"]
            )
            messages.success(
                request,
                _("The person's data is erased. Quote %(reference)s in your reply to them.")
                % {"reference": erasure.reference},
            )
            return HttpResponseRedirect(
                reverse("registry:personal-data-erasure", args=[erasure.pk])
            )
    else:
        form = ErasureConfirmForm(initial={"email": email, "submission_key": new_key()})
    found = personal_data.find(email)
    return render(
        request,
        "registry/officer/personal_data_erase.html",
        {
            "form": form,
            "email": email,
            "found": [item for item in found if item.count],
            "total": sum(item.count for item in found),
        },
    )


@require_safe
@administrator_required
def erasure(request, pk):
    record = get_object_or_404(Erasure.objects.select_related("erased_by"), pk=pk)
    return render(
        request,
        "registry/officer/personal_data_erasure.html",
        {"erasure": record, "rows": personal_data.counts_display(record)},
    )


# --- Contact data to review ---------------------------------------------------------------


@require_safe
@officer_required
def review(request):
    stale = personal_data.stale_contacts(request.user)
    paginator = Paginator(stale, REVIEW_PAGE_SIZE)
    page = paginator.get_page(page_number(request.GET))
    return render(
        request,
        "registry/officer/personal_data_review.html",
        {
            "page": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "rows": personal_data.review_rows(page.object_list),
            "months": personal_data.REVIEW_MONTHS,
        },
    )


@require_POST
@officer_required
def review_verify(request, pk):
    organisation = organisation_for_edit(request.user, Organisation.objects, pk=pk)
    sent = services.verification_request_send(
        organisation=organisation, language=get_language() or "sv"
    )
    if sent:
        messages.success(
            request,
            ngettext(
                "%(name)s was asked to confirm its entry, at %(count)s address.",
                "%(name)s was asked to confirm its entry, at %(count)s addresses.",
                sent,
            )
            % {"name": organisation.name, "count": sent},
        )
    else:
        messages.error(
            request,
            _("%(name)s has no e-mail address to write to; nothing was sent.")
            % {"name": organisation.name},
        )
    return HttpResponseRedirect(reverse("registry:personal-data-review"))


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def review_remove(request, pk):
    contact = get_object_or_404(personal_data.contacts_with_confirmation(), pk=pk)
    organisation_for_edit(request.user, Organisation.objects, pk=contact.organisation_id)
    form = ContactRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.contact_remove(contact=contact)
        messages.success(
            request,
            _("%(name)s is removed from %(organisation)s.")
            % {"name": contact.name, "organisation": contact.organisation.name},
        )
        return HttpResponseRedirect(reverse("registry:personal-data-review"))
    return render(
        request,
        "registry/officer/personal_data_remove.html",
        {"contact": contact, "form": form, "row": personal_data.review_rows([contact])[0]},
    )
