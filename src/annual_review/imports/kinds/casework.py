"""Import kinds for casework: decisions, and the rules every casework row shares (which
organisation a record dated on a day belongs to; references). Recommendations and compliance
outcomes are in follow_ups.py."""

from datetime import date
from itertools import compress
from operator import gt
from typing import Any

from django.db import connection

from annual_review.casework.models import (
    Category,
    Decision,
    Outcome,
)
from annual_review.imports.bulk import UpsertPlan, chunked, dates_stored
from annual_review.imports.columns import (
    Column,
    DateParser,
    choice_parser,
    parse_reference,
    parse_text,
    parse_yes_no,
)
from annual_review.imports.errors import RowError
from annual_review.imports.kinds.lifetimes import (  # noqa: F401 - messages named here before
    ABOLISHED_NO_SUCCESSOR,
    ABOLISHED_SEVERAL_SUCCESSORS,
    NOT_YET_EXISTING,
    NOT_YET_EXISTING_PREDECESSORS,
    REATTRIBUTED,
    lifetimes_checked,
    organisation_on_date,
    reattributed,
)
from annual_review.imports.parsing import (
    BatchRows,
    ImportKind,
    ImportReport,
    ParsedRows,
    StreamSpec,
)
from annual_review.imports.repeats import FirstRows
from annual_review.register.selectors import (
    OrganisationResolver,
    organisation_resolver_build,
)

UNKNOWN_ORGANISATION = (
    "is not a known organisation (use a GSS code, a register code or a known name)"
)


DUPLICATE_REFERENCE = "appears more than once in the file (first on row {first})"


REMEDY_NOT_UPHELD = "a satisfactory remedy can only be recorded on an upheld decision"


RECEIVED_AFTER_DECISION = "the complaint cannot be received after it was decided ({decided})"


UNKNOWN_DECISION = "is not the reference of an imported decision"


BEFORE_DECISION = "is before the decision it follows ({decided})"


NOT_UPHELD_DECISION = "only upheld decisions have recommendations and compliance outcomes"


DUPLICATE_RECOMMENDATION = "the same recommendation appears more than once (first on row {first})"


def references_map(references: list[str]) -> dict[str, tuple[int, Any, str]]:
    """reference -> (decision id, decision date, outcome) for the references given."""
    found: dict[str, tuple[int, Any, str]] = {}
    for chunk in chunked(sorted(set(references))):
        for ref, pk, day, outcome in Decision.objects.filter(reference__in=chunk).values_list(
            "reference", "id", "decision_date", "outcome"
        ):
            found[ref] = (pk, day, outcome)
    return found


DECISION_FIELDS = [
    "organisation_id",
    "decision_date",
    "received_date",
    "category",
    "outcome",
    "satisfactory_remedy",
    "public_report",
    "summary",
]


OPTIONAL_DEFAULTS = {
    "received_date": None,
    "satisfactory_remedy": False,
    "public_report": False,
    "summary": "",
}


def decisions_plan(parsed: ParsedRows, report: ImportReport, options: dict[str, Any]) -> UpsertPlan:
    """Check decisions across rows and against the register; sort them into new and changed."""
    batches = DecisionsBatches(options)
    plan = batches.check(parsed, report, compare=True)
    batches.finish(report.warnings)
    return plan or UpsertPlan(model=Decision, insert_fields=[], update_fields=[])


class DecisionsBatches:
    """The checks of a decisions file read a batch at a time (imports/batched.py): what must be
    known across batches is kept here, and only that: each reference's first row (for repeated
    references) and the count of rows filed under a successor."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.resolver = organisation_resolver_build()
        self.first_rows = FirstRows()
        self.moves: dict[tuple[int, int], int] = {}

    def check(
        self, parsed: ParsedRows, report: ImportReport, *, compare: bool
    ) -> UpsertPlan | None:
        """Report this batch's errors; if it has none and `compare`, its rows sorted into new,
        changed and unchanged against what is stored."""
        checked = _decisions_checked(
            parsed, report, self.resolver, first_rows=self.first_rows, moves=self.moves
        )
        if checked is None or not compare:
            return None
        return _decisions_compared(parsed, *checked)

    def finish(self, warnings: list[str]) -> None:
        """The warnings about the whole file, once every batch is checked."""
        if self.moves:
            warnings.append(reattributed(self.resolver.lifetimes, self.moves))


def _decisions_compared(
    parsed: ParsedRows,
    references: list[str],
    values: dict[str, list[Any]],
    inserts: list[tuple[Any, ...]],
) -> UpsertPlan:
    # Optional columns absent from the file keep what is stored (and take defaults when new).
    compared = [f for f in DECISION_FIELDS if f not in OPTIONAL_DEFAULTS or f in parsed.present]
    plan = UpsertPlan(
        model=Decision, insert_fields=["reference", *DECISION_FIELDS], update_fields=compared
    )
    stored = _stored_decisions(references, compared)
    if not stored:
        plan.to_create = inserts
        return plan
    for insert, ref, comparable in zip(
        inserts, references, zip(*(values[f] for f in compared), strict=True), strict=True
    ):
        found = stored.get(ref)
        if found is None:
            plan.to_create.append(insert)
        elif found[1] == comparable:
            plan.unchanged += 1
        else:
            plan.to_update.append((found[0], *comparable))
    return plan


def decisions_stream_prepare(options: dict[str, Any]) -> dict[str, Any]:
    """What the batch check of a streamed decisions file needs from the database: the register's
    lookups, as plain dictionaries (they go to the spawned checking process as they are)."""
    resolver = organisation_resolver_build()
    return {
        "by_code": resolver.by_code,
        "by_name": resolver.by_name,
        "by_core": resolver.by_core,
        "lifetimes": resolver.lifetimes,
    }


def decisions_stream_check(context: dict[str, Any]) -> BatchRows:
    """The batch check of a large decisions file streamed into an empty table (see core):
    every check of `decisions_plan`, plus references repeated from an earlier batch."""
    resolver = OrganisationResolver(**context)
    seen: set[str] = set()

    def batch_rows(parsed: ParsedRows, report: ImportReport) -> list[tuple[Any, ...]] | None:
        warned = len(report.warnings)
        checked = _decisions_checked(parsed, report, resolver)
        # Re-attributed rows are reported by the normal path (the spawned process's report
        # goes nowhere), so a batch with any hands the file back to it.
        if checked is None or len(report.warnings) > warned:
            return None
        references, _, inserts = checked
        before = len(seen)
        seen.update(references)
        return inserts if len(seen) == before + len(references) else None

    return batch_rows


def _decisions_checked(
    parsed: ParsedRows,
    report: ImportReport,
    resolver: OrganisationResolver,
    *,
    first_rows: FirstRows | None = None,
    moves: dict[tuple[int, int], int] | None = None,
) -> tuple[list[str], dict[str, list[Any]], list[tuple[Any, ...]]] | None:
    """Every check of decisions across rows and against the register; if none fails, the
    references, the parsed values by field and the rows to insert (None after an error).
    `first_rows` (reference -> first row) and `moves` carry what earlier batches of the same
    file found; without `moves` the warning about re-filed rows is given here.

    Works column by column (a file can hold a million decisions): each check runs over whole
    lists, and only a column with a problem is walked row by row to name the rows.
    """
    file_name = parsed.table.file_name
    numbers = parsed.numbers
    count = len(numbers)
    columns = parsed.columns
    nothing: list[Any] = [None] * count
    references: list[str] = columns["reference"]
    decided: list[date] = columns["decision_date"]
    received: list[date | None] = columns.get("received_date", nothing)
    outcomes: list[str] = columns["outcome"]
    remedies = list(map(bool, columns.get("satisfactory_remedy", nothing)))
    public = list(map(bool, columns.get("public_report", nothing)))
    summaries = [text or "" for text in columns.get("summary", nothing)]

    if first_rows is not None or len(set(references)) != count:
        firsts = (FirstRows() if first_rows is None else first_rows).firsts(references, numbers)
        if firsts != numbers:
            for number, ref, first in zip(numbers, references, firsts, strict=True):
                if first != number:
                    report.add_error(
                        RowError(
                            file_name,
                            number,
                            "reference",
                            ref,
                            DUPLICATE_REFERENCE.format(first=first),
                        )
                    )

    names: list[str] = columns["organisation"]
    resolved = {name: resolver.resolve(name) for name in set(names)}
    organisation_ids = list(map(resolved.__getitem__, names))
    if None in resolved.values():
        for number, name, org_id in zip(numbers, names, organisation_ids, strict=True):
            if org_id is None:
                report.add_error(
                    RowError(file_name, number, "organisation", name, UNKNOWN_ORGANISATION)
                )

    if resolver.lifetimes:
        lifetimes_checked(parsed, report, resolver, organisation_ids, decided, moves)

    upheld = Outcome.UPHELD.value
    for position in compress(range(count), remedies):
        if outcomes[position] != upheld:
            report.add_error(
                RowError(
                    file_name, numbers[position], "satisfactory_remedy", "yes", REMEDY_NOT_UPHELD
                )
            )

    if received is not nothing:
        earliest = date.min
        late = list(map(gt, [day or earliest for day in received], decided))
        for position in compress(range(count), late):
            report.add_error(
                RowError(
                    file_name,
                    numbers[position],
                    "received_date",
                    received[position].isoformat(),  # type: ignore[union-attr]
                    RECEIVED_AFTER_DECISION.format(decided=decided[position]),
                )
            )
    if not report.ok:
        return None

    values: dict[str, list[Any]] = {
        "organisation_id": organisation_ids,
        "decision_date": decided,
        "received_date": received,
        "category": columns["category"],
        "outcome": outcomes,
        "satisfactory_remedy": remedies,
        "public_report": public,
        "summary": summaries,
    }
    written = {
        **values,
        "decision_date": dates_stored(decided),
        "received_date": dates_stored(received),
    }
    inserts: list[tuple[Any, ...]] = list(
        zip(references, *(written[f] for f in DECISION_FIELDS), strict=True)
    )
    return references, values, inserts


def _stored_decisions(
    references: list[str], fields: list[str]
) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """reference -> (id, stored values of `fields`) for the references given.

    Read with one plain query rather than model instances: a million rows would otherwise pass
    through the ORM one by one. Dates and booleans come back as Python values on both databases.
    """
    qn = connection.ops.quote_name
    meta = Decision._meta
    column_list = ", ".join(qn(meta.get_field(f).column or f) for f in ["reference", "id", *fields])  # type: ignore[union-attr]
    sql = f"SELECT {column_list} FROM {qn(meta.db_table)}"
    stored: dict[str, tuple[int, tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {qn(meta.db_table)}")
        total = cursor.fetchone()[0]
        if not total:
            return stored
        # A file as large as a good part of the table: one pass over the table beats
        # thousands of lookups. A small file against a large table looks its references up.
        if total <= 4 * len(references):
            cursor.execute(sql)
            wanted = set(references)
            for row in cursor.fetchall():
                if row[0] in wanted:
                    stored[row[0]] = (row[1], tuple(row[2:]))
            return stored
        for chunk in chunked(references):
            cursor.execute(
                f"{sql} WHERE {qn('reference')} IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
            for row in cursor.fetchall():
                stored[row[0]] = (row[1], tuple(row[2:]))
    return stored


DECISIONS = ImportKind(
    name="decisions",
    description="Decisions on complaints and enquiries, one row per decision.",
    columns=(
        Column("reference", parse_reference, required=True, max_length=32),
        Column("organisation", parse_text, required=True, max_length=200),
        Column("decision_date", DateParser(), required=True),
        Column("received_date", DateParser()),
        Column("category", choice_parser(dict(Category.choices)), required=True),
        Column("outcome", choice_parser(dict(Outcome.choices)), required=True),
        Column("satisfactory_remedy", parse_yes_no),
        Column("public_report", parse_yes_no),
        Column("summary", parse_text, max_length=10_000),
    ),
    plan=decisions_plan,
    batched=DecisionsBatches,
    stream=StreamSpec(
        model=Decision,
        fields=("reference", *DECISION_FIELDS),
        prepare=decisions_stream_prepare,
        check=decisions_stream_check,
    ),
)
