"""Import kinds for the register: population estimates and contacts (organisations themselves
are in organisations.py)."""

from datetime import date
from typing import Any

from annual_review.imports.bulk import UpsertPlan, upsert_plan
from annual_review.imports.columns import (
    Column,
    choice_parser,
    parse_count,
    parse_email,
    parse_text,
)
from annual_review.imports.errors import RowError
from annual_review.imports.kinds.casework import UNKNOWN_ORGANISATION
from annual_review.imports.parsing import ImportKind, ImportReport, ParsedRows
from annual_review.imports.repeats import FirstRows
from annual_review.register.models import (
    Contact,
    Population,
)
from annual_review.register.selectors import organisation_resolver_build

YEAR_REQUIRED = "a population import needs the estimate's year (--year YYYY)"


YEAR_OUT_OF_RANGE = "the estimate's year (--year {year}) must be from {first} to {last}"


POPULATION_IMPLAUSIBLE = (
    "is not a plausible population for one organisation (from {low:,} to {high:,})"
)


# Mid-year estimates are for years since the Ombudsman began (1974) and never for a year
# still to come. No organisation the Ombudsman covers has fewer than about 2,000 residents
# (the Isles of Scilly) or more than about 9 million (Greater London): the bounds leave room.
POPULATION_FIRST_YEAR = 1974


POPULATION_MIN = 100


POPULATION_MAX = 20_000_000


DUPLICATE_ORGANISATION = "the organisation appears more than once (first on row {first})"
DUPLICATE_CONTACT = "the same person and role appear more than once (first on row {first})"


def population_plan(
    parsed: ParsedRows, report: ImportReport, options: dict[str, Any]
) -> UpsertPlan:
    year = options.get("year")
    file_name = parsed.table.file_name
    if not year:
        report.add_error(RowError(file_name, None, None, None, YEAR_REQUIRED))
        return UpsertPlan(model=Population, insert_fields=[], update_fields=[])
    last_year = date.today().year
    if not POPULATION_FIRST_YEAR <= year <= last_year:
        report.add_error(
            RowError(
                file_name,
                None,
                None,
                None,
                YEAR_OUT_OF_RANGE.format(year=year, first=POPULATION_FIRST_YEAR, last=last_year),
            )
        )
        return UpsertPlan(model=Population, insert_fields=[], update_fields=[])
    # The ONS layout covers every geography (countries, regions...): codes outside the register
    # are skipped there. A plain code,population file must name only known organisations.
    ons_layout = bool({"name", "geography"} & parsed.present)
    resolver = organisation_resolver_build()
    source = f"{file_name} (mid-{year} estimate)"
    first_rows = FirstRows()
    incoming: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    skipped = 0
    for number, row in parsed:
        org_id = resolver.by_code.get(row["code"].strip().upper())
        if org_id is None:
            if ons_layout:
                skipped += 1
                continue
            report.add_error(RowError(file_name, number, "code", row["code"], UNKNOWN_ORGANISATION))
            continue
        first = first_rows.repeat_of(org_id, number)
        if first is not None:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "code",
                    row["code"],
                    DUPLICATE_ORGANISATION.format(first=first),
                )
            )
            continue
        if not POPULATION_MIN <= row["population"] <= POPULATION_MAX:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "population",
                    str(row["population"]),
                    POPULATION_IMPLAUSIBLE.format(low=POPULATION_MIN, high=POPULATION_MAX),
                )
            )
            continue
        incoming[org_id] = ((org_id, year, row["population"], source), (row["population"],))
    existing = [
        (org_id, pk, (population,))
        for org_id, pk, population in Population.objects.filter(year=year).values_list(
            "organisation_id", "id", "population"
        )
    ]
    plan = upsert_plan(
        model=Population,
        insert_fields=["organisation_id", "year", "population", "source"],
        update_fields=["population"],
        incoming=incoming,
        existing=existing,
    )
    plan.skipped = skipped
    return plan


POPULATION = ImportKind(
    name="population",
    description="ONS mid-year population estimates (Code, Name, Geography, All ages) "
    "or plain code,population.",
    columns=(
        Column("code", parse_text, required=True, max_length=16),
        Column("name", parse_text),
        Column("geography", parse_text),
        Column("population", parse_count, required=True, max_length=20, aliases=("all_ages",)),
    ),
    plan=population_plan,
)


CONTACT_FIELDS = ["honorific", "first_name", "last_name", "job_title"]


def contacts_plan(parsed: ParsedRows, report: ImportReport, options: dict[str, Any]) -> UpsertPlan:
    file_name = parsed.table.file_name
    resolver = organisation_resolver_build()
    first_rows = FirstRows()
    incoming: dict[tuple[int, str, str], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for number, row in parsed:
        org_id = resolver.resolve(row["organisation"])
        if org_id is None:
            report.add_error(
                RowError(
                    file_name, number, "organisation", row["organisation"], UNKNOWN_ORGANISATION
                )
            )
            continue
        key = (org_id, row["role"], row["email"].lower())
        first = first_rows.repeat_of(key, number)
        if first is not None:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "email",
                    row["email"],
                    DUPLICATE_CONTACT.format(first=first),
                )
            )
            continue
        values = tuple(row.get(f) or "" for f in CONTACT_FIELDS)
        incoming[key] = ((*key, *values), values)
    existing = [
        ((org, role, email.lower()), pk, tuple(rest))
        for org, role, email, pk, *rest in Contact.objects.values_list(
            "organisation_id", "role", "email", "id", *CONTACT_FIELDS
        )
    ]
    return upsert_plan(
        model=Contact,
        insert_fields=["organisation_id", "role", "email", *CONTACT_FIELDS],
        update_fields=CONTACT_FIELDS,
        incoming=incoming,
        existing=existing,
    )


CONTACTS = ImportKind(
    name="contacts",
    description="People who receive the letter or are named in it.",
    columns=(
        Column("organisation", parse_text, required=True),
        Column("role", choice_parser(dict(Contact.Role.choices)), required=True),
        Column("honorific", parse_text, max_length=20),
        Column("first_name", parse_text, max_length=100),
        Column("last_name", parse_text, required=True, max_length=100),
        Column("job_title", parse_text, max_length=200),
        Column("email", parse_email, required=True, max_length=254),
    ),
    plan=contacts_plan,
)
