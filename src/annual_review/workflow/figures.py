"""Published figures: the one source of every public statistic, and how a year's are revised.

A year's figures are frozen once (version 1, public from the year's publication time) with
everything needed to draw the year: each organisation's counts by outcome and category, its
compliance and remedy counts, population, the flat rows of `annual-review stats`, and the
comparison groups' averages with the method that made them. Public readers (pages, twins, API,
downloads, sitemap, export) get a year's statistics only through `published_figures()`, which
rebuilds the `YearStatistics` the pages read from those frozen rows; nothing public computes
statistics from the decision table for a published year.

A revision is a new frozen version with a reason, prepared by one person, approved by another
and public from the time it was scheduled for (`workflow/revisions.py` prepares them). Records imported after publication are kept and
listed, but move no figure until a revision publishes them.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from annual_review.statistics.selectors import (
    STATISTICS_COLUMNS,
    YearStatistics,
    statistics_compute,
)
from annual_review.workflow.events import Actor, event_record, user_of
from annual_review.workflow.models import Event, YearFigures
from annual_review.workflow.snapshots import figures_snapshot, statistics_from_frozen
from annual_review.years.models import ReportingYear

FIGURES_NOT_PUBLISHED = "{year} has no published figures."
VERSION_NOT_PUBLISHED = "{year} has no published version {number} of its figures."


class FiguresNotPublished(LookupError):
    """The year (or the version asked for) has no public figures."""


# --- freezing --------------------------------------------------------------------------------


def figures_snapshot_compute(*, year: ReportingYear) -> dict[str, Any]:
    """The snapshot of a year's statistics as the stored records give them now (staff only)."""
    return figures_snapshot(stats=statistics_compute(year=year.label))


def figures_first_freeze(*, year: ReportingYear, actor: Actor) -> YearFigures:
    """Freeze version 1 of a year's figures (publication does this; it happens once)."""
    snapshot = figures_snapshot_compute(year=year)
    figures = YearFigures.objects.create(
        year=year,
        number=1,
        rows=snapshot["rows"],
        groups=snapshot["groups"],
        method=snapshot["method"],
        sha256=snapshot["sha256"],
        frozen_by=user_of(actor),
    )
    event_record(
        action=Event.Action.FIGURES_FROZEN,
        actor=actor,
        year=year,
        detail=f"version 1, sha256 {snapshot['sha256']}",
    )
    return figures


def _first_freeze_at_publication(*, year: ReportingYear) -> None:
    """A published year nobody froze yet (publish-due has not run): freeze it now, once."""
    try:
        with transaction.atomic():
            locked = ReportingYear.objects.select_for_update().get(pk=year.pk)
            if not YearFigures.objects.filter(year=locked).exists():
                figures_first_freeze(year=locked, actor="publication")
    except IntegrityError:
        pass  # another process froze it at the same moment: theirs is the version


# --- what is public --------------------------------------------------------------------------


@dataclass(frozen=True)
class FiguresVersion:
    """One public version of a year's figures."""

    year: str
    number: int
    published_at: datetime
    reason: str
    sha256: str

    @property
    def revision(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class PublishedFigures:
    """A public version of a year's figures: its statistics and the rows of its downloads."""

    version: FiguresVersion
    statistics: YearStatistics
    rows: list[dict[str, object]]

    def row_for(self, code: str) -> dict[str, object] | None:
        return next((r for r in self.rows if r["organisation_code"] == code), None)


@dataclass(frozen=True)
class _Stored:
    """What `figures_version_lookup` covers of one stored version (never its rows)."""

    number: int
    approved_at: datetime | None
    publish_at: datetime | None
    sha256: str
    correction_reason: str


def _public_from(figures: _Stored, year: ReportingYear) -> datetime | None:
    """When a version is (or becomes) public; None while a revision is not yet approved."""
    if figures.number == 1:
        return year.publish_at
    if figures.approved_at is None:
        return None
    return figures.publish_at


def _versions_public(
    *, year: ReportingYear, now: datetime | None = None
) -> list[tuple[_Stored, datetime]]:
    now = now or timezone.now()
    if year.publish_at is None or year.publish_at > now:
        return []
    found = []
    for values in (
        YearFigures.objects.filter(year=year)
        .order_by("number")
        .values_list("number", "approved_at", "publish_at", "sha256", "correction_reason")
    ):
        figures = _Stored(*values)
        public_from = _public_from(figures, year)
        if public_from is not None and public_from <= now:
            found.append((figures, public_from))
    return found


def _published_year(label: str) -> ReportingYear:
    year = ReportingYear.objects.published().filter(label=label).first()
    if year is None:
        raise FiguresNotPublished(FIGURES_NOT_PUBLISHED.format(year=label))
    return year


def figures_versions(*, year: str) -> list[FiguresVersion]:
    """Every public version of a published year's figures, newest first."""
    reporting_year = _published_year(year)
    versions = _versions_public(year=reporting_year)
    if not versions:
        _first_freeze_at_publication(year=reporting_year)
        versions = _versions_public(year=reporting_year)
    return [
        FiguresVersion(
            year=reporting_year.label,
            number=figures.number,
            published_at=public_from,
            reason=figures.correction_reason,
            sha256=figures.sha256,
        )
        for figures, public_from in reversed(versions)
    ]


def version_choose(
    *, versions: list[FiguresVersion], year: str, version: int | None
) -> FiguresVersion:
    """Of a year's public versions (newest first), the current one or the one asked for;
    FiguresNotPublished if there is none."""
    if not versions:
        raise FiguresNotPublished(FIGURES_NOT_PUBLISHED.format(year=year))
    chosen = (
        versions[0] if version is None else next((v for v in versions if v.number == version), None)
    )
    if chosen is None:
        raise FiguresNotPublished(VERSION_NOT_PUBLISHED.format(year=year, number=version))
    return chosen


def published_figures(*, year: str, version: int | None = None) -> PublishedFigures:
    """A published year's figures as frozen: the current version, or the version asked for.

    The one selector every public reader of a year's statistics goes through. A version is
    immutable, so its rebuilt statistics are cached under its id and checksum, shared by the
    pages, twins, API and downloads (and by every worker, through Django's cache).
    """
    from annual_review.remembered import cached_frozen

    chosen = version_choose(versions=figures_versions(year=year), year=year, version=version)

    def build() -> PublishedFigures:
        figures = YearFigures.objects.select_related("year").get(
            year__label=year, number=chosen.number
        )
        rows = [{c: r[c] for c in STATISTICS_COLUMNS} for r in figures.rows]
        return PublishedFigures(
            version=chosen, statistics=statistics_from_frozen(figures=figures), rows=rows
        )

    value: PublishedFigures = cached_frozen(("figures", year, chosen.number, chosen.sha256), build)
    return value


def letters_versions(*, year: ReportingYear) -> QuerySet[YearFigures]:
    """A year's figures versions a letter may be made from, newest first: version 1 (frozen at
    publication) and every revision someone other than its preparer approved."""
    return (
        YearFigures.objects.filter(year=year)
        .filter(Q(number=1) | Q(approved_at__isnull=False))
        .order_by("-number")
    )


def letters_figures(*, year: str) -> YearStatistics:
    """The figures a year's letters are made from: once the year's figures are frozen, those
    of the frozen version the letters belong to, else the records as they are now.

    A letter belongs to the newest version approved to be published: version 1 (frozen at
    publication), or a revision once someone other than its preparer approved it. So a first
    letter made after publication, or a correction, never takes a record imported since
    publication that no revision carries; a correction made after a revision shows the
    revision's figures. Until anything is frozen, letters read the records.
    """
    from annual_review.remembered import cached_frozen

    reporting_year = ReportingYear.objects.filter(label=year).first()
    if reporting_year is None:
        return statistics_compute(year=year)

    def newest() -> tuple[int, str] | None:
        found = letters_versions(year=reporting_year).values_list("number", "sha256").first()
        return None if found is None else (int(found[0]), str(found[1]))

    # Nothing frozen yet (not even a public year nobody has read since its time): the records
    # now, which are what version 1 will freeze; making letters never freezes the figures.
    chosen = newest()
    if chosen is None:
        return statistics_compute(year=year)
    number, digest = chosen

    def build() -> YearStatistics:
        return statistics_from_frozen(
            figures=YearFigures.objects.select_related("year").get(
                year=reporting_year, number=number
            )
        )

    value: YearStatistics = cached_frozen(("letters-figures", year, number, digest), build)
    return value


@dataclass(frozen=True)
class Revision:
    year: str
    number: int
    published_at: datetime
    reason: str


def revisions_public() -> list[Revision]:
    """Every public revision (version 2 on) of every published year, newest first."""
    found = []
    for year in ReportingYear.objects.published():
        for figures, public_from in _versions_public(year=year):
            if figures.number > 1:
                found.append(
                    Revision(
                        year=year.label,
                        number=figures.number,
                        published_at=public_from,
                        reason=figures.correction_reason,
                    )
                )
    return sorted(found, key=lambda r: (r.published_at, r.year, r.number), reverse=True)


def public_figures_token(*, now: datetime | None = None) -> tuple[tuple[str, int, str], ...]:
    """(year, version, checksum) of every published year's current figures, for cache keys."""
    now = now or timezone.now()
    current: dict[str, tuple[int, str]] = {}
    rows = (
        YearFigures.objects.filter(year__publish_at__lte=now)
        .values_list(
            "year__label", "year__publish_at", "number", "approved_at", "publish_at", "sha256"
        )
        .order_by("year__label", "number")
    )
    for label, year_at, number, approved_at, publish_at, digest in rows:
        public_from = year_at if number == 1 else (publish_at if approved_at else None)
        if public_from is not None and public_from <= now:
            current[label] = (number, digest)
    return tuple((label, n, d) for label, (n, d) in sorted(current.items()))
