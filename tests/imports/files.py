"""Helpers for tests that import files: building CSV text, running imports, snapshots."""

from pathlib import Path
from typing import Any

from annual_review.casework.models import ComplianceOutcome, Decision, Recommendation
from annual_review.imports.core import import_run
from annual_review.imports.models import ImportRecord
from annual_review.imports.parsing import ImportReport
from annual_review.register.models import (
    Contact,
    Organisation,
    OrganisationCode,
    OrganisationName,
    Population,
)

DECISION_HEADER = (
    "reference,organisation,decision_date,received_date,category,outcome,"
    "satisfactory_remedy,public_report,summary"
)
STORED_MODELS = (
    Decision,
    ComplianceOutcome,
    Recommendation,
    Population,
    Contact,
    Organisation,
    OrganisationCode,
    OrganisationName,
    ImportRecord,
)


def database_snapshot() -> dict[str, Any]:
    """Every row of every table an import can touch, to compare before and after."""
    return {
        model.__name__: sorted(model.objects.order_by().values_list(), key=repr)
        for model in STORED_MODELS
    }


def stored_decisions() -> list[tuple[Any, ...]]:
    """Every stored decision's imported fields, in reference order (to compare two imports)."""
    return list(
        Decision.objects.order_by("reference").values_list(
            "reference",
            "organisation__code",
            "decision_date",
            "received_date",
            "category",
            "outcome",
            "satisfactory_remedy",
            "public_report",
            "summary",
        )
    )


def import_content(
    folder: Path,
    kind: str,
    content: str | bytes,
    *,
    name: str = "records.csv",
    commit: bool = True,
    **options: Any,
) -> ImportReport:
    """Write `content` (text or bytes) to `folder/name` and import it as `kind`."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return import_run(kind=kind, path=path, commit=commit, user="tester", options=options)


def decisions_text(*rows: str, header: str = DECISION_HEADER) -> str:
    """A decisions CSV: the header line, then one line per row."""
    return "\n".join([header, *rows]) + "\n"
