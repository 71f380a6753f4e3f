"""Registering an organisation (public, no account) and confirming the e-mail address."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registry import changes, ratelimit, selectors, services, tokens
from registry.forms import (
    ContactFormSet,
    OrganisationForm,
    RegistrationExtrasForm,
)
from registry.models import AccessLink
from registry.views.links import LINK_ERRORS, link_error_page
from socialeconomy.forms import initial_from_data, new_key

THANKS_SESSION_KEY = "registry_registration_email"


def _forms(data=None):
    return (
        OrganisationForm(data, prefix="org"),
        ContactFormSet(data, prefix="contacts"),
        RegistrationExtrasForm(data, prefix="reg", initial={"submission_key": new_key()}),
    )


def _render(request, organisation_form, contact_formset, extras_form, *, status=200, **extra):
    return render(
        request,
        "registry/registration/form.html",
        {
            "form": organisation_form,
            "contact_formset": contact_formset,
            "extras": extras_form,
            "all_forms": [organisation_form, *contact_formset.forms, extras_form],
            **extra,
        },
        status=status,
    )


def _with_extra_contact(request):
    """The same values, unvalidated, with one more empty contact (no JavaScript needed)."""
    organisation_form, contact_formset, extras = _forms(request.POST)
    contacts = [initial_from_data(form) for form in contact_formset.forms] + [{}]
    new_formset = ContactFormSet(initial=contacts[: ContactFormSet.max_num], prefix="contacts")
    # Keyboard and screen-reader users land in the contact person just added.
    new_formset.forms[-1].fields["name"].widget.attrs["data-focus-on-load"] = ""
    return (
        OrganisationForm(initial=initial_from_data(organisation_form), prefix="org"),
        new_formset,
        RegistrationExtrasForm(initial=initial_from_data(extras), prefix="reg"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    if request.method != "POST":
        organisation_form, contact_formset, extras = _forms()
        return _render(request, organisation_form, contact_formset, extras)

    if "add_contact" in request.POST:
        return _render(request, *_with_extra_contact(request))

    organisation_form, contact_formset, extras = _forms(request.POST)
    if extras.is_spam:
        # Look like success to a bot; store nothing.
        return HttpResponseRedirect(reverse("registry:registration-thanks"))
    if selectors.submission_exists(request.POST.get("reg-submission_key", "")):
        # Sent twice (double click, back and resubmit): the first one counts.
        return HttpResponseRedirect(reverse("registry:registration-thanks"))
    valid = all([organisation_form.is_valid(), contact_formset.is_valid(), extras.is_valid()])
    if not valid:
        return _render(request, organisation_form, contact_formset, extras)

    similar = []
    if not extras.cleaned_data["not_a_duplicate"]:
        similar = list(selectors.similar_organisations(organisation_form.cleaned_data["name"]))
    if similar:
        return _render(request, organisation_form, contact_formset, extras, similar=similar)

    if not ratelimit.hit(request, "registration"):
        extras.add_error(
            None,
            _(
                "Too many registrations have been sent from your network in the last hour. "
                "Nothing you typed is lost: try again later."
            ),
        )
        return _render(request, organisation_form, contact_formset, extras, status=429)

    cleaned = organisation_form.cleaned_data
    m2m = {name: cleaned[name] for name in changes.M2M_FIELDS}
    organisation = organisation_form.save(commit=False)
    result = services.registration_submit(
        organisation=organisation,
        m2m=m2m,
        contacts=[form.to_data() for form in contact_formset.forms if form.cleaned_data],
        submission_key=extras.cleaned_data["submission_key"],
        language=get_language() or "sv",
    )
    request.session[THANKS_SESSION_KEY] = result.submission.submitter_email
    return HttpResponseRedirect(reverse("registry:registration-thanks"))


@require_safe
def registration_thanks(request):
    return render(
        request,
        "registry/registration/thanks.html",
        {"email": request.session.get(THANKS_SESSION_KEY, "")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request, token):
    """Opening the link shows a button and spends nothing (mail scanners and link
    previews open links too); pressing the button confirms the address."""
    if request.method != "POST":
        try:
            link = tokens.access_link_resolve(purpose=AccessLink.Purpose.CONFIRM_EMAIL, token=token)
        except LINK_ERRORS as exc:
            return link_error_page(request, exc)
        return render(
            request, "registry/registration/confirm.html", {"organisation": link.organisation}
        )
    try:
        submission = services.registration_confirm_email(token=token)
    except LINK_ERRORS as exc:
        return link_error_page(request, exc)
    return render(request, "registry/registration/confirmed.html", {"submission": submission})
