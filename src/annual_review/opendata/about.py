"""What every download file says about itself: its year, figures version, when it was made,
the licence and the sources (the statistics files read the year's figures as published)."""

from datetime import datetime
from typing import Any

from annual_review import sources
from annual_review.casework.models import DatasetLabel
from annual_review.imports.models import ImportRecord
from annual_review.workflow.figures import PublishedFigures, published_figures
from annual_review.years.models import ReportingYear

PUBLISHER = "Annual Review (an open-source annual review system for the Ombudsman)"


def figures_of(*, year: ReportingYear, version: int | None = None) -> PublishedFigures:
    """The year's figures as published (the current version, or the one asked for)."""
    return published_figures(year=year.label, version=version)


def download_about(
    *, year: ReportingYear, made_at: datetime, version: int | None = None
) -> dict[str, Any]:
    """What every file says about itself: year, figures version, when made, licence, sources."""
    figures = figures_of(year=year, version=version).version
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


def about_lines(about: dict[str, Any]) -> list[tuple[str, str]]:
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
