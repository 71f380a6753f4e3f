"""Form helpers shared by every form of the portal."""

from django import forms

CHECKABLE = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def apply_bootstrap_classes(form: forms.BaseForm) -> None:
    """Give each widget the Bootstrap 5 class that fits it."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, CHECKABLE):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{existing} {css}".strip()
