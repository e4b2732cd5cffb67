"""Every kind of record that can be imported, by the name used on the command line."""

from annual_review.imports.kinds.casework import DECISIONS
from annual_review.imports.kinds.follow_ups import COMPLIANCE, RECOMMENDATIONS
from annual_review.imports.kinds.organisations import ORGANISATIONS
from annual_review.imports.kinds.register import CONTACTS, POPULATION
from annual_review.imports.parsing import ImportKind

IMPORT_KINDS: dict[str, ImportKind] = {
    kind.name: kind
    for kind in (DECISIONS, COMPLIANCE, RECOMMENDATIONS, POPULATION, CONTACTS, ORGANISATIONS)
}
