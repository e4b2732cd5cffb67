"""Factories for every record the tests make, in one place (factory_boy).

Councils come from the register loaded into every test database, so `OrganisationFactory` with
a register code returns that council (`OrganisationFactory(code="BRM")`), and makes a new one
otherwise. A reporting year is found by its first year and its publication time set
(`ReportingYearFactory(first_year=2023, published=True)`), as `setup` and imports would leave it.
Decisions get a fresh reference each; rows for `bulk_create` come from `DecisionFactory.build()`.

The letter tests' figures (no records needed) are built here too: `organisation_statistics`,
`district_averages`, `year_statistics`.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import factory
from django.contrib.auth.models import Group, User

from annual_review.casework.models import ComplianceOutcome, DatasetLabel, Decision, Recommendation
from annual_review.register.models import Contact, Organisation, Population
from annual_review.statistics.calculations import Counts, GroupAverages, OrganisationStatistics
from annual_review.statistics.selectors import YearStatistics
from annual_review.workflow.models import LetterVersion
from annual_review.years.models import ReportingYear
from annual_review.years.periods import ReportingPeriod

TEST_PASSWORD = "correct horse battery"  # noqa: S105 (test users only)


def _a_day_ago() -> datetime:
    return datetime.now(tz=UTC) - timedelta(days=1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A council: the register's own for a code it holds, otherwise a new one."""

    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TST{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Test Council {o.code}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    slug = factory.LazyAttribute(lambda o: f"test-council-{o.code.lower()}")


def council(code: str = "BRM") -> Organisation:
    """A council of the bundled register, by its code (Bromsgrove unless told)."""
    return Organisation.objects.get(code=code)


class PopulationFactory(factory.django.DjangoModelFactory):
    """A council's population in a year; a second one for the same year replaces the first."""

    class Meta:
        model = Population
        django_get_or_create = ("organisation", "year")

    organisation = factory.LazyFunction(council)
    year = 2020
    population = 100_000

    @classmethod
    def _create(cls, model_class: type[Population], *args: Any, **kwargs: Any) -> Population:
        keys = {"organisation": kwargs.pop("organisation"), "year": kwargs.pop("year")}
        row, _ = model_class.objects.update_or_create(**keys, defaults=kwargs)
        return row


class ReportingYearFactory(factory.django.DjangoModelFactory):
    """A reporting year found by its first year (made if missing), with its publication time
    set: `published=True` means a day ago; without it the year is not scheduled."""

    class Meta:
        model = ReportingYear

    class Params:
        published = factory.Trait(publish_at=factory.LazyFunction(_a_day_ago))

    first_year = 2023
    label = factory.LazyAttribute(lambda y: f"{y.first_year}-{(y.first_year + 1) % 100:02d}")
    publish_at = None

    @classmethod
    def _create(cls, model_class: type[ReportingYear], *args: Any, **kwargs: Any) -> ReportingYear:
        first_year = kwargs.pop("first_year")
        year, _ = model_class.objects.update_or_create(first_year=first_year, defaults=kwargs)
        return year


class DecisionFactory(factory.django.DjangoModelFactory):
    """A Bromsgrove housing decision, upheld, on 1 June 2023 (in 2023-24), with a new reference."""

    class Meta:
        model = Decision

    reference = factory.Sequence(lambda n: f"T{n + 1:07d}")
    organisation = factory.LazyFunction(council)
    decision_date = date(2023, 6, 1)
    received_date = None
    category = "housing"
    outcome = "upheld"
    satisfactory_remedy = False
    public_report = False
    summary = ""


class ComplianceOutcomeFactory(factory.django.DjangoModelFactory):
    """The council's compliance with a decision's remedy, recorded thirty days after it."""

    class Meta:
        model = ComplianceOutcome

    decision = factory.SubFactory(DecisionFactory)
    outcome_date = factory.LazyAttribute(lambda c: c.decision.decision_date + timedelta(days=30))
    outcome = ComplianceOutcome.Result.SATISFIED


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation made with a decision: a service improvement unless told."""

    class Meta:
        model = Recommendation

    decision = factory.SubFactory(DecisionFactory)
    kind = Recommendation.Kind.SERVICE_IMPROVEMENT
    description = "Review how complaints are answered."
    due_date = None
    amount = None


class DatasetLabelFactory(factory.django.DjangoModelFactory):
    """What the database holds: real records unless `kind=DatasetLabel.Kind.DEMO`."""

    class Meta:
        model = DatasetLabel

    kind = DatasetLabel.Kind.REAL
    note = ""


class ContactFactory(factory.django.DjangoModelFactory):
    """A council's chief executive unless told, with an address at the council's example domain."""

    class Meta:
        model = Contact

    organisation = factory.LazyFunction(council)
    role = Contact.Role.CHIEF_EXECUTIVE
    first_name = "Cara"
    last_name = "Chief"
    email = factory.LazyAttribute(
        lambda c: f"{c.first_name.lower() or c.last_name.lower()}@{c.organisation.slug}.example"
    )


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user with the test password and the roles given: `UserFactory(roles=["approver"])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=list(extracted)))


class LetterVersionFactory(factory.django.DjangoModelFactory):
    """A version of a council's letter for a year: a draft of Bromsgrove's 2023-24 unless told."""

    class Meta:
        model = LetterVersion

    organisation = factory.LazyFunction(council)
    year = factory.SubFactory(ReportingYearFactory)
    status = "draft"


# The letter tests' figures, made directly (no casework records needed).
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
    """A year's figures for the given organisations, with the District Councils' averages."""
    return YearStatistics(
        period=SEED_YEAR,
        method="mean",
        organisations=rows,
        groups={"district": district_averages()} if groups is None else groups,
    )
