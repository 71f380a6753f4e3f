"""Pages of ``per_page`` rows: ``page`` and ``per_page`` (bounded), a ``next`` link.

Rows are fetched one more than asked for, to know whether there is a next page; nothing
is counted on the way. A list view may say how many match (``count``) when it knows
cheaply: the register counts up to the directory's cap (``selectors.COUNT_CAP``).

A list in the harvesting order (``sort=modified``: least recently changed first) is
paged by the last row seen, not by number: its ``next`` link says ``after=<that row's
change time>_<its id>``. By page number, an entry changed while a harvester walks the
list would move to its end and every row behind it one place forward, so the row at
the next page's edge would be skipped, for good: it has not changed since, so a later
``modified_after`` does not bring it either. After the last row seen, nothing is
skipped and an entry changed meanwhile comes again at the end."""

import datetime

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
# No page past this one: 10 000 pages of 100 are a million rows (use modified_after).
MAX_PAGE = 10000


class PageForm(forms.Form):
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={"invalid": _("The page is a whole number, 1 or more.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["per_page"] = forms.IntegerField(
            required=False,
            min_value=1,
            max_value=settings.API_MAX_PAGE_SIZE,
            error_messages={"invalid": _("per_page is a whole number, 1 or more.")},
        )
        self.fields["after"] = forms.CharField(required=False, max_length=100)

    def clean_after(self) -> tuple[datetime.datetime, int] | None:
        """``<ISO 8601 change time>_<id>``, as a ``next`` link of ``sort=modified`` has it."""
        raw = self.cleaned_data["after"].strip()
        if not raw:
            return None
        moment, _sep, pk = raw.rpartition("_")
        try:
            changed = datetime.datetime.fromisoformat(moment)
            number = int(pk)
        except ValueError:
            changed = None
        if changed is None or changed.tzinfo is None or not 0 < number < 2**63:
            raise forms.ValidationError(
                _("after is the value a next link of sort=modified gives: a time and an id.")
            )
        return changed, number


# The harvesting order (``selectors.SORTS["modified"]``), paged by the last row seen.
HARVEST_ORDER = ("updated_at", "id")


def _in_harvest_order(queryset) -> bool:
    if not isinstance(queryset, QuerySet):
        return False
    names = [getattr(getattr(o, "expression", None), "name", o) for o in queryset.query.order_by]
    return tuple(names) == HARVEST_ORDER


class PagePagination(BasePagination):
    page_query_param = "page"
    page_size_query_param = "per_page"

    def paginate_queryset(self, queryset, request, view=None):
        """The rows of the page asked for, from a queryset or any sliceable sequence."""
        form = PageForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
        self.number = form.cleaned_data["page"] or 1
        self.size = form.cleaned_data["per_page"] or DEFAULT_PAGE_SIZE
        self.request = request
        self.keyset = _in_harvest_order(queryset)
        after = form.cleaned_data["after"]
        if after and not self.keyset:
            raise ValidationError({"after": [_("after pages the list sorted by modified.")]})
        if after:
            changed, pk = after
            queryset = queryset.filter(Q(updated_at__gt=changed) | Q(updated_at=changed, pk__gt=pk))
        start = 0 if self.keyset else (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1])
        self.has_next = len(rows) > self.size
        rows = rows[: self.size]
        self.last = rows[-1] if rows else None
        return rows

    def next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        if self.keyset:  # by the last row seen (see the module's docstring)
            url = remove_query_param(url, self.page_query_param)
            after = f"{self.last.updated_at.isoformat()}_{self.last.pk}"
            return replace_query_param(url, "after", after)
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def previous_link(self):
        if self.keyset or self.number <= 1:  # a harvest goes forward only
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data, *, count=None, extra=None):
        return Response(
            {
                "count": count,
                "next": self.next_link(),
                "previous": self.previous_link(),
                **(extra or {}),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": "How many match, where the list says so.",
                },
                "count_capped": {
                    "type": "boolean",
                    "description": "Organisations: more match than count says (it stops at "
                    "1 000, as in the directory).",
                },
                "corrected_query": {
                    "type": "string",
                    "nullable": True,
                    "description": "Organisations: the search as corrected when nothing "
                    "matched as typed.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page number, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": "after",
                "required": False,
                "in": "query",
                "description": "With sort=modified: the rows after this one, as the next "
                "link gives it (a change time and an id). The list is then paged by the "
                "last row seen, so that nothing is skipped while entries change.",
                "schema": {"type": "string", "maxLength": 100},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {DEFAULT_PAGE_SIZE}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": settings.API_MAX_PAGE_SIZE,
                },
            },
        ]
