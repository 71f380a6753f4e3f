from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from simple_history.admin import SimpleHistoryAdmin

from registry import outbox
from registry.locking import VersionLockAdminMixin
from registry.models import (
    AccessLink,
    ActivityArea,
    ContactPerson,
    County,
    DuplicateDismissal,
    Erasure,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
    Organisation,
    OrganisationRedirect,
    OutboxMessage,
    ProblemReport,
    Submission,
)

# The portal's name, not "Django administration", on every admin page.
admin.site.site_header = _("Social economy register: administration")
admin.site.site_title = _("Social economy register")
admin.site.index_title = _("Administration of the register")

# django-axes (its sign-in records are in the admin) has no Swedish catalogue: its
# strings are translated in ours, and marked here so that makemessages keeps them.
AXES_STRINGS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]
    list_select_related = ["county"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(ActivityArea, OfferCategory)
class OrderedReferenceAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(GlobalGoal)
class GlobalGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_sv", "name_en"]
    search_fields = ["name_sv", "name_en"]


class ContactPersonInline(admin.StackedInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(VersionLockAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "org_number",
        "kind",
        "work_integrating",
        "home_municipality",
        "publication_state",
        "status",
        "last_verified_on",
    ]
    list_filter = [
        "publication_state",
        "status",
        "kind",
        "work_integrating",
        "sells_to_public_sector",
        "legal_form",
        "home_municipality__county",
        "activity_areas",
    ]
    search_fields = ["name", "alternate_names", "org_number", "slug"]
    list_select_related = ["home_municipality"]
    autocomplete_fields = ["home_municipality", "municipalities"]
    filter_horizontal = ["activity_areas", "global_goals", "offer_categories"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [ContactPersonInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.ensure_home_municipality()

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "alternate_names",
                    "slug",
                    "org_number",
                    "legal_form",
                    "loaded_version",
                ]
            },
        ),
        (
            _("Classification"),
            {"fields": ["kind", "work_integrating", "activity_areas", "global_goals"]},
        ),
        (_("Where"), {"fields": ["home_municipality", "municipalities"]}),
        (_("Presentation"), {"fields": ["presentation", "description", "founded_year"]}),
        (
            _("Contact and address"),
            {
                "fields": [
                    "website",
                    "email",
                    "phone",
                    "street_address",
                    "postal_code",
                    "city",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (_("Size"), {"fields": ["employees", "people_in_work_integration"]}),
        (
            _("Offers"),
            {
                "fields": [
                    "offers",
                    "offer_categories",
                    "sells_to_public_sector",
                    "sells_to_business",
                ]
            },
        ),
        (
            _("State"),
            {
                "fields": [
                    "publication_state",
                    "status",
                    "ceased_on",
                    "last_verified_on",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(ContactPerson)
class ContactPersonAdmin(VersionLockAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "role", "show_publicly", "legal_basis"]
    list_filter = ["show_publicly", "legal_basis"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation__name", "submitter_email", "submitter_name"]
    list_select_related = ["organisation", "decided_by"]
    readonly_fields = [
        "organisation",
        "kind",
        "data",
        "base_version",
        "submission_key",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decided_by",
    ]
    date_hierarchy = "created_at"


@admin.register(AccessLink)
class AccessLinkAdmin(admin.ModelAdmin):
    list_display = ["organisation", "purpose", "email", "created_at", "expires_at", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["organisation__name", "email"]
    list_select_related = ["organisation"]
    exclude = ["nonce"]


@admin.register(ProblemReport)
class ProblemReportAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "category", "status", "created_at", "resolved_by"]
    list_filter = ["category", "status"]
    search_fields = ["organisation__name", "message", "reporter_email"]
    list_select_related = ["organisation", "resolved_by"]
    readonly_fields = ["submission_key", "created_at", "resolved_at", "resolved_by"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every e-mail the portal sent or tries to send; failed ones can be sent again."""

    list_display = ["created_at", "template", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def send_again(self, request, queryset):
        count = outbox.retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s e-mail is queued again.", "%(count)s e-mails are queued again.", count
            )
            % {"count": count},
        )


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """The record of each erasure of personal data (no personal data of its own); made
    only by the erasure itself (``registry.personal_data.erase``), never edited."""

    list_display = ["__str__", "erased_at", "erased_by"]
    readonly_fields = [field.name for field in Erasure._meta.fields]


@admin.register(DuplicateDismissal)
class DuplicateDismissalAdmin(admin.ModelAdmin):
    """Pairs dismissed in the duplicates report; deleting one lists the pair again."""

    list_display = ["first", "second", "dismissed_by", "dismissed_at"]
    search_fields = ["first__name", "second__name"]
    list_select_related = ["first", "second", "dismissed_by"]
    readonly_fields = ["first", "second", "dismissed_by", "dismissed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationRedirect)
class OrganisationRedirectAdmin(admin.ModelAdmin):
    """The addresses of merged entries, each leading to the entry it was merged into."""

    list_display = ["old_slug", "organisation", "created_at"]
    search_fields = ["old_slug", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["merged_id", "created_at"]
