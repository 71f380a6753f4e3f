"""A select that renders its options in Python.

Django renders every <option> through a template: for the 290 municipalities that is
about 10 ms a page. The markup is the same; only the way it is made differs, and the
escaped options of a list of choices are kept, so a page only marks the chosen one.
"""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext


@lru_cache(maxsize=128)
def _options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each choice as (value, <option>, <option selected>), escaped once."""
    return tuple(
        (
            value,
            f'<option value="{escape(value)}">{escape(label)}</option>',
            f'<option value="{escape(value)}" selected>{escape(label)}</option>',
        )
        for value, label in choices
    )


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        options = "".join(
            selected if option_value in chosen else plain
            for option_value, plain, selected in _options(choices)
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "multiple": True}
        return super().render(name, value, attrs, renderer)


class MunicipalityPicker(forms.CheckboxSelectMultiple):
    """Many municipalities as checkboxes in a fieldset per county, each county a
    ``<details>`` that is open when one of its municipalities is chosen. Without
    JavaScript that is the whole picker; ``static/js/municipality_picker.js`` adds a
    search field that filters them and the chosen ones as removable chips.

    ``choices`` are grouped: ``[(county name, [(code, name), …]), …]``. The checkboxes
    are numbered straight through (``id_…_0`` … ``id_…_289``), as in an ungrouped list,
    so that the error summary's link to the first one (``…_0``) finds it."""

    template_name = "registry/widgets/municipality_picker.html"

    def optgroups(self, name, value, attrs=None):
        chosen = {str(item) for item in value}
        groups = []
        index = 0
        for group_name, choices in self.choices:
            options = []
            for code, label in choices:
                options.append(
                    self.create_option(name, code, label, str(code) in chosen, index, attrs=attrs)
                )
                index += 1
            groups.append((group_name, options, index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["counties"] = [
            {
                "name": group_name,
                "options": options,
                "chosen": sum(1 for option in options if option["selected"]),
            }
            for group_name, options, _index in context["widget"]["optgroups"]
        ]
        # For the script: each count's sentence in the singular and the plural, with
        # "{count}" where the number goes.
        context["widget"]["counted"] = {
            f"{what}_{form}": text % {"count": "{count}"}
            for form, number in (("one", 1), ("many", 2))
            for what, text in (
                (
                    "match",
                    ngettext(
                        "%(count)s municipality matches.",
                        "%(count)s municipalities match.",
                        number,
                    ),
                ),
                ("chosen", ngettext("%(count)s chosen", "%(count)s chosen", number)),
            )
        }
        return context
