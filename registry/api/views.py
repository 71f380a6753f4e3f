"""The read API's views for the register and its reference lists, and the API's root,
schema and documentation page. Thin: what is public is the selectors', the search and
filters the directory's, the validators ``conditional``'s."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from registry import selectors
from registry.api import conditional, docs
from registry.api.filters import OrganisationApiFilter
from registry.api.hsds import HsdsOrganizationSchema, HsdsOrganizationSerializer, pk_from_hsds_id
from registry.api.schema import current_schema
from registry.api.serializers import (
    ActivityAreaSerializer,
    CountySerializer,
    GlobalGoalSerializer,
    LegalFormSerializer,
    MunicipalitySerializer,
    OfferCategorySerializer,
    OrganisationSerializer,
)
from registry.models import (
    ActivityArea,
    County,
    DataVersion,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
)


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail, answered with 304 when the client has the current
    version of the ``sources`` they read (``DataVersion`` names)."""

    sources: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        return conditional.answer(request, self.sources, lambda: self.list_response(request))

    def retrieve(self, request, *args, **kwargs):
        return conditional.answer(
            request,
            self.sources,
            lambda: super(ApiViewSet, self).retrieve(request, *args, **kwargs),
        )

    def list_response(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset)
        data = self.get_serializer(rows, many=True).data
        return self.paginator.get_paginated_response(data, count=queryset.count())


# --- Reference lists -------------------------------------------------------------------

REFERENCE = (DataVersion.REFERENCE,)


class CountyViewSet(ApiViewSet):
    """Sweden's 21 counties (län), by SCB code."""

    queryset = County.objects.order_by("code")
    serializer_class = CountySerializer
    lookup_field = "code"
    sources = REFERENCE


class MunicipalityFilter(filters.FilterSet):
    county = filters.CharFilter(field_name="county_id", help_text="A county's code.")

    class Meta:
        model = Municipality
        fields = []


class MunicipalityViewSet(ApiViewSet):
    """Sweden's 290 municipalities (kommuner), by SCB code, with their county."""

    queryset = Municipality.objects.order_by("code")
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"
    sources = REFERENCE


class LegalFormViewSet(ApiViewSet):
    """Legal forms (SCB codes), and 00 for an association without an organisation number."""

    queryset = LegalForm.objects.order_by("code")
    serializer_class = LegalFormSerializer
    lookup_field = "code"
    sources = REFERENCE


class ActivityAreaViewSet(ApiViewSet):
    """What organisations work with."""

    queryset = ActivityArea.objects.order_by("order", "name_sv", "id")
    serializer_class = ActivityAreaSerializer
    lookup_field = "slug"
    sources = REFERENCE


class GlobalGoalViewSet(ApiViewSet):
    """The 17 Sustainable Development Goals of Agenda 2030."""

    queryset = GlobalGoal.objects.order_by("number")
    serializer_class = GlobalGoalSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    sources = REFERENCE


class OfferCategoryViewSet(ApiViewSet):
    """What organisations sell to the public sector and business."""

    queryset = OfferCategory.objects.order_by("order", "name_sv", "id")
    serializer_class = OfferCategorySerializer
    lookup_field = "slug"
    sources = REFERENCE


# --- Organisations ---------------------------------------------------------------------

# The directory's filters whose values come from the reference lists (their endpoints).
DIRECTORY_PARAMETERS = [
    OpenApiParameter("goal", int, description="A global goal's number (/global-goals/)."),
    OpenApiParameter("area", str, description="An activity area's slug (/activity-areas/)."),
    OpenApiParameter("county", str, description="A county's code (/counties/)."),
    OpenApiParameter("municipality", str, description="A municipality's code (/municipalities/)."),
]


@extend_schema_view(list=extend_schema(parameters=DIRECTORY_PARAMETERS))
class OrganisationViewSet(ApiViewSet):
    """Published organisations, with their public contact persons. The directory's search
    (``q``) and filters; ``modified_after`` and ``sort=modified`` for harvesting."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationApiFilter
    lookup_field = "slug"
    sources = (DataVersion.REGISTER, DataVersion.REFERENCE)

    def get_queryset(self):
        return selectors.published_organisations()

    def directory(self, request) -> OrganisationApiFilter:
        directory = OrganisationApiFilter(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not directory.is_valid():
            raise ValidationError(directory.errors)
        return directory

    def list_response(self, request):
        directory = self.directory(request)
        results = selectors.directory_page(
            directory.qs,
            query=directory.search_text,
            sort=directory.sort_order,
            include_ceased=directory.include_ceased,
        )
        rows = self.paginate_queryset(results.organisations)
        ids = [row.pk for row in rows]
        by_pk = {row.pk: row for row in selectors.published_in_full().filter(pk__in=ids)}
        organisations = [by_pk[pk] for pk in ids if pk in by_pk]
        data = self.get_serializer(organisations, many=True).data
        return self.paginator.get_paginated_response(
            data,
            count=results.count,
            extra={
                "count_capped": results.capped,
                "corrected_query": results.corrected_query or None,
            },
        )

    def get_object(self):
        found = selectors.published_in_full().filter(slug=self.kwargs["slug"]).first()
        if found is None:
            raise NotFound()
        return found


@extend_schema_view(
    list=extend_schema(
        parameters=DIRECTORY_PARAMETERS, responses=HsdsOrganizationSchema(many=True)
    ),
    retrieve=extend_schema(responses=HsdsOrganizationSchema),
)
class HsdsOrganizationViewSet(OrganisationViewSet):
    """The same organisations, searched and filtered alike, in the shape of Open
    Referral's HSDS 3.0: ``organization`` objects with their ``organization_identifiers``,
    ``phones``, ``contacts``, ``locations`` and one ``service`` each, whose
    ``assured_date`` is the day the entry was last verified."""

    serializer_class = HsdsOrganizationSerializer
    lookup_field = "id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_object(self):
        pk = pk_from_hsds_id("organization", self.kwargs["id"])
        found = selectors.published_in_full().filter(pk=pk).first() if pk else None
        if found is None:
            raise NotFound()
        return found


@extend_schema(exclude=True)
@api_view(["GET"])
def not_found(request):
    raise NotFound()


# --- The root, the schema's documentation ----------------------------------------------


def root_view(routes):
    """/api/v1/: JSON listing every endpoint, the schema and the documentation."""

    @extend_schema(exclude=True)
    @api_view(["GET"])
    def api_root(request):
        endpoints = {
            prefix.replace("/", "-"): request.build_absolute_uri(reverse(f"api:{basename}-list"))
            for prefix, _viewset, basename in routes
        }
        return Response(
            {
                "endpoints": endpoints,
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "docs": request.build_absolute_uri(reverse("api-docs")),
            }
        )

    return api_root


@require_safe
def api_docs(request):
    """The API described for people, from the OpenAPI schema, in the portal's look."""
    schema = current_schema()
    return render(
        request,
        "registry/api/docs.html",
        {
            "title": _("Open data API"),
            "operations": docs.operations(schema),
            "root_url": reverse("api:root"),
            "schema_url": reverse("api:schema"),
            "max_page_size": settings.API_MAX_PAGE_SIZE,
        },
    )
