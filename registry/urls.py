from django.contrib.auth import views as auth_views
from django.urls import path

from registry.views import (
    auth,
    directory,
    embed,
    history,
    imports,
    maps,
    moderation,
    opendata,
    pages,
    personal_data,
    register,
    registration,
    reports,
    selfservice,
    suggestions,
)

app_name = "registry"

urlpatterns = [
    # The public directory
    path("", directory.home, name="home"),
    path("organisationer/", directory.organisation_list, name="organisation-list"),
    # Before the detail page's pattern, which "forslag" and "kommuner" would match as a slug.
    path(
        "organisationer/forslag/",
        suggestions.organisation_suggestions,
        name="organisation-suggestions",
    ),
    path("organisationer/karta/", maps.map_data, name="map-data"),
    path(
        "organisationer/kommuner/",
        directory.municipality_map,
        name="municipality-map",
    ),
    path(
        "organisationer/<slug:slug>/",
        directory.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "organisationer/<slug:slug>/rapportera/",
        reports.report_problem,
        name="report-problem",
    ),
    path(
        "organisationer/<slug:slug>/rapportera/tack/",
        reports.report_problem_thanks,
        name="report-problem-thanks",
    ),
    # The embeddable directory, framed by municipalities' websites (registry.embed)
    path("inbaddning/<str:code>/", embed.widget, name="embed"),
    # Open data: the files take the directory's query string
    path("oppna-data/", opendata.open_data, name="open-data"),
    path(
        "oppna-data/organisationer.csv",
        opendata.organisations_csv,
        {"convention": "csv"},
        name="open-data-csv",
    ),
    path(
        "oppna-data/organisationer-excel.csv",
        opendata.organisations_csv,
        {"convention": "excel"},
        name="open-data-excel",
    ),
    path(
        "oppna-data/organisationer.ndjson",
        opendata.organisations_ndjson,
        name="open-data-ndjson",
    ),
    path(
        "oppna-data/organisationer-hsds.json",
        opendata.organisations_hsds,
        name="open-data-hsds",
    ),
    # Registration
    path("registrera/", registration.register, name="register"),
    path(
        "registrera/organisationen/",
        registration.register_step,
        {"slug": "organisation"},
        name="register-organisation",
    ),
    path(
        "registrera/verksamheten/",
        registration.register_step,
        {"slug": "activities"},
        name="register-activities",
    ),
    path(
        "registrera/var/",
        registration.register_step,
        {"slug": "places"},
        name="register-places",
    ),
    path(
        "registrera/kontaktpersoner/",
        registration.register_step,
        {"slug": "contacts"},
        name="register-contacts",
    ),
    path("registrera/kontrollera/", registration.register_check, name="register-check"),
    path(
        "registrera/skicka-igen/",
        registration.confirmation_resend,
        name="confirmation-resend",
    ),
    path(
        "registrera/skicka-igen/skickad/",
        registration.confirmation_resend_sent,
        name="confirmation-resend-sent",
    ),
    path("registrera/tack/", registration.registration_thanks, name="registration-thanks"),
    path(
        "registrera/bekrafta/<str:token>/",
        registration.registration_confirm,
        name="registration-confirm",
    ),
    # Self-service through e-mailed links
    path("min-organisation/lank/", selfservice.edit_link_request, name="edit-link-request"),
    path("min-organisation/lank/skickad/", selfservice.edit_link_sent, name="edit-link-sent"),
    path("min-organisation/oppna/<str:token>/", selfservice.edit_link, name="edit-link"),
    path("min-organisation/", selfservice.self_service, name="self-service"),
    path("min-organisation/uppgifter/", selfservice.self_service_edit, name="self-service-edit"),
    path("min-organisation/upphort/", selfservice.self_service_ceased, name="self-service-ceased"),
    path(
        "min-organisation/kontakter/",
        selfservice.self_service_contacts,
        name="self-service-contacts",
    ),
    path(
        "min-organisation/kontakter/<int:pk>/dolj/",
        selfservice.self_service_contact_withdraw,
        name="self-service-contact-withdraw",
    ),
    path(
        "min-organisation/kontakter/<int:pk>/ta-bort/",
        selfservice.self_service_contact_remove,
        name="self-service-contact-remove",
    ),
    path("kontroll/<str:token>/", selfservice.verify, name="verify"),
    # Officer sign-in
    path("inloggning/", auth.LoginView.as_view(), name="login"),
    path("utloggning/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggning/aterstall/", auth.PasswordResetView.as_view(), name="password-reset"),
    path(
        "inloggning/aterstall/skickat/",
        auth.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "inloggning/aterstall/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "inloggning/aterstall/klart/",
        auth.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    # Officers
    path("handlaggare/", moderation.dashboard, name="officer-dashboard"),
    path("handlaggare/granskning/", moderation.queue, name="moderation-queue"),
    path(
        "handlaggare/granskning/<int:pk>/",
        moderation.submission_detail,
        name="submission-detail",
    ),
    path("handlaggare/problem/", moderation.problem_reports, name="problem-reports"),
    path(
        "handlaggare/problem/<int:pk>/lost/",
        moderation.problem_report_resolve,
        name="problem-report-resolve",
    ),
    path("handlaggare/kontroll/", moderation.verification, name="verification"),
    # Officers: the register (list, bulk actions, export, editing organisations and contacts)
    path("handlaggare/registret/", register.officer_register, name="officer-register"),
    path(
        "handlaggare/registret/massatgard/",
        register.officer_register_bulk,
        name="officer-register-bulk",
    ),
    path(
        "handlaggare/registret/export.csv",
        register.officer_register_export,
        {"fmt": "csv"},
        name="officer-register-export-csv",
    ),
    path(
        "handlaggare/registret/export.xlsx",
        register.officer_register_export,
        {"fmt": "xlsx"},
        name="officer-register-export-xlsx",
    ),
    path(
        "handlaggare/registret/ny/",
        register.officer_organisation_create,
        name="officer-organisation-create",
    ),
    path(
        "handlaggare/registret/<int:pk>/",
        register.officer_organisation_edit,
        name="officer-organisation-edit",
    ),
    path(
        "handlaggare/registret/<int:pk>/kontakter/",
        register.officer_contacts,
        name="officer-contacts",
    ),
    path(
        "handlaggare/registret/<int:pk>/kontakter/<int:contact_pk>/",
        register.officer_contact_edit,
        name="officer-contact-edit",
    ),
    path(
        "handlaggare/registret/<int:pk>/kontakter/<int:contact_pk>/ta-bort/",
        register.officer_contact_remove,
        name="officer-contact-remove",
    ),
    # -- end of the register's officer pages
    # Officers: history and restore, duplicates and merge
    path(
        "handlaggare/organisationer/<slug:slug>/historik/",
        history.organisation_history,
        name="officer-organisation-history",
    ),
    path(
        "handlaggare/organisationer/<slug:slug>/historik/kontaktpersoner/",
        history.contact_history,
        name="officer-contact-history",
    ),
    path(
        "handlaggare/organisationer/<slug:slug>/historik/<int:history_id>/aterstall/",
        history.organisation_restore,
        name="officer-organisation-restore",
    ),
    path(
        "handlaggare/organisationer/<slug:slug>/historik/kontaktpersoner/<int:history_id>/aterstall/",
        history.contact_restore,
        name="officer-contact-restore",
    ),
    path("handlaggare/dubbletter/", history.duplicate_report, name="duplicate-report"),
    path(
        "handlaggare/dubbletter/avfardade/",
        history.dismissed_duplicates,
        name="duplicates-dismissed",
    ),
    path(
        "handlaggare/dubbletter/<int:first>/<int:second>/avfarda/",
        history.duplicate_dismiss,
        name="duplicate-dismiss",
    ),
    path(
        "handlaggare/dubbletter/<int:first>/<int:second>/ta-tillbaka/",
        history.duplicate_undismiss,
        name="duplicate-undismiss",
    ),
    path(
        "handlaggare/dubbletter/<int:first>/<int:second>/sammanfoga/",
        history.organisation_merge,
        name="organisation-merge",
    ),
    # -- end of history, duplicates and merge
    # Officers: import
    path("handlaggare/import/", imports.import_upload, name="import-upload"),
    path("handlaggare/import/<int:pk>/", imports.import_job, name="import-job"),
    path("handlaggare/import/<int:pk>/kolumner/", imports.import_mapping, name="import-mapping"),
    path("handlaggare/import/<int:pk>/importera/", imports.import_apply, name="import-apply"),
    # -- end of import
    # Officers: personal data (GDPR)
    path("handlaggare/personuppgifter/", personal_data.find, name="personal-data-find"),
    path(
        "handlaggare/personuppgifter/export/",
        personal_data.export,
        name="personal-data-export",
    ),
    path("handlaggare/personuppgifter/radera/", personal_data.erase, name="personal-data-erase"),
    path(
        "handlaggare/personuppgifter/raderingar/<int:pk>/",
        personal_data.erasure,
        name="personal-data-erasure",
    ),
    path(
        "handlaggare/personuppgifter/granska/",
        personal_data.review,
        name="personal-data-review",
    ),
    path(
        "handlaggare/personuppgifter/granska/<int:pk>/kontroll/",
        personal_data.review_verify,
        name="personal-data-review-verify",
    ),
    path(
        "handlaggare/personuppgifter/granska/kontakt/<int:pk>/ta-bort/",
        personal_data.review_remove,
        name="personal-data-review-remove",
    ),
    # -- end of personal data
    # Officers: the embeddable directory's snippets
    path("handlaggare/inbaddning/", embed.officer_embed, name="officer-embed"),
    # Pages the law asks for
    path("integritet/", pages.privacy, name="privacy"),
    path("tillganglighet/", pages.accessibility, name="accessibility"),
]
