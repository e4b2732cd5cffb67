"""The data dictionary: every column of every download, its type and what it means.

The builders write their columns from these lists, so the dictionary cannot drift from the files.
"""

from dataclasses import dataclass

from annual_review.casework.models import Category, ComplianceOutcome, Outcome, Recommendation
from annual_review.casework.public_fields import DECISION_PUBLIC_FIELDS
from annual_review.register.models import ComparisonGroup


@dataclass(frozen=True)
class Field:
    """One column: its name, Table Schema type (string, integer, number, boolean, date) and meaning."""

    name: str
    type: str
    description: str
    allowed: tuple[str, ...] = ()


def _choices(values: list[str]) -> tuple[str, ...]:
    return tuple(values)


RATE = "A fraction from 0 to 1, unrounded; empty when its denominator is zero."
LOW = "Lower end of the 95% Wilson score interval of {measure}; empty when undefined."
HIGH = "Upper end of the 95% Wilson score interval of {measure}; empty when undefined."
GROUP_AVERAGE = (
    "The comparison group's average {measure} (how it is averaged is in the JSON file's "
    "group_average); empty when no member has one."
)

STATISTICS_FIELDS = (
    Field("organisation_code", "string", "The organisation's stable register code, e.g. BRM."),
    Field("gss_code", "string", "The organisation's current ONS GSS code; empty if it has none."),
    Field("name", "string", "The organisation's name."),
    Field(
        "comparison_group",
        "string",
        "The group of similar councils it is compared with; empty if none.",
        _choices(ComparisonGroup.values),
    ),
    Field("decisions", "integer", "Complaints and enquiries decided in the year."),
    Field(
        "investigations",
        "integer",
        "Decisions after a detailed investigation (upheld + not upheld).",
    ),
    Field("upheld", "integer", "Investigations that found fault."),
    Field("not_upheld", "integer", "Investigations that found no fault."),
    Field("uphold_rate", "number", "upheld / investigations. " + RATE),
    Field("uphold_rate_low", "number", LOW.format(measure="uphold_rate")),
    Field("uphold_rate_high", "number", HIGH.format(measure="uphold_rate")),
    Field(
        "upheld_per_100k",
        "number",
        "Upheld investigations per 100,000 residents, unrounded; empty without a population.",
    ),
    Field("population", "integer", "ONS mid-year population estimate used; empty if none."),
    Field("population_year", "integer", "Year of that population estimate."),
    Field(
        "compliance_outcomes",
        "integer",
        "Recommendations' compliance outcomes recorded in the year.",
    ),
    Field(
        "compliance_rate",
        "number",
        "Compliance outcomes satisfied (on time or late) / compliance outcomes. " + RATE,
    ),
    Field("compliance_rate_low", "number", LOW.format(measure="compliance_rate")),
    Field("compliance_rate_high", "number", HIGH.format(measure="compliance_rate")),
    Field(
        "satisfactory_remedies",
        "integer",
        "Upheld cases where the organisation had already put things right before the complaint "
        "reached the Ombudsman.",
    ),
    Field("satisfactory_remedy_rate", "number", "satisfactory_remedies / upheld. " + RATE),
    Field("satisfactory_remedy_rate_low", "number", LOW.format(measure="satisfactory_remedy_rate")),
    Field(
        "satisfactory_remedy_rate_high", "number", HIGH.format(measure="satisfactory_remedy_rate")
    ),
    Field("group_uphold_rate", "number", GROUP_AVERAGE.format(measure="uphold rate")),
    Field("group_upheld_per_100k", "number", GROUP_AVERAGE.format(measure="upheld per 100,000")),
    Field("group_compliance_rate", "number", GROUP_AVERAGE.format(measure="compliance rate")),
    Field(
        "group_satisfactory_remedy_rate",
        "number",
        GROUP_AVERAGE.format(measure="satisfactory remedy rate"),
    ),
)

# Column names follow the decisions import, so a download can be read back with
# `annual-review import decisions` (extra columns are ignored there).
_DECISION_MEANINGS = (
    Field("reference", "string", "The Ombudsman's case reference."),
    Field("organisation", "string", "Register code of the organisation complained about."),
    Field("organisation_name", "string", "Name of the organisation complained about."),
    Field("decision_date", "date", "When the case was decided (YYYY-MM-DD)."),
    Field("received_date", "date", "When the complaint was received; empty if not recorded."),
    Field("category", "string", "Subject of the complaint.", _choices(Category.values)),
    Field("outcome", "string", "How the case was decided.", _choices(Outcome.values)),
    Field(
        "satisfactory_remedy",
        "boolean",
        "true when an upheld complaint had already been put right by the organisation.",
    ),
    Field("public_report", "boolean", "true when the Ombudsman issued a public report."),
    Field("summary", "string", "A short public summary of the decision; may be empty."),
)
# The decision's public fields, in their order; each must have its meaning above (a KeyError
# naming the field otherwise).
_DECISION_MEANING = {f.name: f for f in _DECISION_MEANINGS}
DECISION_FIELDS = tuple(_DECISION_MEANING[public.name] for public in DECISION_PUBLIC_FIELDS)

RECOMMENDATION_FIELDS = (
    Field("reference", "string", "Reference of the decision the recommendation was made on."),
    Field("organisation", "string", "Register code of the organisation."),
    Field("decision_date", "date", "When that decision was made."),
    Field("kind", "string", "What kind of remedy.", _choices(Recommendation.Kind.values)),
    Field("description", "string", "What the organisation was asked to do."),
    Field("due_date", "date", "When it was due; empty if not set."),
    Field("amount", "number", "The sum in pounds for a financial remedy; empty otherwise."),
)

COMPLIANCE_FIELDS = (
    Field(
        "reference", "string", "Reference of the decision whose recommendations were followed up."
    ),
    Field("organisation", "string", "Register code of the organisation."),
    Field("decision_date", "date", "When that decision was made."),
    Field("outcome_date", "date", "When compliance was assessed; this places it in a year."),
    Field(
        "outcome",
        "string",
        "Whether the organisation did what was recommended.",
        _choices(ComplianceOutcome.Result.values),
    ),
)
