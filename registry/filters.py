"""The public directory's search and filters (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry import selectors
from registry.forms import apply_bootstrap_classes
from registry.models import (
    ActivityArea,
    County,
    GlobalGoal,
    LegalForm,
    Municipality,
    Organisation,
)

YES_NO = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class OrganisationDirectoryFilter(django_filters.FilterSet):
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
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    work_integrating = django_filters.TypedChoiceFilter(
        label=_("Work-integrating"),
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    legal_form = django_filters.ModelChoiceFilter(
        label=_("Legal form"), queryset=LegalForm.objects.all(), empty_label=_("All legal forms")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Activity area"),
        field_name="activity_areas",
        queryset=ActivityArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Global goal"),
        field_name="global_goals",
        queryset=GlobalGoal.objects.all(),
        empty_label=_("All goals"),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        method="filter_county",
        empty_label=_("All counties"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        method="filter_municipality",
        empty_label=_("All municipalities"),
    )
    sells_to_public_sector = django_filters.TypedChoiceFilter(
        label=_("Sells to the public sector"),
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_noop",
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_bootstrap_classes(self.form)

    def filter_search(self, queryset, name, value):
        return selectors.organisation_search(queryset, value)

    def filter_county(self, queryset, name, value):
        return selectors.in_county(queryset, value)

    def filter_municipality(self, queryset, name, value):
        return selectors.in_municipality(queryset, value)

    def filter_noop(self, queryset, name, value):
        return queryset  # ordering is applied once, in ``qs``

    def _cleaned(self, name: str):
        self.errors  # noqa: B018 - validates the form; valid fields land in cleaned_data
        return self.form.cleaned_data.get(name)

    @property
    def searching(self) -> bool:
        return bool(" ".join((self._cleaned("q") or "").split()))

    @property
    def sort_order(self) -> str:
        return self._cleaned("sort") or ("relevance" if self.searching else "name")

    @property
    def qs(self):
        queryset = super().qs
        return selectors.order_directory(queryset, self.sort_order, searching=self.searching)
