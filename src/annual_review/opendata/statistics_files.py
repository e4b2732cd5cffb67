"""The statistics downloads of a published year, as bytes: CSV, JSON and Excel, from the
figures as published (the current version, or the one asked for)."""

import io
import json
import zipfile
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from annual_review.opendata.about import PUBLISHER, about_lines, download_about, figures_of
from annual_review.opendata.csv_table import table_csv
from annual_review.opendata.dictionary import STATISTICS_FIELDS
from annual_review.years.models import ReportingYear


def statistics_csv_build(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> bytes:
    """Every organisation's statistics as published: the columns of `annual-review stats`."""
    rows = figures_of(year=year, version=version).rows
    return table_csv(STATISTICS_FIELDS, ([row[f.name] for f in STATISTICS_FIELDS] for row in rows))


def statistics_json_build(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> bytes:
    """The published figures as `annual-review stats --format json`, with `about` beside them."""
    figures = figures_of(year=year, version=version)
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
    rows = figures_of(year=year, version=version).rows
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
    for line in about_lines(about):
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
