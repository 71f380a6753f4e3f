"""The register's API representation: published organisations with their public
contacts, and the reference lists. Fields are named one by one: nothing reaches the
API because a model grew a field."""

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import (
    ActivityArea,
    ContactPerson,
    County,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
    Organisation,
)


def portal_url(request, obj) -> str:
    """The absolute address of ``obj``'s public page, in Swedish (the default language):
    an API response is the same whatever language the client asks for."""
    with translation.override("sv"):
        path = obj.get_public_url() if hasattr(obj, "get_public_url") else obj.get_absolute_url()
    return request.build_absolute_uri(path)


def api_url(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


# --- Reference lists -------------------------------------------------------------------


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county_id", help_text="The county's code.")

    class Meta:
        model = Municipality
        fields = ["code", "name", "county"]


class LegalFormSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalForm
        fields = ["code", "name_sv", "name_en"]


class ActivityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityArea
        fields = ["slug", "name_sv", "name_en", "order"]


class GlobalGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = GlobalGoal
        fields = ["number", "name_sv", "name_en"]


class OfferCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferCategory
        fields = ["slug", "name_sv", "name_en", "order"]


# --- Organisations ---------------------------------------------------------------------


class PublicContactSerializer(serializers.ModelSerializer):
    """A contact person who consented to being shown publicly."""

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]


class HomeMunicipalitySerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county_id")

    class Meta:
        model = Municipality
        fields = ["code", "name", "county"]


class OrganisationSerializer(serializers.ModelSerializer):
    """A published organisation. Reference data by code: the reference lists' endpoints
    name them."""

    url = serializers.SerializerMethodField(help_text="This entry in the API.")
    web_url = serializers.SerializerMethodField(help_text="The organisation's public page.")
    org_id = serializers.CharField(
        help_text="The org-id.guide identifier SE-ON-NNNNNN-NNNN; empty without a number."
    )
    org_number = serializers.CharField(allow_null=True)
    alternate_names = serializers.ListField(
        source="alternate_name_list", child=serializers.CharField()
    )
    legal_form = serializers.CharField(source="legal_form_id", help_text="SCB code.")
    home_municipality = HomeMunicipalitySerializer()
    municipalities = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Where it operates (codes)."
    )
    activity_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    global_goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    offer_categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    contacts = PublicContactSerializer(source="public_contacts", many=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "url",
            "web_url",
            "name",
            "alternate_names",
            "org_id",
            "org_number",
            "legal_form",
            "kind",
            "work_integrating",
            "status",
            "ceased_on",
            "presentation",
            "description",
            "founded_year",
            "website",
            "email",
            "phone",
            "street_address",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "home_municipality",
            "municipalities",
            "activity_areas",
            "global_goals",
            "offers",
            "offer_categories",
            "sells_to_public_sector",
            "sells_to_business",
            "employees",
            "people_in_work_integration",
            "last_verified_on",
            "created_at",
            "updated_at",
            "contacts",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return api_url(self.context["request"], "organisation-detail", slug=obj.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return portal_url(self.context["request"], obj)
