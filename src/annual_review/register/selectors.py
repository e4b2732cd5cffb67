"""Reading the register: finding organisations by any code or name people use."""

from dataclasses import dataclass

from django.db.models import F

from annual_review.register.models import Organisation, OrganisationCode, OrganisationName
from annual_review.register.names import code_normalise, name_core, name_normalise


@dataclass(frozen=True)
class OrganisationResolver:
    """Maps every known code and normalised name to an organisation id (built once per import)."""

    by_code: dict[str, int]
    by_name: dict[str, int]
    by_core: dict[str, int]

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
    return OrganisationResolver(by_code=by_code, by_name=by_name, by_core=by_core)


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
