from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisationer/", views.organisation_list, name="organisation-list"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
