"""The period of the goal follow-up pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialeconomy.forms import PortalForm


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
