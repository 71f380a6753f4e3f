"""The public directory's search and filters (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry import reference, selectors
from registry.forms import apply_bootstrap_classes
from registry.models import Organisation
from registry.widgets import FastSelect

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
    """Filters only; the view orders and counts (see ``selectors.directory_page``)."""

    SORT_CHOICES = [
        ("relevance", _("Relevance")),
        ("name", _("Name")),
        ("newest", _("Newest")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Organisation.Kind.choices,
        method="filter_kind",
        empty_label=_("All kinds"),
        widget=FastSelect,
    )
    work_integrating = _yes_no_filter(_("Work-integrating"), "filter_work_integrating")
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"),
        choices=reference.legal_form_choices,
        method="filter_legal_form",
        empty_label=_("All legal forms"),
        widget=FastSelect,
    )
    area = django_filters.ChoiceFilter(
        label=_("Activity area"),
        choices=reference.activity_area_choices,
        method="filter_area",
        empty_label=_("All areas"),
        widget=FastSelect,
    )
    goal = django_filters.TypedChoiceFilter(
        label=_("Global goal"),
        choices=lambda: [("", _("All goals")), *reference.global_goal_choices()],
        coerce=int,
        empty_value=None,
        method="filter_goal",
        widget=FastSelect,
    )
    county = django_filters.ChoiceFilter(
        label=_("County"),
        choices=reference.county_choices,
        method="filter_county",
        empty_label=_("All counties"),
        widget=FastSelect,
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        choices=reference.municipality_choices,
        method="filter_municipality",
        empty_label=_("All municipalities"),
        widget=FastSelect,
    )
    sells_to_public_sector = _yes_no_filter(_("Sells to the public sector"), "filter_sells")
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
        apply_bootstrap_classes(self.form)
        self.corrected_query = ""

    def filter_search(self, queryset, name, value):
        result = selectors.organisation_search(queryset, value)
        self.corrected_query = result.corrected_query
        return result.queryset

    def filter_kind(self, queryset, name, value):
        return selectors.with_kind(queryset, value)

    def filter_work_integrating(self, queryset, name, value):
        return selectors.work_integrating(queryset, value)

    def filter_legal_form(self, queryset, name, value):
        return selectors.with_legal_form(queryset, value)

    def filter_sells(self, queryset, name, value):
        return selectors.selling_to_public_sector(queryset, value)

    def filter_area(self, queryset, name, value):
        return selectors.with_activity_area(queryset, reference.activity_area_ids()[value])

    def filter_goal(self, queryset, name, value):
        return selectors.with_global_goal(queryset, value)

    def filter_county(self, queryset, name, value):
        return selectors.in_county(queryset, value)

    def filter_municipality(self, queryset, name, value):
        return selectors.in_municipality(queryset, value)

    def filter_noop(self, queryset, name, value):
        return queryset  # the view orders, once it knows how many match

    def _cleaned(self, name: str):
        self.errors  # noqa: B018 - validates the form; valid fields land in cleaned_data
        return self.form.cleaned_data.get(name)

    @property
    def search_text(self) -> str:
        return " ".join((self._cleaned("q") or "").split())

    @property
    def sort_order(self) -> str:
        return self._cleaned("sort") or ("relevance" if self.search_text else "name")
