"""Officer pages of the register: the list with its filters and bulk actions, its
export, and creating and editing entries and their contact persons.

Reading the list is for every officer; changing an entry is for the officers of its
municipalities (``access.organisation_for_edit``); a bulk action changes only those and
says which it left out."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import access, display, editing, exports, register
from registry.locking import EditConflict
from registry.models import ContactPerson, OfficerAction, Organisation
from registry.officer_forms import BulkActionForm, OfficerContactForm, OfficerOrganisationForm
from socialeconomy.forms import new_key, page_number


def _posted(request):
    """The form's data on a POST (an empty one too: it shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _list_url(query: str) -> str:
    url = reverse("registry:officer-register")
    return f"{url}?{query}" if query else url


def _register_page(request, bulk_form: BulkActionForm, *, status: int = 200):
    filtered = register.register_filter(request.GET, user=request.user)
    paginator = Paginator(register.listed(filtered), register.PAGE_SIZE)
    page = paginator.get_page(page_number(request.GET))
    return render(
        request,
        "registry/officer/register.html",
        {
            "filter": filtered,
            "page": page,
            "organisations": page.object_list,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "query_without_page": _query(request),
            "bulk_form": bulk_form,
            "ticked": _ticked(bulk_form),
            "can_create": access.is_administrator(request.user)
            or bool(access.officer_municipality_codes(request.user)),
        },
        status=status,
    )


def _ticked(form) -> set[int]:
    if not form.is_bound:
        return set()
    return {int(key) for key in form.data.getlist("selected") if key.isascii() and key.isdigit()}


@require_safe
@access.officer_required
def officer_register(request):
    return _register_page(request, BulkActionForm())


ACTION_DONE = {
    OfficerAction.Kind.PUBLISH: lambda n: ngettext(
        "%(count)s organisation was published.", "%(count)s organisations were published.", n
    ),
    OfficerAction.Kind.HIDE: lambda n: ngettext(
        "%(count)s organisation was hidden.", "%(count)s organisations were hidden.", n
    ),
    OfficerAction.Kind.VERIFY: lambda n: ngettext(
        "A verification request was sent to %(count)s organisation.",
        "Verification requests were sent to %(count)s organisations.",
        n,
    ),
}


@require_POST
@access.officer_required
def officer_register_bulk(request):
    """From the list: the confirmation, naming what the action touches and what it
    leaves out. From the confirmation: the action, once per key."""
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        return _register_page(request, form)
    filtered = register.register_filter(request.GET, user=request.user)
    kind = form.cleaned_data["action"]
    chosen = register.chosen_organisations(
        register=filtered, keys=form.cleaned_data["selected"], every=form.cleaned_data["every"]
    )
    query = _query(request)
    if form.confirmed:
        try:
            action, created = editing.organisations_bulk_apply(
                kind=kind,
                chosen=chosen,
                officer=request.user,
                key=form.cleaned_data["key"],
                expected=form.cleaned_data["expected"],
                language=get_language() or "sv",
            )
        except editing.SelectionChanged:
            form.add_error(
                None,
                _(
                    "The list has changed since the page was opened. "
                    "Nothing was done: check it again."
                ),
            )
        else:
            text = ACTION_DONE[kind](action.touched) % {"count": action.touched}
            if not created:
                text = _("This was done already; nothing more was changed.") + " " + text
            messages.success(request, text)
            return HttpResponseRedirect(_list_url(query))
    picked = register.selection(chosen, kind=kind, user=request.user)
    counts = picked.counts()
    listed = register.CONFIRMATION_LISTED
    confirm = BulkActionForm(
        initial={
            "action": kind,
            "selected": form.cleaned_data["selected"],
            "every": form.cleaned_data["every"],
            "key": form.cleaned_data["key"] or new_key(),
            "expected": counts["changed"],
        }
    )
    return render(
        request,
        "registry/officer/register_confirm.html",
        {
            "form": form,
            "confirm": confirm,
            "kind": kind,
            "action_label": dict(BulkActionForm.ACTIONS)[kind],
            "counts": counts,
            "changed": list(picked.changed[:listed]),
            "outside": list(picked.outside[:listed]),
            "more_changed": max(counts["changed"] - listed, 0),
            "more_outside": max(counts["outside"] - listed, 0),
            "query": query,
            "list_url": _list_url(query),
        },
    )


@require_safe
@access.officer_required
def officer_register_export(request, fmt):
    filtered = register.register_filter(request.GET, user=request.user)
    return exports.register_response(filtered.qs, fmt)


# --- one entry -------------------------------------------------------------------------


def _edit_url(organisation) -> str:
    return reverse("registry:officer-organisation-edit", kwargs={"pk": organisation.pk})


def _many(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if Organisation._meta.get_field(name).many_to_many
    }


@require_http_methods(["GET", "HEAD", "POST"])
@access.officer_required
def officer_organisation_create(request):
    form = OfficerOrganisationForm(_posted(request), prefix="org", user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation, _created = editing.organisation_create(
            organisation=form.instance,
            m2m=_many(form),
            officer=request.user,
            key=form.cleaned_data["key"] or uuid.uuid4(),
        )
        messages.success(
            request, _("%(name)s is now in the register.") % {"name": organisation.name}
        )
        return HttpResponseRedirect(_edit_url(organisation))
    return render(
        request, "registry/officer/organisation_form.html", {"form": form, "organisation": None}
    )


def _organisation(request, pk) -> Organisation:
    return access.organisation_for_edit(
        request.user,
        Organisation.objects.select_related("home_municipality", "legal_form"),
        pk=pk,
    )


def _again_from(form, current):
    """The form's data again, everything typed, but with the version saved now: sent
    again, it is a deliberate save over the other change."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    return data


@require_http_methods(["GET", "HEAD", "POST"])
@access.officer_required
def officer_organisation_edit(request, pk):
    organisation = _organisation(request, pk)

    def bound(data):
        return OfficerOrganisationForm(
            data,
            instance=organisation,
            prefix="org",
            existing_pk=organisation.pk,
            user=request.user,
        )

    form = bound(_posted(request))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            editing.organisation_update(
                organisation=form.instance,
                m2m=_many(form),
                started_from=form.cleaned_data["version"] or organisation.version,
            )
        except EditConflict as exc:
            conflict = display.conflict_rows(exc.current, form)
            organisation = _organisation(request, pk)
            form = bound(_again_from(form, exc.current))
            form.is_valid()
        else:
            messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(_edit_url(organisation))
    elif request.method == "POST":
        organisation.refresh_from_db()  # validation wrote the typed values on it
    return render(
        request,
        "registry/officer/organisation_form.html",
        {"form": form, "organisation": organisation, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


# --- contact persons --------------------------------------------------------------------


def _contacts_url(organisation) -> str:
    return reverse("registry:officer-contacts", kwargs={"pk": organisation.pk})


@require_http_methods(["GET", "HEAD", "POST"])
@access.officer_required
def officer_contacts(request, pk):
    """An entry's contact persons, and a form to add one."""
    organisation = _organisation(request, pk)
    form = OfficerContactForm(
        _posted(request), prefix="contact", instance=ContactPerson(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        editing.contact_save(contact=form.instance)
        messages.success(request, _("%(name)s was added.") % {"name": form.instance.name})
        return HttpResponseRedirect(_contacts_url(organisation))
    return render(
        request,
        "registry/officer/contacts.html",
        {"organisation": organisation, "contacts": organisation.contacts.all(), "form": form},
    )


def _contact(request, pk, contact_pk) -> ContactPerson:
    organisation = _organisation(request, pk)
    contact = get_object_or_404(ContactPerson, pk=contact_pk, organisation=organisation)
    contact.organisation = organisation
    return contact


@require_http_methods(["GET", "HEAD", "POST"])
@access.officer_required
def officer_contact_edit(request, pk, contact_pk):
    contact = _contact(request, pk, contact_pk)
    organisation = contact.organisation
    form = OfficerContactForm(_posted(request), prefix="contact", instance=contact)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            editing.contact_save(
                contact=form.instance,
                started_from=form.cleaned_data["version"] or contact.version,
            )
        except EditConflict as exc:
            conflict = display.conflict_rows(exc.current, form)
            contact = _contact(request, pk, contact_pk)
            form = OfficerContactForm(
                _again_from(form, exc.current), prefix="contact", instance=contact
            )
            form.is_valid()
        else:
            messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(_contacts_url(organisation))
    return render(
        request,
        "registry/officer/contact_form.html",
        {"organisation": organisation, "contact": contact, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@require_POST
@access.officer_required
def officer_contact_remove(request, pk, contact_pk):
    contact = _contact(request, pk, contact_pk)
    editing.contact_remove(contact=contact)
    messages.success(
        request,
        _("%(name)s was removed, with their history.") % {"name": contact.name},
    )
    return HttpResponseRedirect(_contacts_url(contact.organisation))
