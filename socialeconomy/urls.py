from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from partnerships import api as partnerships_api
from registry.api import urls as registry_api
from registry.api import views as api_views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]
# The read API's documentation is a page of the portal, in both languages; before the
# API's own patterns, whose catch-all would answer for it.
urlpatterns += i18n_patterns(
    path("api/v1/docs/", api_views.api_docs, name="api-docs"),
    prefix_default_language=False,
)
# The read API: one address for every language (its data carries both).
urlpatterns += [
    path(
        "api/v1/",
        include(
            (registry_api.urlpatterns_for(registry_api.ROUTES + partnerships_api.ROUTES), "api")
        ),
    ),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("partnerships.urls")),
    prefix_default_language=False,
)

# A database that cannot be reached is a clean 503, not a 500 (socialeconomy/health.py).
handler500 = "socialeconomy.health.server_error"
