"""Publication: reporting years, freezing their figures, scheduling and publishing what is due."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from annual_review.workflow.events import Actor, WorkflowError, event_record
from annual_review.workflow.figures import figures_first_freeze
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, YearFigures
from annual_review.workflow.revisions import revision_prepare
from annual_review.workflow.selectors import letters_public
from annual_review.years.models import ReportingYear
from annual_review.years.periods import period_parse

ALREADY_PUBLISHED = "{year} is already public; its publication time can no longer change."
PUBLISH_IN_PAST = "The publication time must be in the future."
FIGURES_ALREADY_FROZEN = "{year}'s figures are already frozen; publish a correction instead."
FIGURES_NOT_FROZEN = "{year}'s figures are not frozen yet."
LETTERS_WAITING = (
    "{count} approved letter(s) wait for the time of the revision of the figures they were "
    "made from."
)


def year_get(*, label: str) -> ReportingYear:
    """The stored reporting year for a label like "2023-24", created (unpublished) if new."""
    period = period_parse(label)
    year, _ = ReportingYear.objects.get_or_create(
        first_year=period.first_year, defaults={"label": period.label}
    )
    return year


@transaction.atomic
def figures_freeze(*, year: ReportingYear, actor: Actor, reason: str = "") -> YearFigures:
    """Freeze a year's statistics as its published figures; with a reason, prepare a revision
    (`workflow/revisions.py`: approved by someone else, public at its own time)."""
    frozen = YearFigures.objects.select_for_update().filter(year=year).exists()
    if frozen and not reason.strip():
        raise WorkflowError(FIGURES_ALREADY_FROZEN.format(year=year.label))
    if not frozen and reason.strip():
        raise WorkflowError(FIGURES_NOT_FROZEN.format(year=year.label))
    if frozen:
        return revision_prepare(year=year, actor=actor, reason=reason)
    return figures_first_freeze(year=year, actor=actor)


@transaction.atomic
def year_schedule(
    *, year: ReportingYear, publish_at: datetime, actor: Actor, now: datetime | None = None
) -> ReportingYear:
    """Set when a year's figures and letters go public. A public year cannot be rescheduled."""
    now = now or timezone.now()
    year = ReportingYear.objects.select_for_update().get(pk=year.pk)
    if year.publish_at is not None and year.publish_at <= now:
        raise WorkflowError(ALREADY_PUBLISHED.format(year=year.label))
    if publish_at <= now:
        raise WorkflowError(PUBLISH_IN_PAST)
    year.publish_at = publish_at
    year.save(update_fields=["publish_at"])
    event_record(
        action=Event.Action.YEAR_SCHEDULED,
        actor=actor,
        year=year,
        detail=f"to be published at {timezone.localtime(publish_at):%Y-%m-%d %H:%M %Z}",
    )
    return year


@dataclass
class PublishReport:
    years: list[str] = field(default_factory=list)
    letters: int = 0
    superseded: int = 0
    figures_frozen: list[str] = field(default_factory=list)
    # Approved letters made from a revision whose time has not come: published at that time.
    waiting: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.letters or self.superseded or self.figures_frozen or self.years)


def publish_due(*, now: datetime | None = None, actor: Actor = "publish-due") -> PublishReport:
    """Publish everything whose time has come; running it again changes nothing.

    For each year whose publication time has passed: freeze its figures if nobody did, and
    publish its approved and sent letters (a correction supersedes the version it corrects).
    Drafts stay unpublished until approved; the next run publishes them. A letter made from a
    revision of the figures is published only once the revision is public, as of its time
    (`selectors.letters_public`): so a correction never shows a revision early.
    """
    now = now or timezone.now()
    report = PublishReport()
    for year in ReportingYear.objects.published(now=now).order_by("first_year"):
        with transaction.atomic():
            # Lock the year: runs that overlap (cron and a staff click) take turns per year.
            year = ReportingYear.objects.select_for_update().get(pk=year.pk)
            if not Event.objects.filter(action=Event.Action.YEAR_PUBLISHED, year=year).exists():
                event_record(action=Event.Action.YEAR_PUBLISHED, actor=actor, year=year)
                report.years.append(year.label)
            if not YearFigures.objects.filter(year=year).exists():
                figures_freeze(year=year, actor=actor)
                report.figures_frozen.append(year.label)
            ready = [LetterStatus.APPROVED, LetterStatus.SENT]
            due = (
                letters_public(now=now)
                .filter(year=year, status__in=ready)
                .select_for_update(of=("self",))
            )
            ready_count = LetterVersion.objects.filter(year=year, status__in=ready).count()
            published = 0
            revisions_at = dict(
                YearFigures.objects.filter(year=year, number__gt=1).values_list(
                    "number", "publish_at"
                )
            )
            for letter in due.select_related("supersedes"):
                old = letter.supersedes
                if old is not None and old.status == LetterStatus.PUBLISHED:
                    old.status = LetterStatus.SUPERSEDED
                    old.superseded_at = now
                    old.save(update_fields=["status", "superseded_at"])
                    event_record(
                        action=Event.Action.LETTER_SUPERSEDED,
                        actor=actor,
                        letter=old,
                        detail=f"by version {letter.number}: {letter.correction_reason}",
                    )
                    report.superseded += 1
                letter.status = LetterStatus.PUBLISHED
                # Public from the year's time, from approval if approved later, or from the time
                # of the revision it was made from (the selector `letter_published` shows it
                # from then, whenever this command runs).
                publish_at = year.publish_at or now
                moments = [publish_at, letter.approved_at or publish_at]
                if letter.figures_number is not None:
                    moments.append(revisions_at.get(letter.figures_number) or publish_at)
                letter.published_at = max(moments)
                letter.save(update_fields=["status", "published_at"])
                event_record(action=Event.Action.LETTER_PUBLISHED, actor=actor, letter=letter)
                published += 1
            report.letters += published
            report.waiting += ready_count - published
    return report
