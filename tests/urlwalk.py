"""Every URL pattern of the project, resolved from the URL conf, with real arguments:
the walks over all pages (query parameters, and later the access matrix) use this, so
that a new view cannot escape them."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    arguments: tuple[str, ...]


def routes() -> list[Route]:
    """Every named URL pattern of the portal (Django's admin excepted: it is Django's)."""

    def walk(resolver, prefix="", namespace=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                yield from walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                arguments = tuple(entry.pattern.regex.groupindex)
                yield Route(name, prefix + str(entry.pattern), arguments)

    return list(walk(get_resolver()))


def url_for(route: Route, values: dict) -> str:
    """The route's address with ``values`` for its arguments (by argument name, or by
    ``"<route name>.<argument>"`` where one name needs a route's own value)."""
    kwargs = {arg: values.get(f"{route.name}.{arg}", values.get(arg)) for arg in route.arguments}
    return reverse(route.name, kwargs=kwargs or None)
