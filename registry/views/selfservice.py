"""Self-service for a registered organisation, through a link sent by e-mail.

Opening a link shows a page with a button; pressing it spends the single-use link and
opens an editing session (so that mail scanners that follow links spend nothing). The
session is the contact's role, kept and checked by ``registry.access``.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import access, changes, ratelimit, services, tokens
from registry.forms import (
    CeasedForm,
    ChangeRequestExtrasForm,
    ContactForm,
    EditLinkRequestForm,
    OrganisationForm,
)
from registry.models import AccessLink, ContactPerson, Organisation, Submission
from registry.views.links import LINK_ERRORS, link_error_page
from socialeconomy.forms import new_key


@require_http_methods(["GET", "HEAD", "POST"])
def edit_link_request(request):
    form = EditLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.data.get("homepage"):
            return HttpResponseRedirect(reverse("registry:edit-link-sent"))
        if not ratelimit.hit(request, "edit-link"):
            form.add_error(None, _("Too many requests from your network. Try again in an hour."))
            return render(
                request, "registry/selfservice/request_link.html", {"form": form}, status=429
            )
        services.edit_link_request(
            email=form.cleaned_data["email"], language=get_language() or "sv"
        )
        # The same answer whether or not the address is known: it reveals nothing.
        return HttpResponseRedirect(reverse("registry:edit-link-sent"))
    return render(request, "registry/selfservice/request_link.html", {"form": form})


@require_safe
def edit_link_sent(request):
    return render(request, "registry/selfservice/link_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def edit_link(request, token):
    if request.method != "POST":
        try:
            link = tokens.access_link_resolve(purpose=AccessLink.Purpose.EDIT, token=token)
        except LINK_ERRORS as exc:
            return link_error_page(request, exc)
        return render(
            request, "registry/selfservice/open_link.html", {"organisation": link.organisation}
        )
    try:
        link = services.edit_link_use(token=token)
    except LINK_ERRORS as exc:
        return link_error_page(request, exc)
    access.contact_session_open(request, link)
    return HttpResponseRedirect(reverse("registry:self-service"))


@require_safe
def self_service(request):
    organisation, _email = access.contact_session(request)
    return render(
        request,
        "registry/selfservice/home.html",
        {
            "organisation": organisation,
            "pending": organisation.submissions.filter(status=Submission.Status.PENDING).exists(),
            "returned": organisation.submissions.filter(status=Submission.Status.CHANGES_REQUESTED)
            .order_by("-decided_at")
            .first(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def self_service_edit(request):
    organisation, email = access.contact_session(request)
    form = OrganisationForm(
        request.POST or None, instance=organisation, prefix="org", existing_pk=organisation.pk
    )
    extras = ChangeRequestExtrasForm(
        request.POST or None, prefix="chg", initial={"submission_key": new_key()}
    )
    if request.method == "POST" and form.is_valid() and extras.is_valid():
        data = changes.serialise_changes(
            {name: form.cleaned_data[name] for name in changes.SELF_SERVICE_FIELDS}
        )
        try:
            services.change_request_submit(
                organisation=organisation,
                data=data,
                submitter_email=email,
                submitter_name=email,
                submission_key=extras.cleaned_data["submission_key"],
                language=get_language() or "sv",
            )
        except services.NothingChanged:
            form.add_error(None, _("You have not changed anything."))
        else:
            messages.success(
                request,
                _("Thank you. The municipality will review the changes before they are published."),
            )
            return HttpResponseRedirect(reverse("registry:self-service"))
    # The form never touches the public entry: reload it in case validation changed it.
    organisation.refresh_from_db()
    return render(
        request,
        "registry/selfservice/edit.html",
        {"form": form, "extras": extras, "organisation": organisation, "all_forms": [form, extras]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def self_service_ceased(request):
    organisation, email = access.contact_session(request)
    form = CeasedForm(request.POST or None, initial={"submission_key": new_key()})
    if request.method == "POST" and form.is_valid():
        services.change_request_submit(
            organisation=organisation,
            data={
                "status": Organisation.Status.CEASED,
                "ceased_on": form.cleaned_data["ceased_on"].isoformat(),
            },
            submitter_email=email,
            submitter_name=email,
            submission_key=form.cleaned_data["submission_key"],
            language=get_language() or "sv",
        )
        messages.success(request, _("Thank you. The municipality will mark the entry as ceased."))
        return HttpResponseRedirect(reverse("registry:self-service"))
    return render(
        request, "registry/selfservice/ceased.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def self_service_contacts(request):
    organisation, _email = access.contact_session(request)
    form = ContactForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        services.contact_add(organisation=organisation, contact=form.to_data())
        messages.success(request, _("The contact person has been added."))
        return HttpResponseRedirect(reverse("registry:self-service-contacts"))
    return render(
        request,
        "registry/selfservice/contacts.html",
        {"organisation": organisation, "contacts": organisation.contacts.all(), "form": form},
    )


def _granted_contact(request, pk) -> ContactPerson:
    organisation, _email = access.contact_session(request)
    return get_object_or_404(ContactPerson, pk=pk, organisation=organisation)


@require_POST
def self_service_contact_withdraw(request, pk):
    contact = _granted_contact(request, pk)
    services.contact_withdraw_consent(contact=contact)
    messages.success(request, _("%(name)s is no longer shown publicly.") % {"name": contact.name})
    return HttpResponseRedirect(reverse("registry:self-service-contacts"))


@require_POST
def self_service_contact_remove(request, pk):
    contact = _granted_contact(request, pk)
    if contact.organisation.contacts.count() <= 1:
        messages.error(
            request, _("An organisation needs at least one contact person. Add another first.")
        )
    else:
        services.contact_remove(contact=contact)
        messages.success(
            request, _("%(name)s has been removed from the register.") % {"name": contact.name}
        )
    return HttpResponseRedirect(reverse("registry:self-service-contacts"))


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request, token):
    """ "Is this still right?" — confirm as it is, or open editing."""
    if request.method != "POST":
        try:
            link = tokens.access_link_resolve(purpose=AccessLink.Purpose.VERIFY, token=token)
        except LINK_ERRORS as exc:
            return link_error_page(request, exc)
        return render(
            request, "registry/selfservice/verify.html", {"organisation": link.organisation}
        )
    try:
        if request.POST.get("answer") == "changes":
            link = services.verification_wants_changes(token=token)
            access.contact_session_open(request, link)
            return HttpResponseRedirect(reverse("registry:self-service-edit"))
        organisation = services.verification_confirm(token=token)
    except LINK_ERRORS as exc:
        return link_error_page(request, exc)
    return render(request, "registry/selfservice/verified.html", {"organisation": organisation})
