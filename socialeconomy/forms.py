"""How every form of the portal is drawn and what its messages say: the one way.

- ``FormRenderer`` (``settings.FORM_RENDERER``) draws every field with
  ``templates/includes/_field.html`` (label, "(obligatoriskt)" on required fields, help
  text and errors tied to the input with ``aria-describedby``) and every form with
  ``templates/includes/_form.html``, which lays out the form's ``fieldsets`` if it has
  them. Templates write ``{{ form }}`` or ``{{ form.name.as_field_group }}``; there is no
  other way to draw a field.
- ``PortalForm`` is mixed into every form (and ``style_form`` applied to forms the portal
  does not declare: django-filter's, Django's auth forms): Bootstrap classes on widgets, a
  translated empty choice, and messages that say which field and what to do, GOV.UK style
  ("Skriv organisationens namn", "Skriv högst 200 tecken"), instead of Django's generic
  "Detta fält måste fyllas i."
- Layout is data on the form: ``fieldsets = [(legend or None, [row, row, …]), …]`` where a
  row is a tuple of field names shown side by side. No layout objects in Python.
"""

import uuid

from django import forms
from django.core import validators
from django.forms.renderers import TemplatesSetting
from django.utils.choices import BlankChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

CHECKABLE = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)

# Django 6.1's label for "nothing chosen" in a select. Django's own catalogue has no
# Swedish for it yet, so forms set it from here and our catalogue translates it.
BLANK_CHOICE_LABEL = _("- Select an option -")

MAX_LENGTH_MESSAGE = ngettext_lazy(
    "Write at most %(limit_value)d character (now %(show_value)d).",
    "Write at most %(limit_value)d characters (now %(show_value)d).",
    "limit_value",
)
MIN_LENGTH_MESSAGE = ngettext_lazy(
    "Write at least %(limit_value)d character (now %(show_value)d).",
    "Write at least %(limit_value)d characters (now %(show_value)d).",
    "limit_value",
)


class FormRenderer(TemplatesSetting):
    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"


def _lowercase_first(label) -> str:
    text = str(label).rstrip(".:")
    # "E-post" → "e-post", but "IOP" stays "IOP".
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def required_message(field: forms.Field):
    """What to do when the field is left empty, said with the field's own label."""
    label = _lowercase_first(field.label or "")
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return format_lazy(_("Choose at least one: {label}"), label=label)
    if isinstance(widget, forms.CheckboxInput):
        return _("Tick the box to go on.")
    if isinstance(widget, forms.Select | forms.RadioSelect | forms.SelectMultiple):
        return format_lazy(_("Choose {label}"), label=label)
    if isinstance(field, forms.DateField):
        return format_lazy(_("Give {label}, for example 2026-03-31"), label=label)
    return format_lazy(_("Enter {label}"), label=label)


def _is_django_default(field: forms.Field, code: str) -> bool:
    for klass in type(field).__mro__:
        message = getattr(klass, "default_error_messages", {}).get(code)
        if message is not None:
            return field.error_messages.get(code) is message
    return False


def style_form(form: forms.BaseForm) -> None:
    """Bootstrap classes, a translated empty choice and clear messages, for any form."""
    required_messages = getattr(form, "required_messages", {})
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, CHECKABLE):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        if css not in existing.split():
            widget.attrs["class"] = f"{existing} {css}".strip()

        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            radios = isinstance(widget, forms.RadioSelect)
            field.empty_label = None if radios else BLANK_CHOICE_LABEL
        elif (
            isinstance(field, forms.ChoiceField)
            # Lists, and a model field's choices with its blank; not a callable's.
            and isinstance(field.choices, list | tuple | BlankChoiceIterator)
            and field.choices
            and next(iter(field.choices))[0] == ""
        ):
            rest = list(field.choices)[1:]
            if isinstance(widget, forms.RadioSelect):
                field.choices = rest
            elif str(field.choices[0][1]).startswith("-"):
                field.choices = [("", BLANK_CHOICE_LABEL), *rest]

        if name in required_messages:
            field.error_messages["required"] = required_messages[name]
        elif _is_django_default(field, "required"):
            field.error_messages["required"] = required_message(field)
        field.validators = [_clear_length_message(v) for v in field.validators]


def _clear_length_message(validator):
    if type(validator) is validators.MaxLengthValidator:
        return validators.MaxLengthValidator(validator.limit_value, MAX_LENGTH_MESSAGE)
    if type(validator) is validators.MinLengthValidator:
        return validators.MinLengthValidator(validator.limit_value, MIN_LENGTH_MESSAGE)
    return validator


class PortalForm:
    """Mixed into every form the portal declares (before ``forms.Form``/``ModelForm``).

    ``required_messages`` may name a better message for a field than the one made from
    its label; ``fieldsets`` lays the form out (see the module's docstring)."""

    required_messages: dict = {}
    fieldsets: list | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def layout(self):
        """The fieldsets as (legend, rows of bound fields), for ``_form.html``; fields no
        fieldset names come last, one per row; hidden fields are drawn by the template."""
        visible = {field.name: field for field in self.visible_fields()}
        groups = []
        for legend, rows in self.fieldsets or [(None, [(name,) for name in visible])]:
            bound_rows = []
            for row in rows:
                fields = [visible.pop(name) for name in row if name in visible]
                if fields:
                    bound_rows.append({"fields": fields, "width": 12 // len(fields)})
            if bound_rows:
                groups.append({"legend": legend, "rows": bound_rows})
        if visible:
            groups.append(
                {
                    "legend": None,
                    "rows": [{"fields": [field], "width": 12} for field in visible.values()],
                }
            )
        return groups


# --- Keys and resubmission ---------------------------------------------------------------


def new_key() -> str:
    """A new idempotency key for a form: the same key submitted twice is one record
    (``registry.idempotency.create_once``)."""
    return str(uuid.uuid4())


class KeyField(forms.UUIDField):
    """The form's hidden idempotency key, new each time a blank form is shown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        super().__init__(widget=forms.HiddenInput, **kwargs)


def initial_from_data(form: forms.BaseForm) -> dict:
    """A bound form's raw values, unvalidated, as initial data for an unbound copy: the
    page shown again ("add a row", "next step") keeps everything typed and shows no error
    before the user asks to save."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


class PageForm(forms.Form):
    """The ``page`` of a paginated list, through a form like every other query
    parameter: anything that is not a whole number from 1 up is the first page."""

    page = forms.IntegerField(min_value=1, max_value=10**6, required=False)


def page_number(data) -> int:
    """The page asked for in ``data`` (``request.GET``); a page past the end is the
    paginator's to handle (``Paginator.get_page`` shows the last)."""
    form = PageForm(data)
    return (form.cleaned_data["page"] or 1) if form.is_valid() else 1
