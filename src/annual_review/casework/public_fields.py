"""What of a published decision anyone may read: its public fields, in the order every listing
gives them. The bulk download's columns (`opendata`) and the API's decision fields (`api`) are
both read from this one list, so a field added here appears in both and nowhere else.
"""

from dataclasses import dataclass
from typing import Any

from annual_review.casework.models import Decision


@dataclass(frozen=True)
class PublicField:
    """One public field: its name (the download's column, the API's key) and the `Decision`
    lookup it is read from (`organisation__code`: a related record's field)."""

    name: str
    lookup: str


DECISION_PUBLIC_FIELDS: tuple[PublicField, ...] = (
    PublicField("reference", "reference"),
    PublicField("organisation", "organisation__code"),
    PublicField("organisation_name", "organisation__name"),
    PublicField("decision_date", "decision_date"),
    PublicField("received_date", "received_date"),
    PublicField("category", "category"),
    PublicField("outcome", "outcome"),
    PublicField("satisfactory_remedy", "satisfactory_remedy"),
    PublicField("public_report", "public_report"),
    PublicField("summary", "summary"),
)
DECISION_PUBLIC_LOOKUPS: tuple[str, ...] = tuple(f.lookup for f in DECISION_PUBLIC_FIELDS)


def decision_public_values(*, decision: Decision) -> dict[str, Any]:
    """A decision's public fields by name, in the list's order (the related organisation should
    be loaded with it: `select_related("organisation")`)."""
    values: dict[str, Any] = {}
    for field in DECISION_PUBLIC_FIELDS:
        value: Any = decision
        for part in field.lookup.split("__"):
            value = getattr(value, part)
        values[field.name] = value
    return values
