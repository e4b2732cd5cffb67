"""Which version of a year's published figures a page shows, and the revisions told in public."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from annual_review.public.published import public_figures, public_versions
from annual_review.web.caching import cached_value
from annual_review.workflow.figures import FiguresVersion, revisions_public


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


def _first_rows(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    """Each organisation's row as `PublishedFigures.row_for` finds it (the first with its code)."""
    found: dict[object, dict[str, object]] = {}
    for row in rows:
        found.setdefault(row["organisation_code"], row)
    return found


def revisions_changed(*, year: str) -> dict[int, frozenset[object]]:
    """For each public revision of a year (by number), the codes of the organisations whose
    figures it changed: worked out once per site version for every council's page."""

    def build() -> dict[int, frozenset[object]]:
        versions = public_versions(year)
        changed = {}
        for newer, older in zip(versions, versions[1:], strict=False):
            before = _first_rows(public_figures(year, older.number).rows)
            after = _first_rows(public_figures(year, newer.number).rows)
            changed[newer.number] = frozenset(
                code for code in before.keys() | after.keys() if before.get(code) != after.get(code)
            )
        return changed

    value: dict[int, frozenset[object]] = cached_value(("revisions_changed", year), build)
    return value


def figures_note(*, year: str, code: str | None = None) -> FiguresNote:
    """The version shown for a published year; with `code`, only revisions that changed that
    organisation's figures are told (its page was "affected")."""
    versions = public_versions(year)
    changed = revisions_changed(year=year) if code is not None and len(versions) > 1 else {}
    revisions = [
        _revision_note(newer)
        for newer in versions[:-1]
        if code is None or code in changed[newer.number]
    ]
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
