"""The Ombudsman's casework records: decisions, compliance outcomes and recommendations, and
the label saying what the dataset as a whole is (real records or demonstration data).

Each record type has one `published()` filter, the only rule for what the public may see of it
(docs/METHODOLOGY.md, "What is public when"), and an `in_year(period)` filter for the year it
belongs to. Every public reader (public/, api/, opendata/) starts from `published()`.
"""

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import Q

from annual_review.register.models import Organisation
from annual_review.years.models import ReportingYear
from annual_review.years.periods import ReportingPeriod, period_parse


def published_spans(*, years: Iterable[str] | None = None) -> list[tuple[date, date]]:
    """The published reporting years as date ranges, consecutive years joined into one range.

    `years` are the published years' labels when the caller already holds them (the public
    site reads them once per data version); without it they are read now.
    """
    if years is None:
        first_years = list(ReportingYear.objects.published().values_list("first_year", flat=True))
    else:
        first_years = [period_parse(label).first_year for label in years]
    spans: list[tuple[date, date]] = []
    for first_year in sorted(first_years):
        period = ReportingPeriod(first_year)
        # One indexed range scan for consecutive years instead of one per year.
        if spans and spans[-1][1] == period.previous().end:
            spans[-1] = (spans[-1][0], period.end)
        else:
            spans.append((period.start, period.end))
    return spans


def _dated_within(field: str, spans: list[tuple[date, date]]) -> Q:
    """`field` falls within one of `spans` (matches nothing when there are none)."""
    condition = Q(pk__in=[])
    for start, end in spans:
        condition |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return condition


class DecisionQuerySet(models.QuerySet["Decision"]):
    def published(self, *, years: Iterable[str] | None = None) -> "DecisionQuerySet":
        """Decisions whose decision date lies within a published reporting year."""
        return self.filter(_dated_within("decision_date", published_spans(years=years)))

    def in_year(self, period: ReportingPeriod) -> "DecisionQuerySet":
        return self.filter(decision_date__gte=period.start, decision_date__lte=period.end)


class Category(models.TextChoices):
    ADULT_CARE = "adult_care", "Adult care services"
    BENEFITS_TAX = "benefits_tax", "Benefits and tax"
    CORPORATE = "corporate", "Corporate and other services"
    EDUCATION_CHILDREN = "education_children", "Education and children's services"
    ENVIRONMENT = "environment", "Environment services, public protection and regulation"
    HIGHWAYS = "highways", "Highways and transport"
    HOUSING = "housing", "Housing"
    PLANNING = "planning", "Planning and development"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    CLOSED_AFTER_INITIAL_ENQUIRIES = (
        "closed_after_initial_enquiries",
        "Closed after initial enquiries",
    )
    REFERRED_BACK = "referred_back_for_local_resolution", "Referred back for local resolution"
    ADVICE_GIVEN = "advice_given", "Advice given"
    INCOMPLETE_OR_INVALID = "incomplete_or_invalid", "Incomplete/Invalid"


INVESTIGATED_OUTCOMES = (Outcome.UPHELD, Outcome.NOT_UPHELD)


class Decision(models.Model):
    """One decided complaint or enquiry about an organisation."""

    # Unique through a named constraint rather than unique=True: PostgreSQL then has no extra
    # LIKE index, and a large import can drop and rebuild it in one pass (imports/bulk.py).
    reference = models.CharField(max_length=32)
    # No index of its own: "decision_org_date" starts with the organisation.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="decisions", db_index=False
    )
    decision_date = models.DateField()
    received_date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    outcome = models.CharField(max_length=40, choices=Outcome.choices)
    satisfactory_remedy = models.BooleanField(default=False)
    public_report = models.BooleanField(default=False)
    summary = models.TextField(blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "reference"]
        indexes = [
            # Covers the statistics query: one year's decisions counted by organisation, outcome,
            # remedy and category, read from the index alone.
            models.Index(
                fields=[
                    "decision_date",
                    "organisation",
                    "outcome",
                    "satisfactory_remedy",
                    "category",
                ],
                name="decision_year_counts",
            ),
            models.Index(fields=["organisation", "decision_date"], name="decision_org_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="decision_reference_unique"),
            models.CheckConstraint(
                condition=models.Q(satisfactory_remedy=False) | models.Q(outcome="upheld"),
                name="satisfactory_remedy_only_when_upheld",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ComplianceOutcomeQuerySet(models.QuerySet["ComplianceOutcome"]):
    def published(self, *, years: Iterable[str] | None = None) -> "ComplianceOutcomeQuerySet":
        """Compliance outcomes dated (their own date, as the statistics count them) within a
        published year, on a published decision: listing one also names its decision."""
        spans = published_spans(years=years)
        return self.filter(
            _dated_within("outcome_date", spans), _dated_within("decision__decision_date", spans)
        )

    def in_year(self, period: ReportingPeriod) -> "ComplianceOutcomeQuerySet":
        """The outcomes a year's figures count: those dated within it."""
        return self.filter(outcome_date__gte=period.start, outcome_date__lte=period.end)


class ComplianceOutcome(models.Model):
    """Whether the organisation did what the Ombudsman recommended on a decision."""

    class Result(models.TextChoices):
        SATISFIED = "satisfied", "Satisfied"
        SATISFIED_LATE = "satisfied_late", "Satisfied late"
        NOT_SATISFIED = "not_satisfied", "Not satisfied"

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="compliance")
    outcome_date = models.DateField()
    outcome = models.CharField(max_length=16, choices=Result.choices)

    objects = ComplianceOutcomeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["outcome_date"], name="compliance_date")]


COMPLIANT_RESULTS = (ComplianceOutcome.Result.SATISFIED, ComplianceOutcome.Result.SATISFIED_LATE)


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def published(self, *, years: Iterable[str] | None = None) -> "RecommendationQuerySet":
        """Recommendations on a published decision: they are made in the decision, so its date
        is theirs (a due date is a deadline set then, and may fall in a later year)."""
        return self.filter(_dated_within("decision__decision_date", published_spans(years=years)))

    def in_year(self, period: ReportingPeriod) -> "RecommendationQuerySet":
        return self.filter(
            decision__decision_date__gte=period.start, decision__decision_date__lte=period.end
        )


class Recommendation(models.Model):
    """Something the Ombudsman recommended the organisation do to put things right."""

    class Kind(models.TextChoices):
        APOLOGY = "apology", "Apology"
        FINANCIAL_REMEDY = "financial_remedy", "Financial remedy"
        SERVICE_IMPROVEMENT = "service_improvement", "Service improvement"
        PROCEDURE_CHANGE = "procedure_change", "Procedure change"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    description = models.TextField()
    due_date = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "description"], name="recommendation_once"
            )
        ]


class DatasetLabel(models.Model):
    """Says what the database holds. Demonstration data is labelled so every page can say so."""

    class Kind(models.TextChoices):
        REAL = "real", "Real records"
        DEMO = "demo", "Demonstration data (generated, not real decisions)"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REAL)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table kept its name when the model moved here from `imports` (state-only move).
        db_table = "imports_datasetlabel"
