from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"
    verbose_name = _("Partnerships and support")

    def ready(self):
        # The register knows nothing of this app: it adds its links and its section on
        # the public organisation page through the register's extension points.
        from partnerships import signals
        from partnerships.merging import move_effort_links
        from partnerships.opendata import grants_file
        from partnerships.sections import organisation_efforts_section
        from registry import extensions, personal_data

        signals.connect()

        extensions.register_nav_link(
            extensions.NavLink("partnerships:public-list", _("Partnerships"))
        )
        extensions.register_nav_link(extensions.NavLink("partnerships:statistics", _("Statistics")))
        extensions.register_nav_link(
            extensions.NavLink("partnerships:effort-list", _("Efforts"), officers_only=True)
        )
        extensions.register_nav_link(
            extensions.NavLink(
                "partnerships:goal-overview", _("Goal follow-up"), officers_only=True
            )
        )
        extensions.register_nav_link(extensions.NavLink("partnerships:report-list", _("Reports")))
        extensions.register_nav_link(
            extensions.NavLink(
                "partnerships:request-list", _("Reporting requests"), officers_only=True
            )
        )
        extensions.register_detail_section(organisation_efforts_section)
        extensions.register_open_data_file(grants_file())
        extensions.register_merge_handler(move_effort_links)
        # Officers' free text may name a person: the personal-data tools look there too.
        for key, label, model, text_fields, fields in PERSONAL_DATA_PLACES:
            personal_data.register_place(
                personal_data.text_place(
                    key=key, label=label, model=model, text_fields=text_fields, fields=fields
                )
            )


_NOTE = ("text",)
_EFFORT = ("title", "description", "purpose", "outcome_notes")
_HISTORY = ("history_id", "id", "history_date")
PERSONAL_DATA_PLACES = [
    (
        "followup_notes",
        _("Follow-up notes"),
        "partnerships.FollowUpNote",
        _NOTE,
        ("id", "effort", "date", "kind", "text"),
    ),
    (
        "followup_note_history",
        _("Follow-up notes: history"),
        "partnerships.HistoricalFollowUpNote",
        _NOTE,
        (*_HISTORY, "date", "text"),
    ),
    ("efforts", _("Efforts"), "partnerships.Effort", _EFFORT, ("id", *_EFFORT)),
    (
        "effort_history",
        _("Efforts: history"),
        "partnerships.HistoricalEffort",
        _EFFORT,
        (*_HISTORY, *_EFFORT),
    ),
]
