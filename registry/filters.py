"""The public directory's search and filters (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry import reference, selectors
from registry.models import Organisation
from registry.widgets import FastSelect
from socialeconomy.forms import style_form

YES_NO = [("true", _("Yes")), ("false", _("No"))]


def _yes_no_filter(label, method):
    return django_filters.TypedChoiceFilter(
        label=label,
        method=method,
        choices=[("", _("Any")), *YES_NO],
        coerce=lambda value: value == "true",
        empty_value=None,
        widget=FastSelect,
    )


class OrganisationDirectoryFilter(django_filters.FilterSet):
    """The directory's filters, each a token of ``Organisation.facets``
    (``selectors.FACET_PREFIXES``); the search, the count and the order are
    ``selectors.directory_page``'s."""

    SORT_CHOICES = [
        ("relevance", _("Relevance")),
        ("name", _("Name")),
        ("newest", _("Newest")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_noop",
        max_length=200,
        help_text=_("A name, a word, a place or an organisation number."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Organisation.Kind.choices,
        method="filter_facet",
        empty_label=_("All kinds"),
        widget=FastSelect,
    )
    work_integrating = _yes_no_filter(_("Work-integrating"), "filter_facet")
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"),
        choices=reference.legal_form_choices,
        method="filter_facet",
        empty_label=_("All legal forms"),
        widget=FastSelect,
    )
    area = django_filters.ChoiceFilter(
        label=_("Activity area"),
        choices=reference.activity_area_choices,
        method="filter_facet",
        empty_label=_("All areas"),
        widget=FastSelect,
    )
    goal = django_filters.TypedChoiceFilter(
        label=_("Global goal"),
        choices=lambda: [("", _("All goals")), *reference.global_goal_choices()],
        coerce=int,
        empty_value=None,
        method="filter_facet",
        widget=FastSelect,
    )
    county = django_filters.ChoiceFilter(
        label=_("County"),
        choices=reference.county_choices,
        method="filter_facet",
        empty_label=_("All counties"),
        widget=FastSelect,
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        choices=reference.municipality_choices,
        method="filter_facet",
        empty_label=_("All municipalities"),
        widget=FastSelect,
    )
    sells_to_public_sector = _yes_no_filter(_("Sells to the public sector"), "filter_facet")
    ceased = django_filters.BooleanFilter(
        label=_("Include organisations that have ceased"),
        method="filter_noop",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_noop",
        empty_label=None,
        widget=FastSelect,
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self.form)

    def filter_facet(self, queryset, name, value):
        if value is False:  # "no": the flag's column (a token can only say "yes")
            return queryset.filter(**{name: False})
        if name == "area":
            value = reference.activity_area_ids()[value]
        return selectors.with_facets(queryset, [selectors.facet_token(name, value)])

    def filter_noop(self, queryset, name, value):
        return queryset  # selectors.directory_page searches, counts and orders

    def _cleaned(self, name: str):
        self.errors  # noqa: B018 - validates the form; valid fields land in cleaned_data
        return self.form.cleaned_data.get(name)

    @property
    def search_text(self) -> str:
        return " ".join((self._cleaned("q") or "").split())

    @property
    def include_ceased(self) -> bool:
        return bool(self._cleaned("ceased"))

    @property
    def sort_order(self) -> str:
        return self._cleaned("sort") or ("relevance" if self.search_text else "name")
