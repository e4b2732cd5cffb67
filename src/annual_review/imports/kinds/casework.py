"""Import kinds for casework: decisions, compliance outcomes, recommendations."""

from typing import Any

from annual_review.casework.models import (
    Category,
    ComplianceOutcome,
    Decision,
    Outcome,
    Recommendation,
)
from annual_review.imports.bulk import UpsertPlan, chunked, upsert_plan
from annual_review.imports.columns import (
    Column,
    DateParser,
    choice_parser,
    parse_amount,
    parse_text,
    parse_yes_no,
)
from annual_review.imports.core import ImportKind, ImportReport, ParsedRows
from annual_review.imports.errors import RowError
from annual_review.register.selectors import organisation_resolver_build

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


def _references_map(references: list[str]) -> dict[str, tuple[int, Any, str]]:
    """reference -> (decision id, decision date, outcome) for the references given."""
    found: dict[str, tuple[int, Any, str]] = {}
    for chunk in chunked(sorted(set(references))):
        for ref, pk, day, outcome in Decision.objects.filter(reference__in=chunk).values_list(
            "reference", "id", "decision_date", "outcome"
        ):
            found[ref] = (pk, day, outcome)
    return found


# --- decisions -----------------------------------------------------------------------------

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
    resolver = organisation_resolver_build()
    resolved: dict[str, int | None] = {}
    file_name = parsed.table.file_name
    first_row: dict[str, int] = {}
    incoming: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    # Optional columns absent from the file keep what is stored (and take defaults when new).
    compared = [f for f in DECISION_FIELDS if f not in OPTIONAL_DEFAULTS or f in parsed.present]
    compared_index = [DECISION_FIELDS.index(f) for f in compared]
    upheld = Outcome.UPHELD.value
    for number, row in parsed:
        ref = row["reference"]
        if ref in first_row:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "reference",
                    ref,
                    DUPLICATE_REFERENCE.format(first=first_row[ref]),
                )
            )
            continue
        first_row[ref] = number
        name = row["organisation"]
        if name not in resolved:
            resolved[name] = resolver.resolve(name)
        org_id = resolved[name]
        if org_id is None:
            report.add_error(
                RowError(file_name, number, "organisation", name, UNKNOWN_ORGANISATION)
            )
            continue
        remedy = row.get("satisfactory_remedy") or False
        if remedy and row["outcome"] != upheld:
            report.add_error(
                RowError(file_name, number, "satisfactory_remedy", "yes", REMEDY_NOT_UPHELD)
            )
            continue
        received = row.get("received_date")
        if received is not None and received > row["decision_date"]:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "received_date",
                    received.isoformat(),
                    RECEIVED_AFTER_DECISION.format(decided=row["decision_date"]),
                )
            )
            continue
        values = (
            org_id,
            row["decision_date"],
            received,
            row["category"],
            row["outcome"],
            remedy,
            row.get("public_report") or False,
            row.get("summary") or "",
        )
        incoming[ref] = ((ref, *values), tuple(values[i] for i in compared_index))
    if not report.ok:
        return UpsertPlan(model=Decision, insert_fields=[], update_fields=[])
    return upsert_plan(
        model=Decision,
        insert_fields=["reference", *DECISION_FIELDS],
        update_fields=compared,
        incoming=incoming,
        existing=_existing_decisions(list(incoming), compared),
    )


def _existing_decisions(
    references: list[str], fields: list[str]
) -> list[tuple[Any, int, tuple[Any, ...]]]:
    if not Decision.objects.exists():
        return []
    if len(references) > 50_000:
        query = Decision.objects.values_list("reference", "id", *fields)
        return [(r[0], r[1], tuple(r[2:])) for r in query.iterator(chunk_size=20_000)]
    rows = []
    for chunk in chunked(references):
        for r in Decision.objects.filter(reference__in=chunk).values_list(
            "reference", "id", *fields
        ):
            rows.append((r[0], r[1], tuple(r[2:])))
    return rows


DECISIONS = ImportKind(
    name="decisions",
    description="Decisions on complaints and enquiries, one row per decision.",
    columns=(
        Column("reference", parse_text, required=True, max_length=32),
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
)


# --- compliance ----------------------------------------------------------------------------


def compliance_plan(
    parsed: ParsedRows, report: ImportReport, options: dict[str, Any]
) -> UpsertPlan:
    file_name = parsed.table.file_name
    decisions = _references_map([row["reference"] for _, row in parsed])
    first_row: dict[str, int] = {}
    incoming: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for number, row in parsed:
        ref = row["reference"]
        found = decisions.get(ref)
        if found is None:
            report.add_error(RowError(file_name, number, "reference", ref, UNKNOWN_DECISION))
            continue
        if ref in first_row:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "reference",
                    ref,
                    DUPLICATE_REFERENCE.format(first=first_row[ref]),
                )
            )
            continue
        first_row[ref] = number
        decision_id, decided, outcome = found
        if outcome != Outcome.UPHELD:
            report.add_error(RowError(file_name, number, "reference", ref, NOT_UPHELD_DECISION))
            continue
        if row["outcome_date"] < decided:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "outcome_date",
                    row["outcome_date"].isoformat(),
                    BEFORE_DECISION.format(decided=decided),
                )
            )
            continue
        values = (row["outcome_date"], row["outcome"])
        incoming[decision_id] = ((decision_id, *values), values)
    existing = []
    for chunk in chunked(list(incoming)):
        for decision_id, pk, day, outcome in ComplianceOutcome.objects.filter(
            decision_id__in=chunk
        ).values_list("decision_id", "id", "outcome_date", "outcome"):
            existing.append((decision_id, pk, (day, outcome)))
    return upsert_plan(
        model=ComplianceOutcome,
        insert_fields=["decision_id", "outcome_date", "outcome"],
        update_fields=["outcome_date", "outcome"],
        incoming=incoming,
        existing=existing,
    )


COMPLIANCE = ImportKind(
    name="compliance",
    description="The Ombudsman's compliance outcome for an upheld decision's recommendations.",
    columns=(
        Column("reference", parse_text, required=True, max_length=32),
        Column("outcome_date", DateParser(), required=True),
        Column("outcome", choice_parser(dict(ComplianceOutcome.Result.choices)), required=True),
    ),
    plan=compliance_plan,
)


# --- recommendations -----------------------------------------------------------------------


def recommendations_plan(
    parsed: ParsedRows, report: ImportReport, options: dict[str, Any]
) -> UpsertPlan:
    file_name = parsed.table.file_name
    decisions = _references_map([row["reference"] for _, row in parsed])
    first_row: dict[tuple[int, str, str], int] = {}
    incoming: dict[tuple[int, str, str], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for number, row in parsed:
        ref = row["reference"]
        found = decisions.get(ref)
        if found is None:
            report.add_error(RowError(file_name, number, "reference", ref, UNKNOWN_DECISION))
            continue
        decision_id, _, outcome = found
        if outcome != Outcome.UPHELD:
            report.add_error(RowError(file_name, number, "reference", ref, NOT_UPHELD_DECISION))
            continue
        key = (decision_id, row["kind"], row["description"])
        if key in first_row:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "description",
                    row["description"],
                    DUPLICATE_RECOMMENDATION.format(first=first_row[key]),
                )
            )
            continue
        first_row[key] = number
        values = (row.get("due_date"), row.get("amount"))
        incoming[key] = ((*key, *values), values)
    existing = []
    for chunk in chunked(sorted({k[0] for k in incoming})):
        for decision_id, kind, description, pk, due, amount in Recommendation.objects.filter(
            decision_id__in=chunk
        ).values_list("decision_id", "kind", "description", "id", "due_date", "amount"):
            existing.append(((decision_id, kind, description), pk, (due, amount)))
    return upsert_plan(
        model=Recommendation,
        insert_fields=["decision_id", "kind", "description", "due_date", "amount"],
        update_fields=["due_date", "amount"],
        incoming=incoming,
        existing=existing,
    )


RECOMMENDATIONS = ImportKind(
    name="recommendations",
    description="What the Ombudsman recommended on an upheld decision.",
    columns=(
        Column("reference", parse_text, required=True, max_length=32),
        Column("kind", choice_parser(dict(Recommendation.Kind.choices)), required=True),
        Column("description", parse_text, required=True, max_length=2000),
        Column("due_date", DateParser()),
        Column("amount", parse_amount, max_length=20),
    ),
    plan=recommendations_plan,
)
