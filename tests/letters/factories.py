"""Statistics for letter tests, made directly (no casework records needed)."""

from annual_review.register.models import Organisation
from annual_review.statistics.calculations import Counts, GroupAverages, OrganisationStatistics
from annual_review.statistics.selectors import YearStatistics
from annual_review.years.periods import ReportingPeriod

SEED_YEAR = ReportingPeriod(2023)


def organisation_statistics(
    organisation: Organisation,
    *,
    upheld: int = 1,
    not_upheld: int = 1,
    satisfactory_remedies: int = 0,
    compliance_outcomes: int = 1,
    compliant: int = 1,
    population: int | None = 100_569,
    comparison_group: str | None = None,
) -> OrganisationStatistics:
    """One organisation's figures; the defaults are Bromsgrove's in the seed letter."""
    return OrganisationStatistics(
        organisation_id=organisation.id,
        organisation_code=organisation.code,
        gss_code=organisation.gss_code or "",
        name=organisation.name,
        comparison_group=(
            organisation.comparison_group if comparison_group is None else comparison_group
        ),
        counts=Counts(
            outcomes={"upheld": upheld, "not_upheld": not_upheld},
            satisfactory_remedies=satisfactory_remedies,
            compliance_outcomes=compliance_outcomes,
            compliant=compliant,
        ),
        population=population,
        population_year=2020 if population else None,
    )


def district_averages(
    *,
    uphold_rate: float | None = 0.63,
    upheld_per_100k: float | None = 1.2,
    compliance_rate: float | None = 0.99,
    satisfactory_remedy_rate: float | None = 0.21,
) -> GroupAverages:
    """The District Councils averages of the seed letter: 63%, 1.2, 99% and 21%."""
    return GroupAverages(
        group="district",
        members=164,
        uphold_rate=uphold_rate,
        upheld_per_100k=upheld_per_100k,
        compliance_rate=compliance_rate,
        satisfactory_remedy_rate=satisfactory_remedy_rate,
    )


def year_statistics(
    rows: list[OrganisationStatistics], groups: dict[str, GroupAverages] | None = None
) -> YearStatistics:
    return YearStatistics(
        period=SEED_YEAR,
        method="mean",
        organisations=rows,
        groups={"district": district_averages()} if groups is None else groups,
    )
