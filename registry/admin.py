from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
class OrganisationAdmin(SimpleHistoryAdmin):
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
    fieldsets = [
        (None, {"fields": ["name", "alternate_names", "slug", "org_number", "legal_form"]}),
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
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "role", "show_publicly", "legal_basis"]
    list_filter = ["show_publicly", "legal_basis"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
