"""The record downloads of a published year, as CSV bytes: decisions (public fields only),
recommendations and compliance outcomes, each on published decisions only."""

from datetime import datetime

from annual_review.casework.models import ComplianceOutcome, Decision, Recommendation
from annual_review.casework.public_fields import DECISION_PUBLIC_LOOKUPS
from annual_review.opendata.csv_table import table_csv
from annual_review.opendata.dictionary import (
    COMPLIANCE_FIELDS,
    DECISION_FIELDS,
    RECOMMENDATION_FIELDS,
)
from annual_review.years.models import ReportingYear


def decisions_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """The year's decisions, public fields only (`casework.public_fields`), in date order."""
    period = year.period
    rows = (
        Decision.objects.published()
        .in_year(period)
        .order_by("decision_date", "reference")
        .values_list(*DECISION_PUBLIC_LOOKUPS)
        .iterator(chunk_size=5000)
    )
    return table_csv(DECISION_FIELDS, rows)


def recommendations_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Recommendations made on the year's decisions."""
    period = year.period
    rows = (
        Recommendation.objects.published()
        .in_year(period)
        .order_by("decision__decision_date", "decision__reference", "kind", "id")
        .values_list(
            "decision__reference",
            "decision__organisation__code",
            "decision__decision_date",
            "kind",
            "description",
            "due_date",
            "amount",
        )
        .iterator(chunk_size=5000)
    )
    return table_csv(RECOMMENDATION_FIELDS, rows)


def compliance_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Compliance outcomes assessed in the year (the year is that of the outcome, as in the
    statistics), on published decisions only: a row names its decision."""
    period = year.period
    rows = (
        ComplianceOutcome.objects.published()
        .in_year(period)
        .order_by("outcome_date", "decision__reference")
        .values_list(
            "decision__reference",
            "decision__organisation__code",
            "decision__decision_date",
            "outcome_date",
            "outcome",
        )
        .iterator(chunk_size=5000)
    )
    return table_csv(COMPLIANCE_FIELDS, rows)
