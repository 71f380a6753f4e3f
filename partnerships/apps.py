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
        from partnerships.sections import organisation_efforts_section
        from registry import extensions

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
