"""Registering an organisation (public, no account) in a few steps, checking the answers,
confirming the e-mail address, and asking for the confirmation again."""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registry import changes, display, ratelimit, selectors, services, tokens
from registry.drafts import STEPS_BY_SLUG, RegistrationDraft
from registry.forms import (
    REGISTRATION_STEPS,
    ConfirmationResendForm,
    ContactFormSet,
    OrganisationForm,
    RegistrationExtrasForm,
    SimilarNameForm,
    StepQueryForm,
)
from registry.models import AccessLink
from registry.views.links import LINK_ERRORS, link_error_page
from socialeconomy.forms import initial_from_data

THANKS_SESSION_KEY = "registry_registration_email"
REFERENCE_SESSION_KEY = "registry_registration_reference"
FIRST_STEP = REGISTRATION_STEPS[0]
CONTACTS_STEP = STEPS_BY_SLUG["contacts"]


@require_safe
def register(request):
    """The start page: what the registration asks and what happens next."""
    return render(
        request,
        "registry/registration/start.html",
        {"steps": REGISTRATION_STEPS, "first_step": FIRST_STEP},
    )


def _step_forms(step, data=None) -> dict:
    if step is CONTACTS_STEP:
        return {"contact_formset": ContactFormSet(data, prefix="contacts")}
    forms = {"form": step.organisation_form(data)}
    if step is FIRST_STEP:
        forms["name_check"] = SimilarNameForm(data, prefix="reg")
    return forms


def _progress(draft: RegistrationDraft, current) -> list[dict]:
    """The steps for the progress list: each reachable one (answered, or the first not
    yet answered) is a link, the current one is marked ``aria-current="step"``."""
    first_open = draft.first_incomplete()
    items = []
    reachable = True
    for number, step in enumerate(REGISTRATION_STEPS, start=1):
        items.append(
            {
                "number": number,
                "title": step.title,
                "url": reverse(step.url_name),
                "current": step is current,
                "complete": draft.is_complete(step),
                "reachable": reachable,
            }
        )
        if step is first_open:
            reachable = False
    return items


def _changing(request) -> bool:
    """The step was opened from the check page ("Change"): back there after saving."""
    form = StepQueryForm(request.GET)
    return form.is_valid() and form.cleaned_data["change"]


def _render_step(request, draft, step, forms, *, status=200, **extra):
    number = REGISTRATION_STEPS.index(step) + 1
    changing = _changing(request)
    if changing:
        back = reverse("registry:register-check")
    elif number > 1:
        back = reverse(REGISTRATION_STEPS[number - 2].url_name)
    else:
        back = reverse("registry:register")
    all_forms = list(forms.values())
    return render(
        request,
        "registry/registration/step.html",
        {
            "step": step,
            "step_number": number,
            "step_count": len(REGISTRATION_STEPS),
            "steps": _progress(draft, step),
            "back_url": back,
            "changing": changing,
            "form": None,
            "name_check": None,
            "contact_formset": None,
            "has_errors": any(
                form.total_error_count() if hasattr(form, "total_error_count") else form.errors
                for form in all_forms
                if form.is_bound
            ),
            **forms,
            **extra,
        },
        status=status,
    )


def _with_extra_contact(data) -> ContactFormSet:
    """The contacts as typed, unvalidated, with one more empty contact (no JavaScript
    needed)."""
    formset = ContactFormSet(data, prefix="contacts")
    contacts = [initial_from_data(form) for form in formset.forms] + [{}]
    new_formset = ContactFormSet(initial=contacts[: ContactFormSet.max_num], prefix="contacts")
    # Keyboard and screen-reader users land in the contact person just added.
    new_formset.forms[-1].fields["name"].widget.attrs["data-focus-on-load"] = ""
    return new_formset


def _next_url(request, draft, step) -> str:
    number = REGISTRATION_STEPS.index(step)
    if _changing(request) or number + 1 == len(REGISTRATION_STEPS):
        return reverse("registry:register-check")
    return reverse(REGISTRATION_STEPS[number + 1].url_name)


@require_http_methods(["GET", "HEAD", "POST"])
def register_step(request, slug):
    step = STEPS_BY_SLUG[slug]
    draft = RegistrationDraft(request.session)
    missing = draft.first_incomplete(before=step)
    if missing is not None:
        return redirect(missing.url_name)

    if request.method != "POST":
        # Answered before: shown as sent (with its errors, if it had any).
        return _render_step(request, draft, step, _step_forms(step, draft.step_data(step)))

    if step is CONTACTS_STEP and "add_contact" in request.POST:
        formset = _with_extra_contact(request.POST)
        draft.store(step, request.POST, complete=False)
        return _render_step(request, draft, step, {"contact_formset": formset})

    forms = _step_forms(step, request.POST)
    results = [form.is_valid() for form in forms.values()]  # every form, for its errors
    valid = all(results)
    similar = []
    if valid and step is FIRST_STEP and not forms["name_check"].cleaned_data["not_a_duplicate"]:
        similar = list(selectors.similar_organisations(forms["form"].cleaned_data["name"]))
    draft.store(step, request.POST, complete=valid and not similar)
    if valid and not similar:
        return HttpResponseRedirect(_next_url(request, draft, step))
    return _render_step(request, draft, step, forms, similar=similar)


def _answers(draft: RegistrationDraft):
    """Every answer validated together, as one form: (organisation form, formset)."""
    data = draft.data()
    return OrganisationForm(data, prefix="org"), ContactFormSet(data, prefix="contacts")


def _first_invalid_step(organisation_form, contact_formset):
    wrong = set(organisation_form.errors)
    for step in REGISTRATION_STEPS:
        if step is CONTACTS_STEP:
            if not contact_formset.is_valid():
                return step
        elif wrong & set(step.fields):
            return step
    return FIRST_STEP if wrong else None


def _render_check(request, draft, organisation_form, contact_formset, extras, *, status=200):
    sections = [
        {
            "title": step.title,
            "url": f"{reverse(step.url_name)}?change=1",
            "rows": display.answer_rows(organisation_form, step.fields),
        }
        for step in REGISTRATION_STEPS
        if step.fields
    ]
    contacts = [
        display.contact_answer_rows(form.to_data())
        for form in contact_formset.forms
        if form.cleaned_data
    ]
    return render(
        request,
        "registry/registration/check.html",
        {
            "sections": sections,
            "contacts": contacts,
            "contacts_url": f"{reverse(CONTACTS_STEP.url_name)}?change=1",
            "extras": extras,
            "steps": _progress(draft, None),
            "back_url": reverse(CONTACTS_STEP.url_name),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_check(request):
    """Every answer on one page, each with a link to change it, and the button that sends
    the registration."""
    draft = RegistrationDraft(request.session)
    if request.method == "POST":
        extras = RegistrationExtrasForm(request.POST, prefix="reg")
        if extras.is_spam or draft.is_spam:
            # Look like success to a bot; store nothing.
            draft.clear()
            return HttpResponseRedirect(reverse("registry:registration-thanks"))
        if selectors.submission_exists(request.POST.get("reg-submission_key", "")):
            # Sent twice (double click, back and resubmit): the first one counts.
            return HttpResponseRedirect(reverse("registry:registration-thanks"))
    else:
        extras = RegistrationExtrasForm(prefix="reg", initial={"submission_key": draft.key})

    missing = draft.first_incomplete()
    if missing is not None:
        return redirect(missing.url_name)
    organisation_form, contact_formset = _answers(draft)
    if not (organisation_form.is_valid() and contact_formset.is_valid()):
        # Something changed since the step was answered (the org number was registered
        # meanwhile): that step again, with its errors.
        step = _first_invalid_step(organisation_form, contact_formset) or FIRST_STEP
        draft.mark_incomplete(step)
        return redirect(step.url_name)
    if request.method != "POST":
        return _render_check(request, draft, organisation_form, contact_formset, extras)

    if not extras.is_valid():
        return _render_check(request, draft, organisation_form, contact_formset, extras)
    if not ratelimit.hit(request, "registration"):
        extras.add_error(
            None,
            _(
                "Too many registrations have been sent from your network in the last hour. "
                "Nothing you typed is lost: try again later."
            ),
        )
        return _render_check(request, draft, organisation_form, contact_formset, extras, status=429)

    cleaned = organisation_form.cleaned_data
    result = services.registration_submit(
        organisation=organisation_form.save(commit=False),
        m2m={name: cleaned[name] for name in changes.M2M_FIELDS},
        contacts=[form.to_data() for form in contact_formset.forms if form.cleaned_data],
        submission_key=extras.cleaned_data["submission_key"],
        language=get_language() or "sv",
    )
    draft.clear()
    request.session[THANKS_SESSION_KEY] = result.submission.submitter_email
    request.session[REFERENCE_SESSION_KEY] = result.submission.reference
    return HttpResponseRedirect(reverse("registry:registration-thanks"))


@require_safe
def registration_thanks(request):
    return render(
        request,
        "registry/registration/thanks.html",
        {
            "email": request.session.get(THANKS_SESSION_KEY, ""),
            "reference": request.session.get(REFERENCE_SESSION_KEY, ""),
        },
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


@require_http_methods(["GET", "HEAD", "POST"])
def confirmation_resend(request):
    """A new confirmation link for a registration whose e-mail never arrived. The answer
    is the same whether or not the address has a registration awaiting confirmation."""
    form = ConfirmationResendForm(request.POST or None, prefix="resend")
    template = "registry/registration/resend.html"
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["homepage"]:
            return HttpResponseRedirect(reverse("registry:confirmation-resend-sent"))
        if not ratelimit.hit(request, "confirmation-resend"):
            form.add_error(None, _("Too many requests from your network. Try again in an hour."))
            return render(request, template, {"form": form}, status=429)
        services.registration_confirmation_resend(
            email=form.cleaned_data["email"], language=get_language() or "sv"
        )
        return HttpResponseRedirect(reverse("registry:confirmation-resend-sent"))
    return render(request, template, {"form": form})


@require_safe
def confirmation_resend_sent(request):
    return render(request, "registry/registration/resend_sent.html")
