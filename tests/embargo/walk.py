"""Walking every public address: each pattern of the project's URL resolver, parameters filled in.

The addresses are not listed by hand, so a new page or API resource is covered as soon as it is
added. Both embargo test modules walk with these.
"""

from collections.abc import Mapping, Sequence
from itertools import product

from django.urls import URLPattern, URLResolver, get_resolver


def _routes(patterns: list, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(route, parameter names) of every pattern, nested includes flattened."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found.extend(_routes(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            found.append((route, list(pattern.pattern.converters)))
    return found


def public_addresses(values: Mapping[str, Sequence[str]]) -> list[str]:
    """Every public route with every combination of its parameters' values."""
    addresses = []
    for route, names in _routes(get_resolver().url_patterns):
        if route.startswith("staff/"):
            continue  # staff pages: signed-in staff only (tests/staff walks them for that)
        if route.startswith("^"):
            route = route.strip("^$").replace("(?P<rest>[\\s\\S]*)", "<rest>")
        for combination in product(*(values[name] for name in names)):
            address = route
            for name, value in zip(names, combination, strict=True):
                address = _fill(address, name, value)
            addresses.append("/" + address)
    return addresses


def _fill(route: str, name: str, value: str) -> str:
    for converter in ("segment", "slug", "int", "path"):
        route = route.replace(f"<{converter}:{name}>", value)
    return route.replace(f"<{name}>", value)


def response_body(client, address: str) -> tuple[int, str]:
    """Status and body (streamed or not) of a GET, the body as text."""
    response = client.get(address)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content.decode("utf-8", errors="replace")
