"""The catalogue of files offered for every published year: each one's name, title, media type,
description and columns, in the order the pages, the README and the data package list them.

Only what the files are; `builders.BUILDERS` says how each is made. So the README and the data
package can list every file, themselves included, without needing their own builders.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from annual_review.opendata.dictionary import (
    COMPLIANCE_FIELDS,
    DECISION_FIELDS,
    RECOMMENDATION_FIELDS,
    STATISTICS_FIELDS,
    Field,
)

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
ZIP_TYPE = "application/zip"
# The one file made of the others.
BUNDLE = "all.zip"


@dataclass(frozen=True)
class Download:
    """One file offered for every published year."""

    name: str
    title: str
    media_type: str
    description: str
    fields: Sequence[Field]
    table: bool = True


DOWNLOADS: tuple[Download, ...] = (
    Download(
        "statistics.csv",
        "Statistics (CSV)",
        CSV_TYPE,
        "Every organisation's figures for the year, one row each; the data dictionary "
        "describes every column.",
        STATISTICS_FIELDS,
    ),
    Download(
        "statistics.json",
        "Statistics (JSON)",
        JSON_TYPE,
        "The same figures as JSON, with the comparison-group averaging method and this file's "
        "licence, sources and date under 'about'.",
        STATISTICS_FIELDS,
        table=False,
    ),
    Download(
        "statistics.xlsx",
        "Statistics (Excel)",
        XLSX_TYPE,
        "The same figures as a spreadsheet, with sheets for the data dictionary and the licence.",
        STATISTICS_FIELDS,
        table=False,
    ),
    Download(
        "decisions.csv",
        "Decisions (CSV)",
        CSV_TYPE,
        "Every decision made in the year, public fields only.",
        DECISION_FIELDS,
    ),
    Download(
        "recommendations.csv",
        "Recommendations (CSV)",
        CSV_TYPE,
        "What organisations were asked to do to put things right, on the year's decisions.",
        RECOMMENDATION_FIELDS,
    ),
    Download(
        "compliance.csv",
        "Compliance outcomes (CSV)",
        CSV_TYPE,
        "Whether organisations did what was recommended, by the date it was assessed.",
        COMPLIANCE_FIELDS,
    ),
    Download(
        "datapackage.json",
        "Data dictionary (Data Package JSON)",
        JSON_TYPE,
        "Every file's columns, types and meanings, with the licence, sources and date.",
        (),
        table=False,
    ),
    Download(
        "README.md",
        "README",
        MARKDOWN_TYPE,
        "This description, for people.",
        (),
        table=False,
    ),
    Download(
        BUNDLE,
        "Everything (ZIP)",
        ZIP_TYPE,
        "All the files above in one archive, with the README and the data dictionary.",
        (),
        table=False,
    ),
)
DOWNLOADS_BY_NAME = {d.name: d for d in DOWNLOADS}
