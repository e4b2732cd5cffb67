"""Computing a reporting year's statistics for every organisation from the stored records."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from annual_review.casework.models import COMPLIANT_RESULTS, ComplianceOutcome, Decision
from annual_review.register.models import ComparisonGroup, Organisation
from annual_review.register.selectors import population_for_year
from annual_review.statistics.calculations import (
    Counts,
    GroupAverages,
    GroupMethod,
    OrganisationStatistics,
    group_averages,
)
from annual_review.years.periods import ReportingPeriod, period_parse


@dataclass(frozen=True)
class YearStatistics:
    period: ReportingPeriod
    method: GroupMethod
    organisations: list[OrganisationStatistics]
    groups: dict[str, GroupAverages]

    def for_code(self, code: str) -> OrganisationStatistics | None:
        return next((o for o in self.organisations if o.organisation_code == code), None)

    def group_of(self, row: OrganisationStatistics) -> GroupAverages | None:
        return self.groups.get(row.comparison_group) if row.comparison_group else None


def statistics_compute(
    *, year: str | ReportingPeriod, method: GroupMethod | None = None
) -> YearStatistics:
    """Every organisation's statistics for a reporting year, with its comparison group's averages."""
    period = period_parse(year) if isinstance(year, str) else year
    chosen: GroupMethod = method or (
        "pooled" if settings.ANNUAL_REVIEW_GROUP_AVERAGE == "pooled" else "mean"
    )
    in_year = {"decision_date__gte": period.start, "decision_date__lte": period.end}

    # One pass over the year's decisions, read from the covering index "decision_year_counts".
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    remedies: dict[int, int] = defaultdict(int)
    categories: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, outcome, remedy, category, n in (
        Decision.objects.filter(**in_year)
        .values_list("organisation_id", "outcome", "satisfactory_remedy", "category")
        .annotate(n=Count("*"))
        .order_by()
    ):
        by_outcome = outcomes[org_id]
        by_outcome[outcome] = by_outcome.get(outcome, 0) + n
        by_category = categories[org_id]
        by_category[category] = by_category.get(category, 0) + n
        if remedy:
            remedies[org_id] += n

    compliance_total: dict[int, int] = defaultdict(int)
    compliant: dict[int, int] = defaultdict(int)
    for org_id, result, n in (
        ComplianceOutcome.objects.filter(
            outcome_date__gte=period.start, outcome_date__lte=period.end
        )
        .values_list("decision__organisation_id", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    ):
        compliance_total[org_id] += n
        if result in COMPLIANT_RESULTS:
            compliant[org_id] += n

    populations = population_for_year(year=period.first_year)
    rows = []
    # The year's organisations: those that existed on at least one day of it, in the group they
    # were in then (see docs/METHODOLOGY.md, "Each year's councils").
    for org_id, code, gss, name, group in (
        Organisation.objects.in_period(period)
        .order_by("gss_code", "code")
        .values_list("id", "code", "gss_code", "name", "comparison_group")
    ):
        population, population_year = populations.get(org_id, (None, None))
        rows.append(
            OrganisationStatistics(
                organisation_id=org_id,
                organisation_code=code,
                gss_code=gss or "",
                name=name,
                comparison_group=group,
                counts=Counts(
                    outcomes=outcomes.get(org_id, {}),
                    categories=categories.get(org_id, {}),
                    satisfactory_remedies=remedies.get(org_id, 0),
                    compliance_outcomes=compliance_total.get(org_id, 0),
                    compliant=compliant.get(org_id, 0),
                ),
                population=population,
                population_year=population_year,
            )
        )
    groups = {}
    for group in ComparisonGroup.values:
        members = [r for r in rows if r.comparison_group == group]
        if members:
            groups[group] = group_averages(group, members, chosen)
    return YearStatistics(period=period, method=chosen, organisations=rows, groups=groups)


STATISTICS_COLUMNS = [
    "organisation_code",
    "gss_code",
    "name",
    "comparison_group",
    "decisions",
    "investigations",
    "upheld",
    "not_upheld",
    "uphold_rate",
    "uphold_rate_low",
    "uphold_rate_high",
    "upheld_per_100k",
    "population",
    "population_year",
    "compliance_outcomes",
    "compliance_rate",
    "compliance_rate_low",
    "compliance_rate_high",
    "satisfactory_remedies",
    "satisfactory_remedy_rate",
    "satisfactory_remedy_rate_low",
    "satisfactory_remedy_rate_high",
    "group_uphold_rate",
    "group_upheld_per_100k",
    "group_compliance_rate",
    "group_satisfactory_remedy_rate",
]


def statistics_rows(stats: YearStatistics) -> list[dict[str, object]]:
    """One flat record per organisation: unrounded rates from 0 to 1, None where undefined."""
    records = []
    for row in stats.organisations:
        group = stats.group_of(row)
        record: dict[str, object] = {
            "organisation_code": row.organisation_code,
            "gss_code": row.gss_code,
            "name": row.name,
            "comparison_group": row.comparison_group or None,
            "decisions": row.counts.decisions,
            "investigations": row.investigations,
            "upheld": row.upheld,
            "not_upheld": row.counts.not_upheld,
            "uphold_rate": row.uphold_rate,
            "upheld_per_100k": row.upheld_per_100k,
            "population": row.population,
            "population_year": row.population_year,
            "compliance_outcomes": row.compliance_outcomes,
            "compliance_rate": row.compliance_rate,
            "satisfactory_remedies": row.satisfactory_remedies,
            "satisfactory_remedy_rate": row.satisfactory_remedy_rate,
        }
        for measure in ("uphold_rate", "compliance_rate", "satisfactory_remedy_rate"):
            interval = row.interval(measure)
            record[f"{measure}_low"] = interval[0] if interval else None
            record[f"{measure}_high"] = interval[1] if interval else None
        for measure in (
            "uphold_rate",
            "upheld_per_100k",
            "compliance_rate",
            "satisfactory_remedy_rate",
        ):
            record[f"group_{measure}"] = getattr(group, measure) if group else None
        records.append({column: record[column] for column in STATISTICS_COLUMNS})
    return records
