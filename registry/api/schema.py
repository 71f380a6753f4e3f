"""The OpenAPI schema: additions to what drf-spectacular generates (the answers every
operation can give besides 200, so that the schema says all of them), and the schema
kept once generated."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from registry import reference

ERROR = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
    "description": "What was wrong: a message, or messages by parameter.",
}


def add_common_responses(result, generator, request, public):
    for path, methods in result.get("paths", {}).items():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "304",
                {"description": "Not modified: If-None-Match or If-Modified-Since still holds."},
            )
            responses.setdefault(
                "400",
                {
                    "description": "A parameter is not valid.",
                    "content": {"application/json": {"schema": ERROR}},
                },
            )
            if "{" in path:
                responses.setdefault(
                    "404",
                    {
                        "description": "No such published entry.",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                )
            responses.setdefault(
                "429",
                {
                    "description": "Too many requests from this address: wait Retry-After seconds.",
                    "content": {"application/json": {"schema": ERROR}},
                },
            )
    return result


# The schema as generated, per language: (reference version, schema). Kept in this
# process only, so that a deploy of new code never serves an old schema; the reference
# version is part of it because the filters' allowed values come from reference data.
_generated: dict[str, tuple[str, dict]] = {}


def current_schema() -> dict:
    """The OpenAPI schema in the active language, generated once per process and
    reference version (generating it takes a large part of a second)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    version = reference.version()
    found = _generated.get(language)
    if found is None or found[0] != version:
        found = (version, SchemaGenerator().get_schema(request=None, public=True))
        _generated[language] = found
    return found[1]


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: the OpenAPI 3 schema (YAML, or JSON with ``?format=json``), in
    Swedish or with ``?lang=en`` in English."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            return Response(current_schema())
