"""What follows an upheld decision: the Ombudsman's recommendations and the council's compliance\nwith them, each row tied to an imported decision by its reference."""

import hashlib
from collections.abc import Iterator
from typing import Any

from annual_review.casework.models import (
    ComplianceOutcome,
    Outcome,
    Recommendation,
)
from annual_review.imports.bulk import UpsertPlan, chunked, upsert_plan
from annual_review.imports.columns import (
    Column,
    DateParser,
    choice_parser,
    days_ahead,
    parse_amount,
    parse_reference,
    parse_text,
)
from annual_review.imports.errors import RowError
from annual_review.imports.kinds.casework import (
    BEFORE_DECISION,
    DUPLICATE_RECOMMENDATION,
    DUPLICATE_REFERENCE,
    NOT_UPHELD_DECISION,
    UNKNOWN_DECISION,
    references_map,
)
from annual_review.imports.parsing import ImportKind, ImportReport, ParsedRows
from annual_review.imports.repeats import FirstRows

Incoming = dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]]


class _FollowUpBatches:
    """The checks of a follow-up file read a batch at a time (imports/batched.py): each row's
    decision is looked up by reference, batch by batch; across batches only each key's first
    row is kept. A kind gives its own checks of a row and its comparison with what is stored."""

    model: type[ComplianceOutcome] | type[Recommendation]

    def __init__(self, options: dict[str, Any]) -> None:
        self.first_rows = FirstRows()

    @classmethod
    def plan(cls, parsed: ParsedRows, report: ImportReport, options: dict[str, Any]) -> UpsertPlan:
        """The whole file as one batch."""
        plan = cls(options).check(parsed, report, compare=True)
        return plan or UpsertPlan(model=cls.model, insert_fields=[], update_fields=[])

    def check(
        self, parsed: ParsedRows, report: ImportReport, *, compare: bool
    ) -> UpsertPlan | None:
        """Report this batch's errors; if it has none and `compare`, its rows sorted into new,
        changed and unchanged against what is stored."""
        errors = report.error_count
        incoming = self._checked(parsed, report)
        if report.error_count > errors or not compare:
            return None
        return self._compared(incoming)

    def finish(self, warnings: list[str]) -> None:
        """No warning is about the whole file."""

    def _known(
        self, parsed: ParsedRows, report: ImportReport
    ) -> Iterator[tuple[int, dict[str, Any], tuple[int, Any, str]]]:
        """Each row whose reference is an imported decision's, with (decision id, decision
        date, outcome); the others reported."""
        file_name = parsed.table.file_name
        decisions = references_map(parsed.columns["reference"])
        for number, row in parsed:
            found = decisions.get(row["reference"])
            if found is None:
                report.add_error(
                    RowError(file_name, number, "reference", row["reference"], UNKNOWN_DECISION)
                )
                continue
            yield number, row, found

    def _checked(self, parsed: ParsedRows, report: ImportReport) -> Incoming:
        raise NotImplementedError

    def _compared(self, incoming: Incoming) -> UpsertPlan:
        raise NotImplementedError


class ComplianceBatches(_FollowUpBatches):
    """Compliance outcomes: one per upheld decision, on or after its date."""

    model = ComplianceOutcome

    def _checked(self, parsed: ParsedRows, report: ImportReport) -> Incoming:
        file_name = parsed.table.file_name
        incoming: Incoming = {}
        for number, row, (decision_id, decided, outcome) in self._known(parsed, report):
            ref = row["reference"]
            first = self.first_rows.repeat_of(ref, number)
            if first is not None:
                report.add_error(
                    RowError(
                        file_name, number, "reference", ref, DUPLICATE_REFERENCE.format(first=first)
                    )
                )
                continue
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
        return incoming

    def _compared(self, incoming: Incoming) -> UpsertPlan:
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


compliance_plan = ComplianceBatches.plan


COMPLIANCE = ImportKind(
    name="compliance",
    description="The Ombudsman's compliance outcome for an upheld decision's recommendations.",
    columns=(
        Column("reference", parse_reference, required=True, max_length=32),
        Column("outcome_date", DateParser(), required=True),
        Column("outcome", choice_parser(dict(ComplianceOutcome.Result.choices)), required=True),
    ),
    plan=compliance_plan,
    batched=ComplianceBatches,
)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class RecommendationsBatches(_FollowUpBatches):
    """Recommendations: on upheld decisions, each (decision, kind, description) once."""

    model = Recommendation

    def _checked(self, parsed: ParsedRows, report: ImportReport) -> Incoming:
        file_name = parsed.table.file_name
        incoming: Incoming = {}
        for number, row, (decision_id, _, outcome) in self._known(parsed, report):
            if outcome != Outcome.UPHELD:
                report.add_error(
                    RowError(file_name, number, "reference", row["reference"], NOT_UPHELD_DECISION)
                )
                continue
            key = (decision_id, row["kind"], row["description"])
            # The description (up to 2,000 characters) is kept across batches as its digest.
            first = self.first_rows.repeat_of((*key[:2], _digest(key[2])), number)
            if first is not None:
                report.add_error(
                    RowError(
                        file_name,
                        number,
                        "description",
                        row["description"],
                        DUPLICATE_RECOMMENDATION.format(first=first),
                    )
                )
                continue
            values = (row.get("due_date"), row.get("amount"))
            incoming[key] = ((*key, *values), values)
        return incoming

    def _compared(self, incoming: Incoming) -> UpsertPlan:
        # A decision's stored recommendations include those of the file's earlier batches:
        # only the ones this batch names are kept, so a batch holds its own rows' worth.
        existing = []
        for chunk in chunked(sorted({k[0] for k in incoming})):
            for decision_id, kind, description, pk, due, amount in (
                Recommendation.objects.filter(decision_id__in=chunk)
                .values_list("decision_id", "kind", "description", "id", "due_date", "amount")
                .iterator(chunk_size=500)
            ):
                key = (decision_id, kind, description)
                if key in incoming:
                    existing.append((key, pk, (due, amount)))
        return upsert_plan(
            model=Recommendation,
            insert_fields=["decision_id", "kind", "description", "due_date", "amount"],
            update_fields=["due_date", "amount"],
            incoming=incoming,
            existing=existing,
        )


recommendations_plan = RecommendationsBatches.plan


RECOMMENDATIONS = ImportKind(
    name="recommendations",
    description="What the Ombudsman recommended on an upheld decision.",
    columns=(
        Column("reference", parse_reference, required=True, max_length=32),
        Column("kind", choice_parser(dict(Recommendation.Kind.choices)), required=True),
        Column("description", parse_text, required=True, max_length=2000),
        Column(
            "due_date",
            DateParser(latest=days_ahead(3653), why_late="a due date is at most ten years ahead"),
        ),
        Column("amount", parse_amount, max_length=20),
    ),
    plan=recommendations_plan,
    batched=RecommendationsBatches,
)
