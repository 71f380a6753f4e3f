"""The API's filters: the directory's own (``registry.filters``), and ``modified_after``
for incremental harvesting with the order it needs."""

import copy
import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from registry.filters import OrganisationDirectoryFilter


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, in UTC: any offset Python reads (up to a day) is taken, while
    PostgreSQL takes offsets of up to 16 hours only."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(
                _("Give a time between the years 1 and 9999."), code="invalid"
            ) from None


class ModifiedAfterFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def modified_after_filter():
    return ModifiedAfterFilter(
        label=_("Changed at or after"),
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "An ISO 8601 time: only what changed at or after it (for incremental harvesting)."
        ),
    )


def _typed(name: str, kind):
    """The directory's filter ``name``, its type said for the schema (its values come
    from the reference lists, which the schema cannot guess from)."""
    declared = copy.deepcopy(OrganisationDirectoryFilter.declared_filters[name])
    return extend_schema_field(kind)(declared)


class OrganisationApiFilter(OrganisationDirectoryFilter):
    """The directory's search and filters; its orders and ``modified`` (least recently
    changed first, for harvesting with ``modified_after``)."""

    SORT_CHOICES = [
        *OrganisationDirectoryFilter.SORT_CHOICES,
        ("modified", _("Least recently changed first")),
    ]

    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_noop",
        empty_label=None,
        help_text=_("Relevance when searching, otherwise name, unless given."),
    )
    modified_after = modified_after_filter()
    goal = _typed("goal", OpenApiTypes.INT)
    area = _typed("area", OpenApiTypes.STR)
    county = _typed("county", OpenApiTypes.STR)
    municipality = _typed("municipality", OpenApiTypes.STR)

    class Meta(OrganisationDirectoryFilter.Meta):
        pass
