"""Filters of the effort lists (django-filter): the officers' list and export, and the
public list of partnerships. Every filter lives in the URL, so a list can be shared."""

import contextlib

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from partnerships import selectors
from partnerships.forms import DateInput, SEKField
from partnerships.models import Effort, EffortOrganisation, MunicipalUnit, PolicyGoal
from registry import orgnr
from registry.models import Municipality
from socialeconomy.forms import style_form

YES_NO = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class UnitField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})"


class GoalField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name} ({obj.document.owner_name})"


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitField


class GoalChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = GoalField


class SEKFilter(django_filters.Filter):
    field_class = SEKField


def _municipalities_with_units(request):
    return Municipality.objects.filter(
        code__in=MunicipalUnit.objects.values("municipality_id")
    ).order_by("name")


def _units(request):
    return MunicipalUnit.objects.select_related("municipality").order_by(
        "municipality__name", "name"
    )


def _goals(request):
    return PolicyGoal.objects.select_related("document__municipality", "document__county").order_by(
        "document_id", "order", "code"
    )


class EffortFilter(django_filters.FilterSet):
    """The officers' list of efforts and its export."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title, description, purpose or diary number."),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="responsible_unit__municipality",
        queryset=_municipalities_with_units,
        empty_label=_("All municipalities"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of effort"), choices=Effort.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Effort.Status.choices, empty_label=_("All statuses")
    )
    unit = UnitChoiceFilter(
        label=_("Responsible unit"),
        field_name="responsible_unit",
        queryset=_units,
        empty_label=_("All units"),
    )
    goal = GoalChoiceFilter(
        label=_("Policy goal"),
        method="filter_goal",
        queryset=_goals,
        empty_label=_("All goals"),
    )
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        method="filter_organisation",
        max_length=200,
        help_text=_("Part of the name, or the organisation number."),
    )
    active_from = django_filters.DateFilter(
        label=_("Active from"),
        method="filter_active_from",
        widget=DateInput,
        help_text=_("Efforts still running on or after this day."),
    )
    active_to = django_filters.DateFilter(
        label=_("Active until"),
        method="filter_active_to",
        widget=DateInput,
        help_text=_("Efforts that had started by this day."),
    )
    awarded_min = SEKFilter(
        label=_("Awarded at least (SEK)"), field_name="amount_awarded", lookup_expr="gte"
    )
    awarded_max = SEKFilter(
        label=_("Awarded at most (SEK)"), field_name="amount_awarded", lookup_expr="lte"
    )
    is_public = django_filters.TypedChoiceFilter(
        label=_("Public"),
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
    )

    class Meta:
        model = Effort
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self.form)
        for name in ("awarded_min", "awarded_max"):
            self.form.fields[name].required = False

    def filter_search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(purpose__icontains=word)
                | Q(decision_diary_number__icontains=word)
            )
        return queryset

    def filter_goal(self, queryset, name, value):
        return queryset.filter(goal_links__goal=value)

    def filter_organisation(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(organisation__name__icontains=value)
        with contextlib.suppress(ValidationError):  # not an organisation number: name only
            match |= Q(organisation__org_number=orgnr.normalise_org_number(value))
        links = EffortOrganisation.objects.filter(effort_id=OuterRef("pk")).filter(match)
        return queryset.filter(Exists(links))

    def filter_active_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))

    def filter_active_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)


class PublicEffortFilter(django_filters.FilterSet):
    """The public list of partnerships: published efforts only (the queryset's job)."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="responsible_unit__municipality",
        queryset=lambda request: selectors.public_municipalities().order_by("name"),
        empty_label=_("All municipalities"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of effort"), choices=Effort.Kind.choices, empty_label=_("All kinds")
    )
    year = django_filters.NumberFilter(
        label=_("Year started"),
        field_name="start_date",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )

    class Meta:
        model = Effort
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self.form)
        self.form.fields["year"].widget.attrs["inputmode"] = "numeric"
