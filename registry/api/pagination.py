"""Pages of ``per_page`` rows: ``page`` and ``per_page`` (bounded), a ``next`` link.

Rows are fetched one more than asked for, to know whether there is a next page; nothing
is counted on the way. A list view may say how many match (``count``) when it knows
cheaply: the register counts up to the directory's cap (``selectors.COUNT_CAP``)."""

from django import forms
from django.conf import settings
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
        start = (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1])
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    def next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def previous_link(self):
        if self.number <= 1:
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
