"""The register: organisations the Ombudsman reports on, their codes, names, people and population."""

import re
from datetime import date

from django.db import models
from django.db.models import Q

from annual_review.years.periods import ReportingPeriod

# An organisation's register code: what the import accepts, the API's filters and its OpenAPI
# document allow (Organisation.code holds at most 16 characters).
ORGANISATION_CODE_PATTERN = r"^[A-Za-z0-9_-]{1,16}$"
ORGANISATION_CODE = re.compile(ORGANISATION_CODE_PATTERN)


class ComparisonGroup(models.TextChoices):
    COUNTY = "county", "County Councils"
    DISTRICT = "district", "District Councils"
    METROPOLITAN = "metropolitan", "Metropolitan Boroughs"
    UNITARY = "unitary", "Unitary Councils"
    LONDON = "london", "London Boroughs"


# Register type (mySociety's local-authority-type) -> comparison group.
GROUP_BY_TYPE = {
    "CTY": ComparisonGroup.COUNTY,
    "NMD": ComparisonGroup.DISTRICT,
    "MD": ComparisonGroup.METROPOLITAN,
    "UA": ComparisonGroup.UNITARY,
    "LBO": ComparisonGroup.LONDON,
    "CC": ComparisonGroup.LONDON,
}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def existing_on(self, day: date) -> "OrganisationQuerySet":
        """Organisations that existed on `day`: started on or before it, not yet abolished."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
        )

    def in_period(self, period: ReportingPeriod) -> "OrganisationQuerySet":
        """Organisations that existed on at least one day of a reporting year."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=period.end),
            Q(end_date__isnull=True) | Q(end_date__gt=period.start),
        )


class Organisation(models.Model):
    """A council or other body. `code` is the stable key; GSS codes can change.

    An organisation exists from `start_date` (None: before any year the site covers) up to, not
    including, `end_date`, the day it was abolished, which is its successors' first day (None:
    it still exists). A reorganisation makes new organisations rather than changing old ones, so
    an organisation's comparison group and parent county are those it had all its life.
    """

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    gss_code = models.CharField(max_length=9, unique=True, null=True, blank=True)
    type = models.CharField(max_length=8, blank=True)
    comparison_group = models.CharField(
        max_length=16, choices=ComparisonGroup.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    region = models.CharField(max_length=60, blank=True)
    in_register = models.BooleanField(
        default=False, help_text="Loaded from the bundled register of current English councils."
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="The day it was abolished (its successors' first day)."
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lt=models.F("end_date")),
                name="organisation_starts_before_it_ends",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def exists_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day < self.end_date
        )


class OrganisationCode(models.Model):
    """Every code that names an organisation: GSS (current, former, recoded) and register codes."""

    class Kind(models.TextChoices):
        REGISTER = "register", "Register code"
        GSS = "gss", "Current GSS code"
        FORMER_GSS = "former_gss", "Former GSS code"
        ALIAS = "alias", "Alias for a code change"

    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="codes")

    def __str__(self) -> str:
        return self.code


class OrganisationName(models.Model):
    """A name people use for an organisation ("Bromsgrove DC"), stored normalised."""

    normalised = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """An ONS mid-year population estimate for an organisation's area."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="population_once_a_year")
        ]
        ordering = ["organisation", "year"]


class Contact(models.Model):
    """A person at an organisation who receives or is named in the annual letter."""

    class Role(models.TextChoices):
        CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
        LEADER = "leader", "Leader"
        SCRUTINY_CHAIR = "scrutiny_chair", "Chair of scrutiny"
        MONITORING_OFFICER = "monitoring_officer", "Monitoring officer"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField(max_length=24, choices=Role.choices)
    honorific = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role", "email"], name="contact_once_per_role"
            )
        ]
        ordering = ["organisation", "role", "last_name"]

    def __str__(self) -> str:
        return f"{self.honorific} {self.first_name} {self.last_name}".strip()
