"""Which version of a year's published figures a page shows, and the revisions told in public."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from annual_review.web.caching import cached_value
from annual_review.workflow.figures import (
    FiguresVersion,
    figures_versions,
    published_figures,
    revisions_public,
)


def _day(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


@dataclass(frozen=True)
class RevisionNote:
    """One revision of a year's figures as a page tells it."""

    version: int
    revised_on: str
    reason: str
    # The figures this revision replaced, still downloadable.
    earlier_url: str
    earlier_version: int


@dataclass(frozen=True)
class FiguresNote:
    """Which version of a year's figures a page shows: "as published on", and revisions."""

    year: str
    version: int
    published_on: str
    revisions: list[RevisionNote]
    downloads_url: str


def _revision_note(version: FiguresVersion) -> RevisionNote:
    earlier = version.number - 1
    return RevisionNote(
        version=version.number,
        revised_on=_day(version.published_at),
        reason=version.reason,
        earlier_url=f"/downloads/{version.year}/v{earlier}/statistics.csv",
        earlier_version=earlier,
    )


def figures_note(*, year: str, code: str | None = None) -> FiguresNote:
    """The version shown for a published year; with `code`, only revisions that changed that
    organisation's figures are told (its page was "affected")."""
    versions = figures_versions(year=year)
    revisions = []
    for newer, older in zip(versions, versions[1:], strict=False):
        if code is not None:
            before = published_figures(year=year, version=older.number).row_for(code)
            after = published_figures(year=year, version=newer.number).row_for(code)
            if before == after:
                continue
        revisions.append(_revision_note(newer))
    return FiguresNote(
        year=year,
        version=versions[0].number,
        published_on=_day(versions[-1].published_at),
        revisions=revisions,
        downloads_url=f"/downloads/{year}/",
    )


@dataclass(frozen=True)
class RevisionsPage:
    revisions: list[tuple[str, RevisionNote]]


def revisions_page_build() -> RevisionsPage:
    """Every revision of every published year, newest first."""

    def build() -> RevisionsPage:
        return RevisionsPage(
            revisions=[
                (
                    r.year,
                    _revision_note(
                        FiguresVersion(
                            year=r.year,
                            number=r.number,
                            published_at=r.published_at,
                            reason=r.reason,
                            sha256="",
                        )
                    ),
                )
                for r in revisions_public()
            ]
        )

    return cached_value(("revisions",), build)
