from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Register of the social economy")

    def ready(self):
        from registry import checks  # noqa: F401 - registers the system checks
