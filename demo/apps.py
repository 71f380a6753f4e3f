from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (see the package's docstring). No models."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
