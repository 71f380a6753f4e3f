"""The period of the goal follow-up pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialeconomy.forms import PortalForm, style_form


def year_choices():
    this_year = timezone.localdate().year
    return [("", _("Any year"))] + [(str(y), str(y)) for y in range(this_year + 1, 2009, -1)]


class YearRangeForm(PortalForm, forms.Form):
    """The period of a follow-up page, by the year efforts started."""

    from_year = forms.TypedChoiceField(
        label=_("From year"), coerce=int, required=False, empty_value=None
    )
    to_year = forms.TypedChoiceField(
        label=_("To year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_year", "to_year"):
            self.fields[name].choices = year_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_year"), cleaned.get("to_year")
        if start and end and end < start:
            self.add_error("to_year", _("The last year cannot be before the first."))
        return cleaned

    def years(self) -> tuple[int | None, int | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("from_year"), self.cleaned_data.get("to_year")


class PageChoiceForm(PortalForm, forms.Form):
    """What a follow-up page shows beside its period: one of the page's own options (a
    policy document, a municipality), in the same GET form. An option that is not on
    the list (an old link, a typed address) shows the default and says so."""

    def __init__(self, data, *, name: str, label, options: list[tuple[str, str]], default: str):
        self.unknown = False
        if data is not None and data.get(name) not in {value for value, _label in options}:
            self.unknown = name in data
            data = data.copy()
            data[name] = default
        super().__init__(data, initial={name: default})
        self.name, self.default = name, default
        self.fields[name] = forms.ChoiceField(label=label, choices=options, required=False)
        style_form(self)

    @property
    def field(self):
        return self[self.name]

    def clean(self):
        cleaned = super().clean()
        if self.unknown:
            self.add_error(self.name, _("Choose one of the options on the list."))
        return cleaned

    def chosen(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data[self.name]:
            return self.cleaned_data[self.name]
        return self.default
