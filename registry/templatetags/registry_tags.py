from django import forms, template
from django.urls import translate_url

register = template.Library()


def _form_errors(form: forms.BaseForm, prefix: str = ""):
    for error in form.non_field_errors():
        yield {"href": "", "text": f"{prefix}{error}"}
    for field in form:
        if field.is_hidden:
            for error in field.errors:
                yield {"href": "", "text": f"{prefix}{error}"}
            continue
        for error in field.errors:
            target = field.auto_id
            if field.use_fieldset:
                # A group of checkboxes or radios: point at its first input.
                target = f"{field.auto_id}_0"
            label = str(field.label).rstrip(".")  # a sentence as label: "…list: Tick…"
            yield {"href": f"#{target}", "text": f"{prefix}{label}: {error}"}


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(*forms_and_formsets):
    """The GOV.UK error summary: every error of every form, each linked to its field."""
    errors = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, list | tuple):
            for form in item:
                errors.extend(_form_errors(form))
        elif isinstance(item, forms.BaseFormSet):
            errors.extend({"href": "", "text": error} for error in item.non_form_errors())
            label = getattr(item, "item_label", None)
            for number, form in enumerate(item.forms, start=1):
                prefix = f"{label % {'number': number}}: " if label else ""
                errors.extend(_form_errors(form, prefix))
        else:
            errors.extend(_form_errors(item))
    return {"errors": errors}


@register.simple_tag(takes_context=True)
def this_page_in(context, language_code: str) -> str:
    """The current page's address in another language (for the language switch).
    Built while the current language is active, so that /en/… resolves."""
    return translate_url(context["request"].get_full_path(), language_code)
