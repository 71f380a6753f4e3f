"""The read API's URLs, mounted at /api/v1/ by ``socialeconomy.urls`` with the effort
log's routes (``partnerships.api.ROUTES``): registry knows nothing of partnerships."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from registry.api import schema, views

# (URL prefix, view set, base name): each gives <base name>-list and <base name>-detail.
ROUTES = [
    ("organisations", views.OrganisationViewSet, "organisation"),
    ("hsds/organizations", views.HsdsOrganizationViewSet, "hsds-organization"),
    ("municipalities", views.MunicipalityViewSet, "municipality"),
    ("counties", views.CountyViewSet, "county"),
    ("legal-forms", views.LegalFormViewSet, "legal-form"),
    ("activity-areas", views.ActivityAreaViewSet, "activity-area"),
    ("global-goals", views.GlobalGoalViewSet, "global-goal"),
    ("offer-categories", views.OfferCategoryViewSet, "offer-category"),
]


def urlpatterns_for(routes) -> list:
    """The API's URL patterns: every route's list and detail, the root listing them and
    the OpenAPI schema. Include them under the ``api`` namespace; the documentation page
    (``views.api_docs``, URL name ``api-docs``) is a page of the portal, in its languages."""
    router = SimpleRouter(trailing_slash=True)
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)
    return [
        path("", views.root_view(routes), name="root"),
        path("schema/", schema.SchemaView.as_view(), name="schema"),
        path("", include(router.urls)),
        # Anything else under the API is a JSON 404, not the portal's page (a path
        # without its final slash is still redirected to it first).
        re_path(r"^.*/$", views.not_found, name="not-found"),
    ]
