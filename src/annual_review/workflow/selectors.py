"""The workflow's reads: letters and their states, frozen figures, year-on-year changes."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.statistics.selectors import statistics_compute, statistics_rows
from annual_review.workflow.figures import letters_versions
from annual_review.workflow.models import (
    IN_PROGRESS,
    Event,
    LetterStatus,
    LetterVersion,
    YearFigures,
)
from annual_review.years.models import ReportingYear

# Measures staff compare with the previous year; rates are fractions 0..1.
COMPARED_MEASURES = {
    "investigations": "Investigations",
    "upheld": "Complaints upheld",
    "uphold_rate": "Uphold rate",
    "upheld_per_100k": "Upheld per 100,000 residents",
    "compliance_rate": "Compliance with recommendations",
    "satisfactory_remedy_rate": "Satisfactory remedy by the council",
}
RATES = {"uphold_rate", "compliance_rate", "satisfactory_remedy_rate"}


PUBLIC_ONCE_DUE = [LetterStatus.PUBLISHED, LetterStatus.APPROVED, LetterStatus.SENT]


def figures_of_letters(*, year: ReportingYear) -> int | None:
    """The version of a year's figures a letter approved now is made from, None before any
    is frozen: the newest approved to be published (`workflow.figures.letters_figures`)."""
    found = letters_versions(year=year).values_list("number", flat=True).first()
    return None if found is None else int(found)


def letters_public(*, now: datetime | None = None) -> QuerySet[LetterVersion]:
    """Every letter version the public may see now, of every year: approved, sent or
    published, of a year whose publication time has passed, and made from figures that are
    public. A letter made from a revision (a correction approved after the revision was) waits
    for the revision's own time, whatever its year's: nothing drawn from a revision is public
    before the revision is."""
    now = now or timezone.now()
    revision_not_public = YearFigures.objects.filter(
        year=OuterRef("year"), number=OuterRef("figures_number"), number__gt=1
    ).filter(Q(approved_at__isnull=True) | Q(publish_at__isnull=True) | Q(publish_at__gt=now))
    return LetterVersion.objects.filter(
        status__in=PUBLIC_ONCE_DUE, year__publish_at__isnull=False, year__publish_at__lte=now
    ).exclude(Exists(revision_not_public))


def letter_published(*, organisation: Organisation, year: ReportingYear) -> LetterVersion | None:
    """The letter the public sees for an organisation and year, or None before the year's time.

    From the year's publication time its newest approved letter is public, even in the minute
    before `publish-due` runs and marks it published, so figures and letters appear together;
    one made from a revision, from the revision's time (`letters_public`).
    """
    return letters_public().filter(organisation=organisation, year=year).order_by("-number").first()


def letter_history(*, organisation: Organisation, year: ReportingYear) -> list[LetterVersion]:
    """Every published or superseded version, newest first, for "what changed and when"."""
    return list(
        LetterVersion.objects.filter(
            organisation=organisation,
            year=year,
            status__in=[LetterStatus.PUBLISHED, LetterStatus.SUPERSEDED],
        ).order_by("-number")
    )


def letter_current(*, organisation: Organisation, year: ReportingYear) -> LetterVersion | None:
    """The version staff work on: the one in progress, else the published one, else None."""
    versions = LetterVersion.objects.filter(organisation=organisation, year=year)
    return (
        versions.filter(status__in=IN_PROGRESS).first()
        or versions.filter(status=LetterStatus.PUBLISHED).first()
    )


@dataclass(frozen=True)
class LetterRow:
    organisation: Organisation
    letter: LetterVersion | None

    @property
    def status(self) -> str:
        return self.letter.status if self.letter else "none"


def letters_of_year(*, year: ReportingYear) -> list[LetterRow]:
    """Every organisation in the register with its current letter (or none yet)."""
    current: dict[int, LetterVersion] = {}
    for letter in (
        LetterVersion.objects.filter(year=year)
        .exclude(status=LetterStatus.SUPERSEDED)
        .select_related("last_edited_by", "approved_by")
        .defer("pdf", "html")
    ):
        held = current.get(letter.organisation_id)
        if held is None or letter.status in IN_PROGRESS:
            current[letter.organisation_id] = letter
    return [
        LetterRow(organisation=o, letter=current.get(o.pk))
        for o in Organisation.objects.filter(in_register=True).order_by("name")
    ]


def letter_status_counts(*, year: ReportingYear) -> dict[str, int]:
    counts = {status: 0 for status in [*LetterStatus.values, "none"]}
    for row in letters_of_year(year=year):
        counts[row.status] += 1
    return counts


def figures_current(*, year: ReportingYear) -> YearFigures | None:
    """The newest frozen version, a revision still being prepared included (staff)."""
    return YearFigures.objects.filter(year=year).order_by("-number").first()


def figures_history(*, year: ReportingYear) -> list[YearFigures]:
    """Every frozen version of a year's figures, newest first, with correction reasons."""
    return list(YearFigures.objects.filter(year=year).order_by("-number").defer("rows"))


def figures_published(*, year: ReportingYear) -> YearFigures | None:
    """The version of a year's frozen figures the public sees now, None before the year's time.

    Public readers go through `workflow.figures.published_figures`, which rebuilds statistics.
    """
    if year.publish_at is None or year.publish_at > timezone.now():
        return None
    from annual_review.workflow.figures import figures_versions

    versions = figures_versions(year=year.label)
    if not versions:
        return None
    return YearFigures.objects.get(year=year, number=versions[0].number)


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    previous: float | int | None
    current: float | int | None
    previous_investigations: int | None = None
    current_investigations: int | None = None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return float(self.current) - float(self.previous)


def figures_compare(*, year: ReportingYear, measure: str = "investigations") -> list[Change]:
    """Draft figures against the previous year's for one measure, largest changes first.

    An organisation with a figure in only one of the two years comes right after the changes.
    Each row carries both years' investigations: a big swing in a rate over few cases means less.
    """
    if measure not in COMPARED_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    period = year.period
    current = {r["organisation_code"]: r for r in statistics_rows(statistics_compute(year=period))}
    before = {
        r["organisation_code"]: r
        for r in statistics_rows(statistics_compute(year=period.previous()))
    }
    changes = [
        Change(
            code=str(code),
            name=str(row["name"]),
            previous=before.get(code, {}).get(measure),  # type: ignore[arg-type]
            current=row[measure],  # type: ignore[arg-type]
            previous_investigations=before.get(code, {}).get("investigations"),  # type: ignore[arg-type]
            current_investigations=row["investigations"],  # type: ignore[arg-type]
        )
        for code, row in current.items()
    ]
    return sorted(
        changes,
        key=lambda c: (c.change is None, -abs(c.change or 0.0), c.name),
    )


def events_recent(
    *,
    year: ReportingYear | None = None,
    organisation: Organisation | None = None,
    limit: int = 200,
) -> list[Event]:
    events = Event.objects.select_related("year", "organisation")
    if year is not None:
        events = events.filter(year=year)
    if organisation is not None:
        events = events.filter(organisation=organisation)
    return list(events[:limit])
