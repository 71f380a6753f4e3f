"""Additions to the generated OpenAPI schema (drf-spectacular's postprocessing hook):
the answers every operation can give besides 200, so that the schema says all of them."""

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
