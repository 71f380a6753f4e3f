"""System checks of the deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.database, deploy=True)
def database_url_is_set(app_configs, **kwargs):
    """Production runs on its own PostgreSQL: the embedded server is for development."""
    if getattr(settings, "EMBEDDED_DATABASE", False):
        return [
            Warning(
                "DATABASE_URL is not set, so the portal runs on the project's embedded "
                "development PostgreSQL server.",
                hint="Set DATABASE_URL to the production PostgreSQL database.",
                id="registry.W001",
            )
        ]
    return []
