"""The effort log in the read API (/api/v1/, mounted with the register's routes by
``socialeconomy.urls``): published efforts with their published organisations, goals
and amounts, and the policy documents and their goals. Public is what
``selectors.public_efforts`` says: never an effort that is not public, an organisation
whose entry is not published, an officer, or a follow-up note."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerships import selectors
from partnerships.filters import PublicEffortFilter
from partnerships.models import Effort, EffortGoal, PolicyDocument, PolicyGoal
from registry.api.filters import modified_after_filter
from registry.api.serializers import api_url, portal_url
from registry.api.views import ApiViewSet
from registry.models import DataVersion

# --- Serializers -----------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    document = serializers.IntegerField(source="document_id", help_text="The policy document.")

    class Meta:
        model = PolicyGoal
        fields = ["id", "document", "code", "name_sv", "name_en", "text", "order", "retired_on"]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="municipality_id", allow_null=True)
    county = serializers.CharField(
        source="county_id", allow_null=True, help_text="For a regional document."
    )
    link = serializers.CharField(source="url", help_text="Where the document is published.")
    goals = GoalSerializer(many=True)

    class Meta:
        model = PolicyDocument
        fields = [
            "id",
            "url",
            "title",
            "municipality",
            "county",
            "deciding_body",
            "decision_date",
            "paragraph",
            "diary_number",
            "valid_from",
            "valid_to",
            "link",
            "text",
            "goals",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return api_url(self.context["request"], "policy-document-detail", pk=obj.pk)


class EffortOrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    org_id = serializers.CharField(source="organisation.org_id")
    role = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return api_url(self.context["request"], "organisation-detail", slug=obj.organisation.slug)


class EffortGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.id")
    document = serializers.IntegerField(source="goal.document_id")
    code = serializers.CharField(source="goal.code")
    name_sv = serializers.CharField(source="goal.name_sv")
    name_en = serializers.CharField(source="goal.name_en")
    note = serializers.CharField(help_text="How the effort serves the goal.")


class UnitSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    municipality = serializers.CharField(source="municipality_id")


class EffortSerializer(serializers.ModelSerializer):
    """A published effort. Amounts in Swedish kronor, as decimal strings."""

    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="responsible_unit.municipality_id")
    responsible_unit = UnitSerializer()
    currency = serializers.SerializerMethodField()
    organisations = EffortOrganisationSerializer(source="organisation_links", many=True)
    goals = EffortGoalSerializer(source="goal_links", many=True)

    class Meta:
        model = Effort
        fields = [
            "id",
            "url",
            "web_url",
            "title",
            "kind",
            "status",
            "municipality",
            "responsible_unit",
            "start_date",
            "end_date",
            "currency",
            "amount_awarded",
            "amount_paid",
            "in_kind_value",
            "decision_date",
            "decision_body",
            "decision_diary_number",
            "purpose",
            "description",
            "work_training_people",
            "participants",
            "new_enterprises",
            "outcome_notes",
            "organisations",
            "goals",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return api_url(self.context["request"], "effort-detail", pk=obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return portal_url(self.context["request"], obj)

    def get_currency(self, obj) -> str:
        return "SEK"


# --- Filters ---------------------------------------------------------------------------


class EffortApiFilter(PublicEffortFilter):
    """The public list's filters, and ``modified_after`` for harvesting."""

    modified_after = modified_after_filter()

    class Meta(PublicEffortFilter.Meta):
        pass


class GoalFilter(filters.FilterSet):
    document = filters.NumberFilter(field_name="document_id", help_text="A policy document.")

    class Meta:
        model = PolicyGoal
        fields = []


class DocumentFilter(filters.FilterSet):
    municipality = filters.CharFilter(field_name="municipality_id")
    county = filters.CharFilter(field_name="county_id")

    class Meta:
        model = PolicyDocument
        fields = []


# --- Views -----------------------------------------------------------------------------

LOG = (DataVersion.EFFORT_LOG,)


class EffortViewSet(ApiViewSet):
    """Published efforts and cooperations of the municipalities, newest start first,
    with their published organisations and the policy goals they serve."""

    serializer_class = EffortSerializer
    filterset_class = EffortApiFilter
    # Organisations' names and publication are the register's.
    sources = (DataVersion.EFFORT_LOG, DataVersion.REGISTER)

    def get_queryset(self):
        goal_links = EffortGoal.objects.select_related("goal").order_by(
            "goal__document_id", "goal__order", "goal__code", "id"
        )
        return selectors.public_efforts().prefetch_related(
            Prefetch("goal_links", queryset=goal_links)
        )


class DocumentViewSet(ApiViewSet):
    """Policy documents (council decisions) and the goals efforts are logged against."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    sources = LOG

    def get_queryset(self):
        return selectors.documents().order_by("-valid_from", "title", "id")


class GoalViewSet(ApiViewSet):
    """The goals of the policy documents."""

    serializer_class = GoalSerializer
    filterset_class = GoalFilter
    sources = LOG

    def get_queryset(self):
        return PolicyGoal.objects.order_by("document_id", "order", "code", "id")


ROUTES = [
    ("efforts", EffortViewSet, "effort"),
    ("policy-documents", DocumentViewSet, "policy-document"),
    ("policy-goals", GoalViewSet, "policy-goal"),
]
