"""The OpenAPI schema taken apart for the documentation page (``views.api_docs``)."""

from dataclasses import dataclass, field

# Longer lists of allowed values are folded away on the page.
SHORT_ENUM = 12


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str
    values: list = field(default_factory=list)

    @property
    def few_values(self) -> bool:
        return len(self.values) <= SHORT_ENUM


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[tuple[str, str]]

    @property
    def anchor(self) -> str:
        return "op-" + "".join(c if c.isalnum() else "-" for c in self.path).strip("-")


def _type(schema: dict) -> str:
    kind = schema.get("type", "string")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def operations(schema: dict) -> list[Operation]:
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                Parameter(
                    name=parameter["name"],
                    location=parameter["in"],
                    required=parameter.get("required", False),
                    type=_type(parameter.get("schema", {})),
                    description=parameter.get("description", ""),
                    values=[
                        value
                        for value in parameter.get("schema", {}).get("enum", [])
                        if value not in ("", None)
                    ],
                )
                for parameter in operation.get("parameters", [])
            ]
            description = operation.get("description", "")
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", "") or description.split("\n")[0],
                    description=description,
                    parameters=parameters,
                    responses=[
                        (code, response.get("description", ""))
                        for code, response in operation.get("responses", {}).items()
                    ],
                )
            )
    return found
