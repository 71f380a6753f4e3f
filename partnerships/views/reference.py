"""Reference data officers manage: policy documents with their goals, municipal units.
Everyone in the Officers group reads them; each officer changes those of their own
municipalities (a regional document: officers of a municipality in the region)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships import selectors, services
from partnerships.forms import DocumentForm, GoalForm, UnitForm
from partnerships.models import MunicipalUnit, PolicyDocument, PolicyGoal
from registry import access
from registry.access import officer_required


def _add_errors(form, error: ValidationError) -> None:
    """Errors a service raised, beside their fields when the form has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _edit_page(request, form, *, save, saved_message, list_name, list_label, heading, intro=""):
    """The one edit page of units, documents and goals: validate, save through the
    service (its errors beside their fields), and back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect(list_name)
    context = {
        "form": form,
        "heading": heading,
        "intro": intro,
        "list_url": reverse(list_name),
        "list_label": list_label,
    }
    return render(request, "partnerships/reference_form.html", context)


@require_safe
@officer_required
def document_list(request):
    documents = list(selectors.documents())
    for document in documents:
        document.editable = access.can_edit_document(request.user, document)
    return render(
        request,
        "partnerships/document_list.html",
        {
            "documents": documents,
            "can_add": access.editable_municipalities(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def document_edit(request, pk=None):
    municipalities = list(access.editable_municipalities(request.user))
    document = None
    if pk is not None:
        document = get_object_or_404(
            PolicyDocument.objects.select_related("municipality", "county"), pk=pk
        )
        if not access.can_edit_document(request.user, document):
            raise PermissionDenied(access.NOT_YOUR_MUNICIPALITY)
    elif not municipalities:
        raise PermissionDenied(access.NO_MUNICIPALITY)
    form = DocumentForm(request.POST or None, instance=document, municipalities=municipalities)
    return _edit_page(
        request,
        form,
        save=lambda instance: services.document_save(actor=request.user, document=instance),
        saved_message=_("The policy document is saved."),
        list_name="partnerships:document-list",
        list_label=_("Policy documents"),
        heading=(
            _("Edit: %(title)s") % {"title": document.title}
            if document
            else _("Add a policy document")
        ),
    )


@require_http_methods(["GET", "POST"])
@officer_required
def goal_edit(request, document_pk=None, pk=None):
    if pk is not None:
        goal = get_object_or_404(PolicyGoal.objects.select_related("document"), pk=pk)
        document = goal.document
    else:
        document = get_object_or_404(PolicyDocument, pk=document_pk)
        goal = PolicyGoal(document=document)
    if not access.can_edit_document(request.user, document):
        raise PermissionDenied(access.NOT_YOUR_MUNICIPALITY)
    form = GoalForm(request.POST or None, instance=goal)
    return _edit_page(
        request,
        form,
        save=lambda instance: services.goal_save(actor=request.user, goal=instance),
        saved_message=_("The goal is saved."),
        list_name="partnerships:document-list",
        list_label=_("Policy documents"),
        heading=_("Edit goal %(code)s") % {"code": goal.code} if pk else _("Add a goal"),
        intro=_("In “%(title)s” (%(owner)s).")
        % {"title": document.title, "owner": document.owner_name},
    )


@require_safe
@officer_required
def unit_list(request):
    codes = access.officer_municipality_codes(request.user)
    units = list(selectors.all_units())
    for unit in units:
        unit.editable = access.can_edit_in(request.user, unit.municipality_id)
    return render(
        request,
        "partnerships/unit_list.html",
        {
            "units": units,
            "own_codes": codes,
            "can_add": access.editable_municipalities(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def unit_edit(request, pk=None):
    municipalities = list(access.editable_municipalities(request.user))
    unit = None
    if pk is not None:
        unit = get_object_or_404(MunicipalUnit.objects.select_related("municipality"), pk=pk)
        access.require_edit_in(request.user, unit.municipality_id)
    elif not municipalities:
        raise PermissionDenied(access.NO_MUNICIPALITY)
    form = UnitForm(request.POST or None, instance=unit, municipalities=municipalities)
    return _edit_page(
        request,
        form,
        save=lambda instance: services.unit_save(actor=request.user, unit=instance),
        saved_message=_("The unit is saved."),
        list_name="partnerships:unit-list",
        list_label=_("Units"),
        heading=_("Edit: %(name)s") % {"name": unit.name} if unit else _("Add a unit"),
    )
