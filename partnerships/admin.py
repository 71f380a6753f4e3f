from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    FollowUpNote,
    MunicipalUnit,
    OfficerMembership,
    PolicyDocument,
    PolicyGoal,
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
    inlines = [EffortOrganisationInline, EffortGoalInline, FollowUpNoteInline]


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(VersionLockAdminMixin, SimpleHistoryAdmin):
    list_display = ["effort", "date", "kind", "author"]
    list_filter = ["kind"]
    search_fields = ["text", "effort__title"]
    list_select_related = ["effort", "author"]
    raw_id_fields = ["effort", "author"]
    readonly_fields = ["idempotency_key", "version"]
