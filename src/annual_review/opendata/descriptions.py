"""The files that describe a year's downloads: datapackage.json (the data dictionary as a
Frictionless Data Package) and README.md, both written from the catalogue of files."""

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from annual_review.opendata.about import download_about
from annual_review.opendata.catalogue import DOWNLOADS
from annual_review.opendata.dictionary import Field
from annual_review.years.models import ReportingYear


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
