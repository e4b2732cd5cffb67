"""Finding councils: all councils by type, and those matching a name people type."""

from dataclasses import dataclass

from annual_review.public.published import CouncilRef, councils_by_id
from annual_review.register.models import ComparisonGroup, Organisation
from annual_review.register.names import name_core, name_normalise
from annual_review.register.selectors import OrganisationResolver, organisation_resolver_build
from annual_review.web.caching import cached_value


@dataclass(frozen=True)
class CouncilGroup:
    key: str
    label: str
    councils: list[CouncilRef]


@dataclass(frozen=True)
class CouncilSearch:
    query: str
    exact: CouncilRef | None
    matches: list[CouncilRef]
    groups: list[CouncilGroup]


def _resolver() -> OrganisationResolver:
    return cached_value(("resolver",), organisation_resolver_build)


def councils_search(*, query: str = "") -> CouncilSearch:
    """All councils by type, and those matching a name people type ("Bromsgrove DC")."""
    councils = councils_by_id()
    in_register = cached_value(
        ("in_register",),
        lambda: set(Organisation.objects.filter(in_register=True).values_list("id", flat=True)),
    )
    listed = sorted(
        (c for pk, c in councils.items() if pk in in_register), key=lambda c: c.short_name
    )
    groups = [
        CouncilGroup(key, str(label), [c for c in listed if c.comparison_group == key])
        for key, label in ComparisonGroup.choices
    ]
    query = query.strip()[:200]
    exact = None
    matches: list[CouncilRef] = []
    if query:
        found = _resolver().resolve(query)
        exact = councils.get(found) if found is not None else None
        wanted = name_normalise(query)
        core = name_core(query)
        # Former councils are found by name too, though only current ones are listed by type.
        matches = [
            c
            for c in sorted(councils.values(), key=lambda c: c.short_name)
            if wanted in name_normalise(c.name) or (core and core in name_normalise(c.name))
        ]
        if exact is not None and exact not in matches:
            matches.insert(0, exact)
    return CouncilSearch(query=query, exact=exact, matches=matches, groups=groups)
