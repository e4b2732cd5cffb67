"""Building each published year's download files as bytes: plain functions, no requests here.

The views serve these and `annual-review export-site` writes them to disk; both pass `made_at`,
the moment the file is made, which every file states with its licence and sources.
"""

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from annual_review import sources
from annual_review.casework.models import ComplianceOutcome, DatasetLabel, Decision, Recommendation
from annual_review.imports.models import ImportRecord
from annual_review.opendata.dictionary import (
    COMPLIANCE_FIELDS,
    DECISION_FIELDS,
    RECOMMENDATION_FIELDS,
    STATISTICS_FIELDS,
    Field,
)
from annual_review.web.csv_files import csv_bytes
from annual_review.workflow.figures import PublishedFigures, published_figures
from annual_review.years.models import ReportingYear

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
ZIP_TYPE = "application/zip"
PUBLISHER = "Annual Review (an open-source annual review system for the Ombudsman)"


@dataclass(frozen=True)
class Download:
    """One file offered for every published year."""

    name: str
    title: str
    media_type: str
    description: str
    fields: Sequence[Field]
    build: Callable[..., bytes]
    table: bool = True


def _figures(year: ReportingYear, version: int | None) -> PublishedFigures:
    """The year's figures as published (the current version, or the one asked for)."""
    return published_figures(year=year.label, version=version)


def download_about(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> dict[str, Any]:
    """What every file says about itself: year, figures version, when made, licence, sources."""
    figures = _figures(year, version).version
    label = DatasetLabel.objects.order_by("-updated_at").first()
    demo = label is not None and label.kind == DatasetLabel.Kind.DEMO
    last_import = (
        ImportRecord.objects.order_by("-imported_at").values_list("imported_at", flat=True).first()
    )
    period = year.period
    return {
        "title": f"Annual review data {year.label}",
        "year": year.label,
        "period": {"start": period.start, "end": period.end},
        "figures_version": {
            "number": figures.number,
            "published_at": figures.published_at.isoformat(timespec="seconds"),
            "reason": figures.reason or None,
        },
        "created": made_at.isoformat(timespec="seconds"),
        "data_updated": last_import.isoformat(timespec="seconds") if last_import else None,
        "publisher": PUBLISHER,
        "licence": {
            "name": sources.LICENCE_ID,
            "title": sources.LICENCE_TITLE,
            "path": sources.LICENCE_URL,
        },
        "attribution": sources.ATTRIBUTION,
        "sources": [_source_record(s) for s in sources.SOURCES],
        "dataset": label.kind if label else DatasetLabel.Kind.REAL.value,
        "notice": sources.DEMO_NOTICE if demo else None,
    }


def _source_record(source: sources.Source) -> dict[str, str]:
    record = {"title": source.title, "licence": source.licence}
    if source.path:
        record["path"] = source.path
    return record


def _cell(value: object) -> object:
    """How a value is written to CSV: empty for None, true/false, ISO dates, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def _csv(fields: Sequence[Field], rows: Iterable[Sequence[object]]) -> bytes:
    # Plain: byte for byte what `annual-review stats --format csv` writes.
    return csv_bytes(
        header=[f.name for f in fields], rows=([_cell(v) for v in row] for row in rows), plain=True
    )


def statistics_csv_build(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> bytes:
    """Every organisation's statistics as published: the columns of `annual-review stats`."""
    rows = _figures(year, version).rows
    return _csv(STATISTICS_FIELDS, ([row[f.name] for f in STATISTICS_FIELDS] for row in rows))


def statistics_json_build(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> bytes:
    """The published figures as `annual-review stats --format json`, with `about` beside them."""
    figures = _figures(year, version)
    body = {
        "year": figures.statistics.period.label,
        "version": figures.version.number,
        "group_average": figures.statistics.method,
        "about": download_about(year=year, made_at=made_at, version=version),
        "organisations": figures.rows,
    }
    return json.dumps(body, indent=1, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def statistics_xlsx_build(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> bytes:
    """The statistics as a workbook: the figures, the data dictionary, and an About sheet."""
    rows = _figures(year, version).rows
    about = download_about(year=year, made_at=made_at, version=version)
    workbook = Workbook()
    # Fixed document dates keep the file the same for the same data and `made_at`.
    workbook.properties.created = made_at.replace(tzinfo=None)
    workbook.properties.modified = made_at.replace(tzinfo=None)
    workbook.properties.creator = PUBLISHER
    workbook.properties.title = about["title"]
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "statistics"
    sheet.append([f.name for f in STATISTICS_FIELDS])
    for row in rows:
        sheet.append([row[f.name] for f in STATISTICS_FIELDS])
    sheet.freeze_panes = "B2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    dictionary = workbook.create_sheet("data dictionary")
    dictionary.append(["column", "type", "description"])
    for f in STATISTICS_FIELDS:
        dictionary.append([f.name, f.type, f.description])

    sheet_about = workbook.create_sheet("about")
    for line in _about_lines(about):
        sheet_about.append(list(line))
    out = io.BytesIO()
    # ExcelWriter rather than workbook.save(), which would stamp "modified" with the clock.
    ExcelWriter(workbook, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return _zip_dated(out.getvalue(), made_at)


def _zip_dated(archive: bytes, when: datetime) -> bytes:
    """The same zip (an .xlsx is one) with every member dated `when` instead of the clock's now,
    so the same data and moment give the same bytes."""
    stamp = when.replace(tzinfo=None).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            dated = zipfile.ZipInfo(member.filename, date_time=stamp)
            dated.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(dated, source.read(member))
    return out.getvalue()


def _about_lines(about: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    if about["notice"]:
        lines.append(("notice", about["notice"]))
    lines += [
        ("title", about["title"]),
        ("period", f"{about['period']['start']} to {about['period']['end']}"),
        ("figures version", str(about["figures_version"]["number"])),
        ("figures published", about["figures_version"]["published_at"]),
        ("made", about["created"]),
        ("data last imported", about["data_updated"] or "unknown"),
        ("licence", f"{about['licence']['title']} ({about['licence']['path']})"),
        ("attribution", about["attribution"]),
    ]
    lines += [("source", s["title"]) for s in about["sources"]]
    return lines


def decisions_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """The year's decisions, public fields only, in date order."""
    period = year.period
    rows = (
        Decision.objects.published()
        .in_year(period)
        .order_by("decision_date", "reference")
        .values_list(
            "reference",
            "organisation__code",
            "organisation__name",
            "decision_date",
            "received_date",
            "category",
            "outcome",
            "satisfactory_remedy",
            "public_report",
            "summary",
        )
        .iterator(chunk_size=5000)
    )
    return _csv(DECISION_FIELDS, rows)


def recommendations_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Recommendations made on the year's decisions."""
    period = year.period
    rows = (
        Recommendation.objects.published()
        .in_year(period)
        .order_by("decision__decision_date", "decision__reference", "kind", "id")
        .values_list(
            "decision__reference",
            "decision__organisation__code",
            "decision__decision_date",
            "kind",
            "description",
            "due_date",
            "amount",
        )
        .iterator(chunk_size=5000)
    )
    return _csv(RECOMMENDATION_FIELDS, rows)


def compliance_csv_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Compliance outcomes assessed in the year (the year is that of the outcome, as in the
    statistics), on published decisions only: a row names its decision."""
    period = year.period
    rows = (
        ComplianceOutcome.objects.published()
        .in_year(period)
        .order_by("outcome_date", "decision__reference")
        .values_list(
            "decision__reference",
            "decision__organisation__code",
            "decision__decision_date",
            "outcome_date",
            "outcome",
        )
        .iterator(chunk_size=5000)
    )
    return _csv(COMPLIANCE_FIELDS, rows)


def datapackage_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """The data dictionary as a Frictionless Data Package: every file, column, licence, source."""
    about = download_about(year=year, made_at=made_at)
    package: dict[str, Any] = {
        "name": f"annual-review-{year.label}",
        "title": about["title"],
        "description": (
            f"Statistics, decisions, recommendations and compliance outcomes for the reporting "
            f"year {year.label} ({year.period.period_text})."
        ),
        "created": about["created"],
        "data_updated": about["data_updated"],
        "licenses": [about["licence"]],
        "attribution": about["attribution"],
        "sources": about["sources"],
        "dataset": about["dataset"],
    }
    if about["notice"]:
        package["notice"] = about["notice"]
    package["resources"] = [
        {
            "name": d.name.replace(".", "-"),
            "path": d.name,
            "title": d.title,
            "description": d.description,
            "mediatype": d.media_type.split(";")[0],
            **({"format": "csv", "encoding": "utf-8"} if d.name.endswith(".csv") else {}),
            "schema": {"fields": [_field_record(f) for f in d.fields]},
        }
        for d in DOWNLOADS
        if d.table
    ]
    return json.dumps(package, indent=1, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def _field_record(field: Field) -> dict[str, Any]:
    record: dict[str, Any] = {"name": field.name, "type": field.type}
    record["description"] = field.description
    if field.allowed:
        record["constraints"] = {"enum": list(field.allowed)}
    return record


def readme_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """A README for people: what the files are, their columns, the licence, sources and date."""
    about = download_about(year=year, made_at=made_at)
    lines = [f"# {about['title']}", ""]
    if about["notice"]:
        lines += [f"**{about['notice']}**", ""]
    lines += [
        f"Reporting year {year.label}: {year.period.period_text}.",
        "",
        f"- Figures: version {about['figures_version']['number']}, published "
        f"{about['figures_version']['published_at']}",
        f"- Made: {about['created']}",
        f"- Data last imported: {about['data_updated'] or 'unknown'}",
        f"- Licence: {about['licence']['title']} <{about['licence']['path']}>",
        "",
        "## Attribution",
        "",
        about["attribution"],
        "",
        "## Sources",
        "",
        *[f"- {s['title']}" + (f" <{s['path']}>" if "path" in s else "") for s in about["sources"]],
        "",
        "Rates are unrounded fractions from 0 to 1; an empty cell means undefined (nothing to divide",
        "by), never zero. The same data dictionary is in datapackage.json (Frictionless Data",
        "Package).",
        "",
        "## Files",
    ]
    for download in DOWNLOADS:
        lines += ["", f"### {download.name}", "", download.description]
        if download.table:
            lines += ["", "| column | type | meaning |", "| --- | --- | --- |"]
            lines += [f"| {f.name} | {f.type} | {f.description} |" for f in download.fields]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bundle_zip_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Every other file of the year in one zip, so the tables travel with their README, data
    dictionary and licence."""
    files = {
        d.name: d.build(year=year, made_at=made_at)
        for d in DOWNLOADS
        if d.build is not bundle_zip_build
    }
    return bundle_zip_of(year=year, made_at=made_at, files=files)


def bundle_zip_of(*, year: ReportingYear, made_at: datetime, files: dict[str, bytes]) -> bytes:
    """The zip of files already built (the export builds each file once)."""
    out = io.BytesIO()
    stamp = made_at.replace(tzinfo=None).timetuple()[:6]
    folder = f"annual-review-{year.label}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            member = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, content)
    return out.getvalue()


DOWNLOADS: tuple[Download, ...] = (
    Download(
        "statistics.csv",
        "Statistics (CSV)",
        CSV_TYPE,
        "Every organisation's figures for the year, one row each; the data dictionary "
        "describes every column.",
        STATISTICS_FIELDS,
        statistics_csv_build,
    ),
    Download(
        "statistics.json",
        "Statistics (JSON)",
        JSON_TYPE,
        "The same figures as JSON, with the comparison-group averaging method and this file's "
        "licence, sources and date under 'about'.",
        STATISTICS_FIELDS,
        statistics_json_build,
        table=False,
    ),
    Download(
        "statistics.xlsx",
        "Statistics (Excel)",
        XLSX_TYPE,
        "The same figures as a spreadsheet, with sheets for the data dictionary and the licence.",
        STATISTICS_FIELDS,
        statistics_xlsx_build,
        table=False,
    ),
    Download(
        "decisions.csv",
        "Decisions (CSV)",
        CSV_TYPE,
        "Every decision made in the year, public fields only.",
        DECISION_FIELDS,
        decisions_csv_build,
    ),
    Download(
        "recommendations.csv",
        "Recommendations (CSV)",
        CSV_TYPE,
        "What organisations were asked to do to put things right, on the year's decisions.",
        RECOMMENDATION_FIELDS,
        recommendations_csv_build,
    ),
    Download(
        "compliance.csv",
        "Compliance outcomes (CSV)",
        CSV_TYPE,
        "Whether organisations did what was recommended, by the date it was assessed.",
        COMPLIANCE_FIELDS,
        compliance_csv_build,
    ),
    Download(
        "datapackage.json",
        "Data dictionary (Data Package JSON)",
        JSON_TYPE,
        "Every file's columns, types and meanings, with the licence, sources and date.",
        (),
        datapackage_build,
        table=False,
    ),
    Download(
        "README.md",
        "README",
        MARKDOWN_TYPE,
        "This description, for people.",
        (),
        readme_build,
        table=False,
    ),
    Download(
        "all.zip",
        "Everything (ZIP)",
        ZIP_TYPE,
        "All the files above in one archive, with the README and the data dictionary.",
        (),
        bundle_zip_build,
        table=False,
    ),
)
DOWNLOADS_BY_NAME = {d.name: d for d in DOWNLOADS}
