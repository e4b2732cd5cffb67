"""The demonstration dataset written as the CSV files a user imports, with the notice that they\nare generated, not real."""

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from annual_review.casework.models import Category, ComplianceOutcome, Outcome
from annual_review.demo.records import DemoDataset

DECISION_COLUMNS = (
    "reference",
    "organisation",
    "decision_date",
    "received_date",
    "category",
    "outcome",
    "satisfactory_remedy",
    "public_report",
    "summary",
)


RECOMMENDATION_COLUMNS = ("reference", "kind", "description", "due_date", "amount")


COMPLIANCE_COLUMNS = ("reference", "outcome_date", "outcome")


CONTACT_COLUMNS = (
    "organisation",
    "role",
    "honorific",
    "first_name",
    "last_name",
    "job_title",
    "email",
)


# The files in the order they must be imported (recommendations and compliance name decisions).
DEMO_FILES = ("decisions", "recommendations", "compliance", "contacts")


NOTICE_FILE = "GENERATED-NOT-REAL.txt"


NOTICE = (
    "These files are the Annual Review demonstration dataset. Every record in them was made up\n"
    "by a program (annual_review.demo.generator) calibrated to the Ombudsman's published\n"
    "national figures. They are not real decisions, and the people named are fictional.\n"
)


OUTCOME_LABELS = dict(Outcome.choices)


CATEGORY_LABELS = dict(Category.choices)


COMPLIANCE_LABELS = dict(ComplianceOutcome.Result.choices)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def dataset_write(*, dataset: DemoDataset, out_dir: Path) -> dict[str, Path]:
    """Write the dataset as the CSV files a user imports; returns kind -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: out_dir / f"{kind}.csv" for kind in DEMO_FILES}
    decisions = sorted(dataset.decisions, key=lambda d: (d.decision_date, d.reference))
    _csv_write(
        paths["decisions"],
        DECISION_COLUMNS,
        (
            (
                d.reference,
                d.council.name,
                d.decision_date.isoformat(),
                d.received_date.isoformat() if d.received_date else "",
                CATEGORY_LABELS[d.category],
                OUTCOME_LABELS[d.outcome],
                _yes_no(d.satisfactory_remedy),
                _yes_no(d.public_report),
                d.summary,
            )
            for d in decisions
        ),
    )
    _csv_write(
        paths["recommendations"],
        RECOMMENDATION_COLUMNS,
        (
            (
                r.reference,
                r.kind,
                r.description,
                r.due_date.isoformat(),
                "" if r.amount is None else f"{r.amount}.00",
            )
            for r in sorted(dataset.recommendations, key=lambda r: (r.reference, r.kind))
        ),
    )
    _csv_write(
        paths["compliance"],
        COMPLIANCE_COLUMNS,
        (
            (c.reference, c.outcome_date.isoformat(), COMPLIANCE_LABELS[c.outcome])
            for c in sorted(dataset.compliance, key=lambda c: (c.outcome_date, c.reference))
        ),
    )
    _csv_write(paths["contacts"], CONTACT_COLUMNS, dataset.contacts)
    (out_dir / NOTICE_FILE).write_text(NOTICE, encoding="utf-8")
    return paths


def _csv_write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
