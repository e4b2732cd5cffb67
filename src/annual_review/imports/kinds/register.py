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
    """Check population estimates against the register; sort them into new and changed."""
    plan = PopulationBatches(options).check(parsed, report, compare=True)
    return plan or UpsertPlan(model=Population, insert_fields=[], update_fields=[])


class PopulationBatches:
    """The checks of a population file read a batch at a time (imports/batched.py): across
    batches only each organisation's first row is kept (and whether the estimate's year, the
    same for every batch, has been refused already)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.year: int | None = options.get("year")
        self.year_refused = False
        self.resolver = organisation_resolver_build()
        self.first_rows = FirstRows()

    def finish(self, warnings: list[str]) -> None:
        """No warning is about the whole file."""

    def _year_problem(self) -> str | None:
        if not self.year:
            return YEAR_REQUIRED
        last_year = date.today().year
        if not POPULATION_FIRST_YEAR <= self.year <= last_year:
            return YEAR_OUT_OF_RANGE.format(
                year=self.year, first=POPULATION_FIRST_YEAR, last=last_year
            )
        return None

    def check(
        self, parsed: ParsedRows, report: ImportReport, *, compare: bool
    ) -> UpsertPlan | None:
        """Report this batch's errors (the year's once per file); if it has none and
        `compare`, its rows sorted into new, changed and unchanged against what is stored."""
        file_name = parsed.table.file_name
        problem = self._year_problem()
        if problem is not None:
            if not self.year_refused:
                report.add_error(RowError(file_name, None, None, None, problem))
                self.year_refused = True
            return None
        year = self.year
        assert year is not None  # refused above
        errors = report.error_count
        resolver, first_rows = self.resolver, self.first_rows
        # The ONS layout covers every geography (countries, regions...): codes outside the register
        # are skipped there. A plain code,population file must name only known organisations.
        ons_layout = bool({"name", "geography"} & parsed.present)
        source = f"{file_name} (mid-{year} estimate)"
        incoming: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        skipped = 0
        for number, row in parsed:
            org_id = resolver.by_code.get(row["code"].strip().upper())
            if org_id is None:
                if ons_layout:
                    skipped += 1
                    continue
                report.add_error(
                    RowError(file_name, number, "code", row["code"], UNKNOWN_ORGANISATION)
                )
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
        if report.error_count > errors or not compare:
            return None
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
    batched=PopulationBatches,
)


CONTACT_FIELDS = ["honorific", "first_name", "last_name", "job_title"]


def contacts_plan(parsed: ParsedRows, report: ImportReport, options: dict[str, Any]) -> UpsertPlan:
    """Check contacts against the register; sort them into new and changed."""
    plan = ContactsBatches(options).check(parsed, report, compare=True)
    return plan or UpsertPlan(model=Contact, insert_fields=[], update_fields=[])


class ContactsBatches:
    """The checks of a contacts file read a batch at a time (imports/batched.py): across
    batches only each person and role's first row is kept."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.resolver = organisation_resolver_build()
        self.first_rows = FirstRows()

    def finish(self, warnings: list[str]) -> None:
        """No warning is about the whole file."""

    def check(
        self, parsed: ParsedRows, report: ImportReport, *, compare: bool
    ) -> UpsertPlan | None:
        """Report this batch's errors; if it has none and `compare`, its rows sorted into new,
        changed and unchanged against what is stored."""
        file_name = parsed.table.file_name
        errors = report.error_count
        resolver, first_rows = self.resolver, self.first_rows
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
        if report.error_count > errors or not compare:
            return None
        # Stored contacts include those of the file's earlier batches: only the ones this
        # batch names are kept.
        existing = []
        for org, role, email, pk, *rest in Contact.objects.values_list(
            "organisation_id", "role", "email", "id", *CONTACT_FIELDS
        ).iterator(chunk_size=2000):
            key = (org, role, email.lower())
            if key in incoming:
                existing.append((key, pk, tuple(rest)))
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
    batched=ContactsBatches,
)
