"""Stored values as people read them, and the officer's view of everything a decision
publishes.

One helper, ``display_value``, turns a model field's value into text: yes or no,
a choice by its label, related rows by name, numbers and dates in the reader's
language (``django.utils.formats``), and an en dash for nothing. The rows are built from
``changes.SELF_SERVICE_FIELDS`` and the models' verbose names, so a field added there
appears on the moderation page by itself.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Field, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from registry.changes import SELF_SERVICE_FIELDS, organisation_values
from registry.models import ContactPerson, Organisation, Submission

EMPTY = "\u2013"  # an en dash: nothing given

# What approval publishes about each contact person (shown publicly only if they agreed).
CONTACT_FIELDS = ["name", "role", "email", "phone", "show_publicly"]


def display_value(model_field: Field, value) -> str:
    """``value`` as ``model_field`` holds it (a many-to-many as an iterable of rows)."""
    if model_field.many_to_many:
        names = [str(item) for item in value or []]
        return ", ".join(names) if names else EMPTY
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, int | float | Decimal | datetime.date):
        return formats.localize(value)
    return str(value)


def _field(model, name: str) -> Field:
    return model._meta.get_field(name)


def _from_serialised(model_field: Field, value):
    """A value as ``changes.serialise_changes`` stored it (keys, ISO dates), as the
    model holds it, for ``display_value``."""
    if model_field.many_to_many:
        return model_field.related_model.objects.filter(pk__in=value or [])
    if model_field.is_relation:
        if value is None:
            return None
        return model_field.related_model.objects.filter(pk=value).first()
    try:
        return model_field.to_python(value)
    except ValidationError:
        return value


# --- the moderation page -----------------------------------------------------------------


def submission_for_review(pk: int) -> Submission:
    """The submission with its organisation and everything its page shows, in a fixed
    number of queries whatever the number of areas, goals, municipalities or contacts."""
    fields = [_field(Organisation, name) for name in SELF_SERVICE_FIELDS]
    submission = get_object_or_404(
        Submission.objects.select_related(
            "decided_by",
            "organisation",
            *(f"organisation__{field.name}" for field in fields if field.many_to_one),
        ),
        pk=pk,
    )
    if submission.kind == Submission.Kind.REGISTRATION:
        prefetch_related_objects(
            [submission.organisation],
            *(field.name for field in fields if field.many_to_many),
            "contacts",
        )
    return submission


def organisation_rows(organisation: Organisation) -> list[dict]:
    """Every field an organisation gives about itself, labelled, as people read it."""
    rows = []
    for name in SELF_SERVICE_FIELDS:
        model_field = _field(Organisation, name)
        value = getattr(organisation, name)
        if model_field.many_to_many:
            value = value.all()
        rows.append({"label": model_field.verbose_name, "value": display_value(model_field, value)})
    return rows


def contact_table(contacts) -> dict:
    """Each contact person's published details: column labels and a row per person."""
    fields = [_field(ContactPerson, name) for name in CONTACT_FIELDS]
    return {
        "labels": [field.verbose_name for field in fields],
        "rows": [
            [display_value(field, getattr(contact, field.name)) for field in fields]
            for contact in contacts
        ],
    }


def change_comparison(submission: Submission) -> list[dict]:
    """Field by field, the published value beside the proposed one, as people read them.
    A change request holds only the fields the organisation changed."""
    proposed = submission.data or {}
    current = organisation_values(submission.organisation, list(proposed))
    rows = []
    for name, value in proposed.items():
        model_field = _field(Organisation, name)
        rows.append(
            {
                "label": model_field.verbose_name,
                "current": display_value(model_field, _from_serialised(model_field, current[name])),
                "proposed": display_value(model_field, _from_serialised(model_field, value)),
                "changed": current[name] != value,
            }
        )
    return rows


# --- the registration's "check your answers" page ---------------------------------------


def answer_rows(form, fields) -> list[dict]:
    """A valid registration form's answers for ``fields``, labelled as the moderation page
    labels them and shown as approval would publish them: normalised as the model holds
    them (``form.instance`` after validation), the many-to-many from the form."""
    rows = []
    for name in fields:
        model_field = _field(Organisation, name)
        if model_field.many_to_many:
            value = form.cleaned_data.get(name)
        else:
            value = getattr(form.instance, name)
        rows.append(
            {
                "name": name,
                "label": model_field.verbose_name,
                "value": display_value(model_field, value),
            }
        )
    return rows


def contact_answer_rows(contact) -> list[dict]:
    """One contact person's answers (a ``services.ContactData``), as ``contact_table``."""
    return [
        {
            "name": name,
            "label": _field(ContactPerson, name).verbose_name,
            "value": display_value(_field(ContactPerson, name), getattr(contact, name)),
        }
        for name in CONTACT_FIELDS
    ]


# --- an edit refused because someone else saved first --------------------------------------


def conflict_rows(current, form) -> list[dict]:
    """The fields where the record as it is now (``current``, saved by someone else)
    differs from what the form was sent with, each as people read it: theirs beside
    what was typed. ``form`` is a valid ModelForm of the record's model."""
    model = type(current)
    rows = []
    for name in form._meta.fields:
        model_field = _field(model, name)
        typed = form.cleaned_data.get(name)
        if model_field.many_to_many:
            saved = list(getattr(current, name).all())
            typed = list(typed or [])
            differs = sorted(item.pk for item in saved) != sorted(item.pk for item in typed)
        else:
            saved = getattr(current, name)
            if model_field.is_relation:
                differs = getattr(saved, "pk", None) != getattr(typed, "pk", None)
            else:
                differs = model_field.to_python(saved) != model_field.to_python(typed)
        if differs:
            rows.append(
                {
                    "name": name,
                    "label": model_field.verbose_name,
                    "theirs": display_value(model_field, saved),
                    "yours": display_value(model_field, typed),
                }
            )
    return rows
