from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("partnerships.urls")),
    prefix_default_language=False,
)

# A database that cannot be reached is a clean 503, not a 500 (socialeconomy/health.py).
handler500 = "socialeconomy.health.server_error"
