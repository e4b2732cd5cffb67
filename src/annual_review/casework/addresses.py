"""A decision's web address: its reference with hyphens for spaces, `/decisions/24-329-705/`.

The Ombudsman writes references with spaces ("24 329 705"), which an address would carry
encoded (`/decisions/24%20329%20705/`). Every link the site, its twins, the API and the static
export make is built here, so the form is defined once. A reference may hold hyphens of its own
("LGO-2023.001"), so a slug is looked up rather than reversed: each hyphen in it stands for a
hyphen or a space. Should two references share a slug (a space in one where the other has a
hyphen), the one written exactly as the slug is found first.
"""

from itertools import product

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Replace

from annual_review.casework.models import Decision

# Up to 2**8 = 256 spellings are looked up in one indexed query; a slug with more hyphens
# (no real reference has them) is compared with every reference's slug instead.
HYPHENS_LOOKED_UP = 8


def decision_slug(reference: str) -> str:
    """The reference as it appears in addresses: each space a hyphen."""
    return reference.replace(" ", "-")


def decision_address(reference: str) -> str:
    """The decision's page, `/decisions/<slug>/`."""
    return f"/decisions/{decision_slug(reference)}/"


def decision_twin_address(reference: str) -> str:
    """The decision page's JSON twin, `/decisions/<slug>.json`."""
    return f"/decisions/{decision_slug(reference)}.json"


def decision_export_paths(reference: str) -> tuple[str, str]:
    """Where the static export writes the decision's page and its twin, so that a static host
    serves them at `decision_address` and `decision_twin_address`."""
    slug = decision_slug(reference)
    return f"decisions/{slug}/index.html", f"decisions/{slug}.json"


def _spellings(slug: str) -> list[str]:
    """Every reference whose slug is `slug`: each hyphen kept or made a space."""
    pieces = slug.split("-")
    spellings = []
    for joins in product("- ", repeat=len(pieces) - 1):
        spelled = pieces[0]
        for join, piece in zip(joins, pieces[1:], strict=True):
            spelled += join + piece
        spellings.append(spelled)
    return spellings


def decisions_at_slug(queryset: QuerySet[Decision], *, slug: str) -> QuerySet[Decision]:
    """The decisions of `queryset` whose slug is `slug`, the one spelled exactly as it first."""
    if slug.count("-") <= HYPHENS_LOOKED_UP:
        found = queryset.filter(reference__in=_spellings(slug))
    else:
        found = queryset.alias(address_slug=Replace(F("reference"), Value(" "), Value("-"))).filter(
            address_slug=slug
        )
    exact_first = Case(When(reference=slug, then=0), default=1, output_field=IntegerField())
    return found.order_by(exact_first, "reference")
