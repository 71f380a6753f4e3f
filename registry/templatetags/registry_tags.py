import hashlib
from urllib.parse import urlencode

from django import forms, template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from registry import reference

register = template.Library()


def _form_errors(form: forms.BaseForm, prefix: str = ""):
    # A form may name the element its non-field errors are about (``summary_anchor``).
    anchor = getattr(form, "summary_anchor", "")
    for error in form.non_field_errors():
        yield {"href": f"#{anchor}" if anchor else "", "text": f"{prefix}{error}"}
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
            # The formset's own errors ("list each organisation once") point at its
            # first row.
            first = next(iter(item.forms[0].visible_fields()), None) if item.forms else None
            href = f"#{first.auto_id}" if first is not None else ""
            errors.extend({"href": href, "text": error} for error in item.non_form_errors())
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


CARD_SECONDS = 60 * 60


@register.simple_tag
def organisation_cards(organisations):
    """The directory's result cards as list items, each rendered once and kept in the
    cache under the organisation's last change, the language and the reference lists'
    version (a renamed municipality): one cache round trip for the whole page. Every
    write path of an organisation that a card shows goes through ``save()``, which sets
    ``updated_at``."""
    language = get_language() or "sv"
    prefix = f"registry:card:{reference.version()}:{language}"
    keyed = {f"{prefix}:{o.pk}:{o.updated_at.timestamp()}": o for o in organisations}
    cached = cache.get_many(keyed)
    template = get_template("registry/_organisation_card.html")
    missing = {}
    items = []
    for key, organisation in keyed.items():
        html = cached.get(key)
        if html is None:
            html = missing[key] = template.render({"organisation": organisation})
        items.append(format_html("<li>{}</li>", mark_safe(html)))
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    return mark_safe("".join(items))


FILTERS_SECONDS = 60 * 60


@register.simple_tag
def directory_filters(directory):
    """The directory's filter fields. The same choices made in the same language render
    the same fields (290 municipalities and all), so a valid form's HTML is kept in the
    cache under its choices and the reference lists' version; a form with errors is
    rendered every time."""
    template = get_template("registry/_directory_filters.html")
    form = directory.form
    if not form.is_valid():
        return template.render({"filter": directory})
    chosen = urlencode(sorted((n, v) for n, v in form.data.lists() if n in form.fields), doseq=True)
    digest = hashlib.sha256(chosen.encode()).hexdigest()
    key = f"registry:filters:{reference.version()}:{get_language() or 'sv'}:{digest}"
    html = cache.get(key)
    if html is None:
        html = template.render({"filter": directory})
        cache.set(key, html, FILTERS_SECONDS)
    return mark_safe(html)


@register.simple_tag
def map_settings():
    """The data- attributes that tell ``static/registry/map.js`` where the map's tiles
    come from and whose they are (``MAP_TILE_URL``, ``MAP_TILE_ATTRIBUTION``,
    ``MAP_MAX_ZOOM``)."""
    return format_html(
        'data-tile-url="{}" data-tile-attribution="{}" data-max-zoom="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        settings.MAP_MAX_ZOOM,
    )
