"""The project's URLs plus a bare view, the floor the directory is compared with.

The bare view runs one query and renders one small template through the same engine,
middleware and context processors as every other page, so the difference between it and
the directory is what the directory itself costs.
"""

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.django import Template
from django.urls import path

from registry.models import Organisation
from socialeconomy.urls import urlpatterns as project_urlpatterns

BARE_TEMPLATE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Organisationer</title></head>
<body>
<main>
<h1>Organisationer</h1>
<ul>
{% for organisation in organisations %}
  <li><a href="/organisationer/{{ organisation.slug }}/">{{ organisation.name }}</a></li>
{% endfor %}
</ul>
</main>
</body>
</html>
"""


@cache
def bare_template() -> Template:
    return engines["django"].from_string(BARE_TEMPLATE)


def bare(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.filter(publication_state=Organisation.PublicationState.PUBLISHED)
        .order_by("id")
        .values("name", "slug")[:20]
    )
    return HttpResponse(bare_template().render({"organisations": organisations}, request))


# i18n_patterns must stay in the root URLconf, so the project's patterns are spliced in.
urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
