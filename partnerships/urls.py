from django.urls import path

from partnerships.views import (
    efforts,
    followup,
    opendata,
    public,
    reference,
    reports,
    statistics,
)

app_name = "partnerships"

urlpatterns = [
    # Public
    path("samverkan/", public.public_list, name="public-list"),
    path("samverkan/<int:pk>/", public.public_detail, name="public-detail"),
    # Open data (described on the register's open-data page)
    path("oppna-data/bidrag-360giving.json", opendata.grants, name="open-data-grants"),
    # Public statistics
    path("statistik/", statistics.statistics, name="statistics"),
    path("statistik/<str:code>/", statistics.statistics, name="statistics-municipality"),
    # Public reports
    path("rapporter/", reports.public_report_list, name="report-list"),
    path("rapporter/<int:pk>/", reports.public_report, name="report-detail"),
    path(
        "rapporter/<int:pk>/versioner/<int:number>/",
        reports.public_report_version,
        name="report-version",
    ),
    path(
        "rapporter/<int:pk>/versioner/<int:number>/rapport.docx",
        reports.public_report_docx,
        name="report-docx",
    ),
    path(
        "rapporter/<int:pk>/versioner/<int:number>/tabeller.xlsx",
        reports.public_report_xlsx,
        name="report-xlsx",
    ),
    # Officers: the effort log
    path("handlaggare/insatser/", efforts.effort_list, name="effort-list"),
    path("handlaggare/insatser/ny/", efforts.effort_create, name="effort-create"),
    path(
        "handlaggare/insatser/export.<str:fmt>",
        efforts.effort_export,
        name="effort-export",
    ),
    path("handlaggare/insatser/<int:pk>/", efforts.effort_detail, name="effort-detail"),
    path("handlaggare/insatser/<int:pk>/andra/", efforts.effort_edit, name="effort-edit"),
    path(
        "handlaggare/insatser/<int:pk>/anteckningar/",
        efforts.note_create,
        name="note-create",
    ),
    path(
        "handlaggare/insatser/<int:pk>/anteckningar/<int:note_pk>/andra/",
        efforts.note_edit,
        name="note-edit",
    ),
    path(
        "handlaggare/organisationer/<slug:slug>/insatser/",
        efforts.organisation_efforts,
        name="organisation-efforts",
    ),
    # Officers: goal follow-up
    path("handlaggare/mal/", followup.goal_overview, name="goal-overview"),
    path("handlaggare/mal/<int:pk>/", followup.goal_detail, name="goal-detail"),
    path("handlaggare/mal/enheter/", followup.unit_contribution, name="unit-contribution"),
    # Officers: reporting requests
    path("handlaggare/rapportering/", reports.request_list, name="request-list"),
    path("handlaggare/rapportering/ny/", reports.request_create, name="request-create"),
    path("handlaggare/rapportering/<int:pk>/", reports.request_detail, name="request-detail"),
    path("handlaggare/rapportering/<int:pk>/andra/", reports.request_edit, name="request-edit"),
    path(
        "handlaggare/rapportering/<int:pk>/publicera/",
        reports.request_publish,
        name="request-publish",
    ),
    path(
        "handlaggare/rapportering/<int:pk>/fragor/<int:question_pk>/",
        reports.answer_edit,
        name="answer-edit",
    ),
    # Officers: reference data
    path("handlaggare/styrdokument/", reference.document_list, name="document-list"),
    path("handlaggare/styrdokument/nytt/", reference.document_edit, name="document-create"),
    path(
        "handlaggare/styrdokument/<int:pk>/andra/",
        reference.document_edit,
        name="document-edit",
    ),
    path(
        "handlaggare/styrdokument/<int:document_pk>/mal/nytt/",
        reference.goal_edit,
        name="goal-create",
    ),
    path("handlaggare/mal/<int:pk>/andra/", reference.goal_edit, name="goal-edit"),
    path("handlaggare/enheter/", reference.unit_list, name="unit-list"),
    path("handlaggare/enheter/ny/", reference.unit_edit, name="unit-create"),
    path("handlaggare/enheter/<int:pk>/andra/", reference.unit_edit, name="unit-edit"),
]
