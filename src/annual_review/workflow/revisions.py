"""Revising a year's published figures (staff): prepare a new frozen version with a reason,
approved by someone other than its preparer, public from the time it is scheduled for; and the
late records that would move the figures if a revision were prepared now.

What a revision becomes once public is read through `workflow/figures.py`.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from annual_review.statistics.selectors import STATISTICS_COLUMNS
from annual_review.workflow.approvals import approver_check
from annual_review.workflow.events import Actor, WorkflowError, event_record, user_of
from annual_review.workflow.figures import figures_snapshot_compute
from annual_review.workflow.models import Event, YearFigures
from annual_review.years.models import ReportingYear

REVISION_REASON_REQUIRED = "A revision needs a reason, which is published with it."
REVISION_IN_PROGRESS = "A revision of {year}'s figures is already being prepared."
REVISION_NOT_FROZEN = "{year}'s figures have not been published yet; there is nothing to revise."
REVISION_APPROVER_IS_PREPARER = (
    "You prepared this revision, so someone else must approve it (two people see every revision)."
)
REVISION_APPROVER_REQUIRED = "A revision is approved by a signed-in person."
REVISION_ALREADY_APPROVED = "This revision has already been approved."
REVISION_NOT_APPROVED = "A revision is scheduled only once it has been approved."
REVISION_ALREADY_PUBLIC = "This revision is already public; its time can no longer change."
REVISION_PUBLISH_IN_PAST = "The publication time must be in the future."
NO_CHANGE = "The figures would not change: there is nothing to revise."

# Measures of a flat row that count as "a figure" when telling staff what a revision changes.
# (Its group's averages are left out: they move for every member of the group.)
FIGURE_COLUMNS = [
    c
    for c in STATISTICS_COLUMNS
    if c not in ("organisation_code", "gss_code", "name") and not c.startswith("group_")
]


# --- revisions (staff) -----------------------------------------------------------------------


def revision_pending(*, year: ReportingYear) -> YearFigures | None:
    """The revision being prepared or waiting for its time, if any."""
    now = timezone.now()
    for figures in YearFigures.objects.filter(year=year, number__gt=1).order_by("-number"):
        if figures.approved_at is None or figures.publish_at is None or figures.publish_at > now:
            return figures
    return None


@transaction.atomic
def revision_prepare(*, year: ReportingYear, actor: Actor, reason: str) -> YearFigures:
    """Freeze the figures as the records give them now, as the next version, with a reason.

    Nothing public changes until another person approves it and its publication time comes.
    """
    year = ReportingYear.objects.select_for_update().get(pk=year.pk)
    if not reason.strip():
        raise WorkflowError(REVISION_REASON_REQUIRED)
    latest = YearFigures.objects.filter(year=year).order_by("-number").first()
    if latest is None:
        raise WorkflowError(REVISION_NOT_FROZEN.format(year=year.label))
    if revision_pending(year=year) is not None:
        raise WorkflowError(REVISION_IN_PROGRESS.format(year=year.label))
    snapshot = figures_snapshot_compute(year=year)
    if snapshot["sha256"] == latest.sha256:
        raise WorkflowError(NO_CHANGE)
    revision = YearFigures.objects.create(
        year=year,
        number=latest.number + 1,
        rows=snapshot["rows"],
        groups=snapshot["groups"],
        method=snapshot["method"],
        sha256=snapshot["sha256"],
        frozen_by=user_of(actor),
        correction_reason=reason.strip(),
    )
    event_record(
        action=Event.Action.FIGURES_FROZEN,
        actor=actor,
        year=year,
        detail=f"revision: version {revision.number} prepared, sha256 {revision.sha256}; "
        f"reason: {reason.strip()}",
    )
    return revision


@transaction.atomic
def revision_approve(*, revision: YearFigures, actor: Actor) -> YearFigures:
    """Approve a prepared revision; refused to whoever prepared it."""
    revision = YearFigures.objects.select_for_update().get(pk=revision.pk)
    user = approver_check(
        actor=actor,
        preparer_id=revision.frozen_by_id,
        not_ready=None if revision.approved_at is None else REVISION_ALREADY_APPROVED,
        anonymous=REVISION_APPROVER_REQUIRED,
        same_person=REVISION_APPROVER_IS_PREPARER,
    )
    revision.approved_by = user
    revision.approved_at = timezone.now()
    revision.save(update_fields=["approved_by", "approved_at"])
    event_record(
        action=Event.Action.FIGURES_FROZEN,
        actor=actor,
        year=revision.year,
        detail=f"revision: version {revision.number} approved",
    )
    return revision


@transaction.atomic
def revision_schedule(
    *, revision: YearFigures, publish_at: datetime, actor: Actor, now: datetime | None = None
) -> YearFigures:
    """Set when an approved revision goes public (it replaces the figures at that moment)."""
    now = now or timezone.now()
    revision = YearFigures.objects.select_for_update().get(pk=revision.pk)
    if revision.approved_at is None:
        raise WorkflowError(REVISION_NOT_APPROVED)
    if revision.publish_at is not None and revision.publish_at <= now:
        raise WorkflowError(REVISION_ALREADY_PUBLIC)
    if publish_at <= now:
        raise WorkflowError(REVISION_PUBLISH_IN_PAST)
    revision.publish_at = publish_at
    revision.save(update_fields=["publish_at"])
    event_record(
        action=Event.Action.YEAR_SCHEDULED,
        actor=actor,
        year=revision.year,
        detail=f"revision: version {revision.number} to be published at "
        f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M %Z}",
    )
    return revision


# Late records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LateChange:
    """What the records stored since publication would do to one organisation's figures."""

    code: str
    name: str
    records: int
    figures: int
    changed: list[str]

    @property
    def summary(self) -> str:
        records = f"{self.records} record{'s' if self.records != 1 else ''}"
        figures = f"{self.figures} figure{'s' if self.figures != 1 else ''}"
        return f"{records} since publication would change {figures}"


def late_changes(*, year: ReportingYear) -> list[LateChange]:
    """Per organisation, how the figures would move if revised now, largest first (staff).

    Records are counted by how far the stored decisions and compliance outcomes of the year
    differ from the counts frozen in the newest version.
    """
    latest = YearFigures.objects.filter(year=year).order_by("-number").first()
    if latest is None:
        return []
    frozen = {str(r["organisation_code"]): r for r in latest.rows}
    now = {str(r["organisation_code"]): r for r in figures_snapshot_compute(year=year)["rows"]}
    changes = []
    for code, row in now.items():
        before = frozen.get(code)
        if before is None:
            continue
        changed = [c for c in FIGURE_COLUMNS if before.get(c) != row.get(c)]
        if not changed:
            continue
        records = abs(int(row["decisions"]) - int(before["decisions"])) + abs(
            int(row["compliance_outcomes"]) - int(before["compliance_outcomes"])
        )
        changes.append(
            LateChange(
                code=code,
                name=str(row["name"]),
                records=records,
                figures=len(changed),
                changed=changed,
            )
        )
    return sorted(changes, key=lambda c: (-c.records, -c.figures, c.name))


def figures_staff_context(*, year: ReportingYear) -> dict[str, Any]:
    """What the staff year page shows about published figures: late records, the revision."""
    if not YearFigures.objects.filter(year=year).exists():
        return {"late_changes": [], "revision": None}
    return {"late_changes": late_changes(year=year), "revision": revision_pending(year=year)}
