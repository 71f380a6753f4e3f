"""Officers' pages for the effort log: list, export, log, edit, notes, an organisation's
efforts. Every view is for officers (``officer_required``); writing also needs the
effort's municipality to be one of the officer's (``registry.access``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships import exports, selectors, services
from partnerships.filters import EffortFilter
from partnerships.forms import EffortFormBundle, NoteForm
from partnerships.models import Effort, FollowUpNote
from partnerships.views.common import paginate
from registry import access
from registry.access import officer_required
from registry.models import Organisation
from socialeconomy.forms import new_key

PAGE_SIZE = 25


@require_safe
@officer_required
def effort_list(request):
    efforts = EffortFilter(request.GET, queryset=selectors.officer_efforts())
    context = paginate(request, efforts.qs, PAGE_SIZE)
    return render(
        request,
        "partnerships/effort_list.html",
        {
            **context,
            "filter": efforts,
            "efforts": context["page"].object_list,
            "can_log": access.editable_municipalities(request.user).exists(),
        },
    )


@require_safe
@officer_required
def effort_export(request, fmt):
    """``csv`` (international), ``csv-sv`` (for Excel set to Swedish) or ``xlsx``."""
    efforts = EffortFilter(
        request.GET, queryset=selectors.officer_efforts().prefetch_related("payments")
    )
    if fmt in exports.CSV_CONVENTIONS:
        return exports.csv_response(efforts.qs, exports.CSV_CONVENTIONS[fmt])
    if fmt == "xlsx":
        return exports.xlsx_response(efforts.qs)
    raise Http404


def _no_municipality(request):
    return render(request, "partnerships/no_municipality.html", status=403)


def _adds_row(request) -> bool:
    """The officer asked for another organisation or payment row, not to save."""
    return "add_organisation" in request.POST or "add_payment" in request.POST


def _render_form(request, bundle, *, effort=None, conflict=None, status=200):
    return render(
        request,
        "partnerships/effort_form.html",
        {"bundle": bundle, "effort": effort, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def effort_create(request):
    municipalities = list(access.editable_municipalities(request.user))
    if not municipalities:
        return _no_municipality(request)
    if request.method == "POST" and _adds_row(request):
        bundle = EffortFormBundle.with_another_row(request.POST, municipalities=municipalities)
        return _render_form(request, bundle)
    if request.method == "POST":
        bundle = EffortFormBundle(request.POST, municipalities=municipalities)
        if bundle.is_valid():
            try:
                result = services.effort_log(
                    actor=request.user,
                    idempotency_key=bundle.effort_form.cleaned_data["idempotency_key"],
                    **bundle.service_arguments(),
                )
            except ValidationError as error:
                bundle.add_service_errors(error)
            else:
                if result.created:
                    messages.success(request, _("The effort is logged."))
                return redirect(result.effort)
        return _render_form(request, bundle)
    today = timezone.localdate()
    bundle = EffortFormBundle(
        municipalities=municipalities,
        initial={
            "idempotency_key": new_key(),
            "responsible_officer": request.user.pk,
            "start_date": today,
            "status": Effort.Status.PLANNED,
        },
    )
    return _render_form(request, bundle)


@require_http_methods(["GET", "POST"])
@officer_required
def effort_edit(request, pk):
    effort = access.effort_for_edit(request.user, selectors.efforts_for_edit(), pk)
    municipalities = list(access.editable_municipalities(request.user))
    if request.method == "POST" and _adds_row(request):
        bundle = EffortFormBundle.with_another_row(
            request.POST, municipalities=municipalities, effort=effort
        )
        return _render_form(request, bundle, effort=effort)
    if request.method == "POST":
        bundle = EffortFormBundle(request.POST, municipalities=municipalities, effort=effort)
        if bundle.is_valid():
            try:
                services.effort_update(
                    actor=request.user,
                    effort_id=effort.pk,
                    version=bundle.effort_form.cleaned_data["version"] or 0,
                    **bundle.service_arguments(),
                )
            except services.EditConflict:
                current = selectors.efforts_for_edit().get(pk=effort.pk)
                differences = bundle.differences(current)
                data = request.POST.copy()
                data["version"] = str(current.version)
                bundle = EffortFormBundle(data, municipalities=municipalities, effort=current)
                bundle.is_valid()
                return _render_form(
                    request,
                    bundle,
                    effort=current,
                    conflict={"effort": current, "differences": differences},
                    status=409,
                )
            except ValidationError as error:
                bundle.add_service_errors(error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("partnerships:effort-detail", pk=effort.pk)
        return _render_form(request, bundle, effort=effort)
    bundle = EffortFormBundle(
        municipalities=municipalities,
        effort=effort,
        initial={"version": effort.version, "idempotency_key": effort.idempotency_key},
    )
    return _render_form(request, bundle, effort=effort)


def _render_detail(request, effort, *, note_form=None, status=200):
    can_edit = access.can_edit_in(request.user, effort.responsible_unit.municipality_id)
    if can_edit and note_form is None:
        note_form = NoteForm(initial={"idempotency_key": new_key(), "date": timezone.localdate()})
    return render(
        request,
        "partnerships/effort_detail.html",
        {
            "effort": effort,
            "can_edit": can_edit,
            "note_form": note_form if can_edit else None,
            "history": selectors.effort_history(effort),
        },
        status=status,
    )


@require_safe
@officer_required
def effort_detail(request, pk):
    return _render_detail(request, selectors.effort_for_officer(pk))


@require_POST
@officer_required
def note_create(request, pk):
    effort = access.effort_for_edit(request.user, selectors.efforts_for_edit(), pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            result = services.note_add(
                actor=request.user,
                effort=effort,
                idempotency_key=form.cleaned_data["idempotency_key"],
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.created:
                messages.success(request, _("The note is saved."))
            return redirect(f"{effort.get_absolute_url()}#notes")
    return _render_detail(request, selectors.effort_for_officer(pk), note_form=form)


@require_http_methods(["GET", "POST"])
@officer_required
def note_edit(request, pk, note_pk):
    effort = access.effort_for_edit(request.user, selectors.efforts_for_edit(), pk)
    note = get_object_or_404(
        FollowUpNote.objects.select_related("author"), pk=note_pk, effort=effort
    )
    conflict = None
    if request.method == "POST":
        form = NoteForm(request.POST, instance=note)
        if form.is_valid():
            try:
                services.note_update(
                    actor=request.user,
                    note_id=note.pk,
                    version=form.cleaned_data["version"] or 0,
                    date=form.cleaned_data["date"],
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                )
            except services.EditConflict as error:
                conflict = error.current
                data = request.POST.copy()
                data["note-version"] = str(conflict.version)
                form = NoteForm(data, instance=conflict)
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The note is saved."))
                return redirect(f"{effort.get_absolute_url()}#notes")
    else:
        form = NoteForm(
            instance=note,
            initial={"version": note.version, "idempotency_key": note.idempotency_key},
        )
    return render(
        request,
        "partnerships/note_form.html",
        {"effort": effort, "note": note, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_safe
@officer_required
def organisation_efforts(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("home_municipality"), slug=slug
    )
    efforts = list(selectors.organisation_efforts(organisation))
    return render(
        request,
        "partnerships/organisation_efforts.html",
        {"organisation": organisation, "efforts": efforts},
    )
