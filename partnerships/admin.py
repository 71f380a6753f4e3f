from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    FollowUpNote,
    MunicipalUnit,
    OfficerMembership,
    PolicyDocument,
    PolicyGoal,
    Question,
    ReportingRequest,
    ReportVersion,
)
from registry.locking import VersionLockAdminMixin


class PolicyGoalInline(admin.StackedInline):
    model = PolicyGoal
    extra = 0


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "county", "decision_date", "valid_from", "valid_to"]
    list_filter = ["county"]
    search_fields = ["title", "diary_number"]
    list_select_related = ["municipality", "county"]
    inlines = [PolicyGoalInline]


@admin.register(PolicyGoal)
class PolicyGoalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_sv", "document", "order", "retired_on"]
    list_filter = ["document"]
    search_fields = ["code", "name_sv", "name_en", "text"]
    list_select_related = ["document__municipality", "document__county"]


@admin.register(MunicipalUnit)
class MunicipalUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(OfficerMembership)
class OfficerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "municipality__name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]


class EffortOrganisationInline(admin.TabularInline):
    model = EffortOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class EffortGoalInline(admin.TabularInline):
    model = EffortGoal
    extra = 0


class ReadOnlyInlineMixin:
    """An inline the admin shows but does not write: the portal's services keep these
    rows consistent with their parent (an effort's ``amount_paid`` is the sum of its
    payments, checked by the database at commit), which a bare admin save would not."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EffortPaymentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = EffortPayment
    fields = ["date", "amount", "note"]
    readonly_fields = fields


class FollowUpNoteInline(admin.StackedInline):
    model = FollowUpNote
    extra = 0
    fields = ["date", "kind", "text", "author"]
    raw_id_fields = ["author"]


@admin.register(Effort)
class EffortAdmin(VersionLockAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "responsible_unit",
        "start_date",
        "amount_awarded",
        "is_public",
    ]
    list_filter = ["kind", "status", "is_public", "responsible_unit__municipality"]
    search_fields = ["title", "description", "decision_diary_number"]
    date_hierarchy = "start_date"
    list_select_related = ["responsible_unit__municipality"]
    raw_id_fields = ["responsible_officer", "created_by"]
    readonly_fields = ["idempotency_key", "version", "created_at", "updated_at"]
    inlines = [
        EffortOrganisationInline,
        EffortGoalInline,
        EffortPaymentInline,
        FollowUpNoteInline,
    ]


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(VersionLockAdminMixin, SimpleHistoryAdmin):
    list_display = ["effort", "date", "kind", "author"]
    list_filter = ["kind"]
    search_fields = ["text", "effort__title"]
    list_select_related = ["effort", "author"]
    raw_id_fields = ["effort", "author"]
    readonly_fields = ["idempotency_key", "version"]


class QuestionInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The questions and their answers are written in the portal's report editor, whose
    services number them and keep each answer's blocks in order."""

    model = Question
    fields = ["order", "text"]
    readonly_fields = fields


class ReportVersionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReportVersion
    fields = ["number", "published_at", "published_by"]
    readonly_fields = fields


@admin.register(ReportingRequest)
class ReportingRequestAdmin(VersionLockAdminMixin, admin.ModelAdmin):
    """A request's facts (title, who asked, dates, status, responsible officer) can be
    corrected here; its questions, answers and published versions are the report
    editor's and are shown read-only."""

    list_display = ["title", "municipality", "instrument", "received_on", "due_on", "status"]
    list_filter = ["status", "instrument", "municipality__county"]
    search_fields = ["title", "asked_by", "diary_number"]
    date_hierarchy = "received_on"
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["responsible_officer"]
    readonly_fields = ["idempotency_key", "version", "created_at", "updated_at"]
    inlines = [QuestionInline, ReportVersionInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """Published reports are frozen: the admin lists and shows them, never changes them."""

    list_display = ["request", "number", "published_at", "published_by"]
    list_select_related = ["request", "published_by"]
    search_fields = ["request__title"]
    date_hierarchy = "published_at"
    readonly_fields = ["request", "number", "published_at", "published_by", "content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
