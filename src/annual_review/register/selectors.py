"""Reading the register: finding organisations by any code or name people use."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Q

from annual_review.register.models import Organisation, OrganisationCode, OrganisationName
from annual_review.register.names import code_normalise, name_core, name_normalise
from annual_review.years.periods import ReportingPeriod

# An organisation's lifetime as the importers check it: (name, start, end, successor ids).
Lifetime = tuple[str, date | None, date | None, tuple[int, ...]]


@dataclass(frozen=True)
class OrganisationResolver:
    """Maps every known code and normalised name to an organisation id (built once per import).

    `lifetimes` holds only the organisations with a start or an end date (plain values, so the
    resolver can go to a spawned checking process as it is).
    """

    by_code: dict[str, int]
    by_name: dict[str, int]
    by_core: dict[str, int]
    lifetimes: dict[int, Lifetime] = field(default_factory=dict)

    def resolve(self, value: str) -> int | None:
        found = self.by_code.get(code_normalise(value))
        if found is None:
            found = self.by_name.get(name_normalise(value))
        if found is None:
            found = self.by_core.get(name_core(value))
        return found


def organisation_resolver_build() -> OrganisationResolver:
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    # Current organisations first: a name an abolished council shared with its successor
    # ("North Yorkshire") means the council that exists now.
    for org_id, code, gss, name, short_name in Organisation.objects.order_by(
        F("end_date").desc(nulls_first=True), "id"
    ).values_list("id", "code", "gss_code", "name", "short_name"):
        by_code[code_normalise(code)] = org_id
        if gss:
            by_code[code_normalise(gss)] = org_id
        by_name.setdefault(name_normalise(name), org_id)
        by_name.setdefault(name_normalise(short_name), org_id)
    for code, org_id in OrganisationCode.objects.values_list("code", "organisation_id"):
        by_code.setdefault(code_normalise(code), org_id)
    for normalised, org_id in OrganisationName.objects.values_list("normalised", "organisation_id"):
        by_name.setdefault(normalised, org_id)
    # A core name ("bromsgrove") is kept only where it points to a single organisation.
    cores: dict[str, set[int]] = {}
    for normalised, org_id in by_name.items():
        cores.setdefault(name_core(normalised), set()).add(org_id)
    by_core = {core: ids.pop() for core, ids in cores.items() if len(ids) == 1}
    return OrganisationResolver(
        by_code=by_code, by_name=by_name, by_core=by_core, lifetimes=lifetimes_build()
    )


def lifetimes_build() -> dict[int, Lifetime]:
    """organisation id -> (name, start, end, successor ids) for organisations with a start or
    an end date, and for their successors (whose names the importers' messages give)."""
    successors: dict[int, list[int]] = {}
    for org_id, successor_id in Organisation.successors.through.objects.values_list(
        "from_organisation_id", "to_organisation_id"
    ).order_by("from_organisation_id", "to_organisation_id"):
        successors.setdefault(org_id, []).append(successor_id)
    bounded = Organisation.objects.filter(
        Q(start_date__isnull=False) | Q(end_date__isnull=False) | Q(predecessors__isnull=False)
    ).distinct()
    return {
        org_id: (name, start, end, tuple(successors.get(org_id, ())))
        for org_id, name, start, end in bounded.values_list("id", "name", "start_date", "end_date")
    }


def organisation_find(*, query: str) -> Organisation | None:
    """One organisation by code, GSS code (current or former) or any known name."""
    org_id = organisation_resolver_build().resolve(query)
    return Organisation.objects.filter(id=org_id).first() if org_id else None


def population_for_year(*, year: int) -> dict[int, tuple[int, int]]:
    """organisation id -> (population, estimate year) using the latest estimate no later than year."""
    from annual_review.register.models import Population

    latest: dict[int, tuple[int, int]] = {}
    for org_id, est_year, population in Population.objects.filter(year__lte=year).values_list(
        "organisation_id", "year", "population"
    ):
        if org_id not in latest or latest[org_id][1] < est_year:
            latest[org_id] = (population, est_year)
    return latest


def letter_recipients(*, period: ReportingPeriod, day: date) -> list[Organisation]:
    """The organisations that get a year's letters dated `day`: those existing on that day that
    existed during the year, or that succeeded one which did (Cumberland for 2022-23)."""
    in_year = Organisation.objects.in_period(period)
    return list(
        Organisation.objects.existing_on(day)
        .filter(Q(id__in=in_year) | Q(predecessors__in=in_year))
        .distinct()
        .order_by("gss_code", "code")
    )


def predecessors_reported(
    *, organisation: Organisation, period: ReportingPeriod, day: date
) -> list[Organisation]:
    """The organisation's predecessors that existed during the year but no longer exist on
    `day`, so their figures for the year go in its letter (and they get none of their own)."""
    return list(
        organisation.predecessors.in_period(period)
        .exclude(id__in=Organisation.objects.existing_on(day))
        .order_by("name")
    )
