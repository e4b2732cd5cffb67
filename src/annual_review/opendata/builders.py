"""How each download file of a published year is made: the builder of every file in the
catalogue (`catalogue.DOWNLOADS`), by name, and the bundle of them all. Plain functions, no
requests here.

The views serve these and `annual-review export-site` writes them to disk; both pass `made_at`,
the moment the file is made, which every file states with its licence and sources (the export
passes the moment the year's current figures became public, so its files follow the data). The
statistics files also take `version` (a version of the year's figures; default the current).
"""

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

from annual_review.opendata.catalogue import BUNDLE
from annual_review.opendata.descriptions import datapackage_build, readme_build
from annual_review.opendata.record_files import (
    compliance_csv_build,
    decisions_csv_build,
    recommendations_csv_build,
)
from annual_review.opendata.statistics_files import (
    statistics_csv_build,
    statistics_json_build,
    statistics_xlsx_build,
)
from annual_review.years.models import ReportingYear

Builder = Callable[..., bytes]

# Every file the bundle holds, in the catalogue's order.
MEMBER_BUILDERS: dict[str, Builder] = {
    "statistics.csv": statistics_csv_build,
    "statistics.json": statistics_json_build,
    "statistics.xlsx": statistics_xlsx_build,
    "decisions.csv": decisions_csv_build,
    "recommendations.csv": recommendations_csv_build,
    "compliance.csv": compliance_csv_build,
    "datapackage.json": datapackage_build,
    "README.md": readme_build,
}


def bundle_zip_build(*, year: ReportingYear, made_at: datetime) -> bytes:
    """Every other file of the year in one zip, so the tables travel with their README, data
    dictionary and licence."""
    files = {name: build(year=year, made_at=made_at) for name, build in MEMBER_BUILDERS.items()}
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


BUILDERS: dict[str, Builder] = {**MEMBER_BUILDERS, BUNDLE: bundle_zip_build}
