"""The public directory's search and filters (django-filter)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from registry import access, reference, search, selectors
from registry.models import ContactPerson, Organisation
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


class OfficerRegisterFilter(OrganisationDirectoryFilter):
    """The officers' list of the whole register: the directory's filters (but for
    "include ceased" and the relevance order, which the lifecycle filter and name order
    replace) and what keeping the register needs: publication state, lifecycle, entries
    not verified for 12 months, entries with no contact person, and the user's own.

    The search is ``search.Search`` (the directory's words, prefixes and organisation
    numbers); the order is by name."""

    ceased = None
    sort = None
    state = django_filters.ChoiceFilter(
        label=_("Publication state"),
        field_name="publication_state",
        choices=Organisation.PublicationState.choices,
        empty_label=_("All states"),
        widget=FastSelect,
    )
    lifecycle = django_filters.ChoiceFilter(
        label=_("Lifecycle"),
        field_name="status",
        choices=Organisation.Status.choices,
        empty_label=_("Active and ceased"),
        widget=FastSelect,
    )
    unverified = django_filters.BooleanFilter(
        label=_("Not verified for 12 months"),
        method="filter_unverified",
        widget=forms.CheckboxInput,
    )
    no_contact = django_filters.BooleanFilter(
        label=_("Has no contact person"),
        method="filter_no_contact",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        label=_("Only those I may edit"),
        method="filter_mine",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.search_text:
            queryset = search.Search.parse(self.search_text).filter(queryset)
        return queryset

    def filter_unverified(self, queryset, name, value):
        return selectors.not_verified_for_a_year(queryset) if value else queryset

    def filter_no_contact(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(Exists(ContactPerson.objects.filter(organisation=OuterRef("pk"))))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(access.organisation_scope(self.user)) if value else queryset

    @property
    def include_ceased(self) -> bool:
        return True

    @property
    def sort_order(self) -> str:
        return "name"
