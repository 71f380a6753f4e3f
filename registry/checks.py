"""System checks of the settings (``manage.py check``; the deploy ones with ``--deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from socialeconomy.env import origin_problem


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


@register(Tags.security)
def embed_allowed_origins_are_origins(app_configs, **kwargs):
    """Every entry of EMBED_ALLOWED_ORIGINS is an origin: it becomes a source of the
    embeddable directory's ``frame-ancestors``, where anything else would be a hole
    (``https:``, ``*``) or a policy no browser matches (``https://x.se/``)."""
    origins = getattr(settings, "EMBED_ALLOWED_ORIGINS", [])
    if isinstance(origins, str) or not isinstance(origins, list | tuple):
        return [
            Error(
                "EMBED_ALLOWED_ORIGINS must be a list of origins.",
                hint="Set the environment variable to comma-separated origins.",
                id="registry.E001",
            )
        ]
    errors = []
    for origin in origins:
        problem = origin_problem(origin) if isinstance(origin, str) else "it is not text"
        if problem:
            errors.append(
                Error(
                    f"EMBED_ALLOWED_ORIGINS: {origin!r} is not an origin: {problem}.",
                    hint="Write each website as https://host or https://host:port, "
                    "for example https://www.motala.se.",
                    id="registry.E002",
                )
            )
    return errors
