"""Publication: a date set in advance, `publish-due` idempotent, figures frozen, corrections."""

import hashlib
import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import (
    CORRECTION_IN_PROGRESS,
    REASON_REQUIRED,
    letter_correct,
    letter_draft_refresh,
    letter_edited,
    letters_generate,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, YearFigures
from annual_review.workflow.publication import (
    ALREADY_PUBLISHED,
    FIGURES_ALREADY_FROZEN,
    LETTERS_WAITING,
    PUBLISH_IN_PAST,
    figures_freeze,
    publish_due,
    year_schedule,
)
from annual_review.workflow.selectors import (
    figures_published,
    letter_history,
    letter_published,
)
from annual_review.workflow.sending import letter_send
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def sent_letter(year, organisation, approver) -> LetterVersion:  # noqa: ANN001
    letters_generate(year=year, actor="test", organisations=[organisation])
    letter = LetterVersion.objects.get(organisation=organisation, year=year)
    letter = letter_approve(letter=letter, actor=approver)
    letter_send(letter=letter, actor=approver)
    letter.refresh_from_db()
    return letter


def test_publication_time_must_be_in_the_future_and_cannot_move_once_public(year, approver):
    """A year is scheduled ahead; once its time has passed the time is fixed."""
    now = timezone.now()
    with pytest.raises(WorkflowError, match=re.escape(PUBLISH_IN_PAST)):
        year_schedule(year=year, publish_at=now - timedelta(minutes=1), actor=approver)
    year_schedule(year=year, publish_at=now + timedelta(hours=1), actor=approver)
    later = now + timedelta(hours=2)
    with pytest.raises(WorkflowError, match=re.escape(ALREADY_PUBLISHED.format(year="2023-24"))):
        year_schedule(year=year, publish_at=later + timedelta(days=1), actor=approver, now=later)
    assert Event.objects.filter(action=Event.Action.YEAR_SCHEDULED, year=year).count() == 1


def test_nothing_is_published_before_its_time(year, hartlepool, renderer, approver):
    """Before the publication time publish-due changes nothing and the letter is not public."""
    letter = sent_letter(year, hartlepool, approver)
    year_schedule(year=year, publish_at=timezone.now() + timedelta(days=1), actor=approver)
    report = publish_due()
    assert not report.changed
    assert letter_published(organisation=hartlepool, year=year) is None
    assert figures_published(year=year) is None
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_publish_due_publishes_everything_due_once(year, hartlepool, renderer, approver):
    """At the time, publish-due publishes the letters and freezes figures; again, nothing."""
    letter = sent_letter(year, hartlepool, approver)
    publish_at = timezone.now() + timedelta(hours=1)
    year_schedule(year=year, publish_at=publish_at, actor=approver)
    first = publish_due(now=publish_at + timedelta(seconds=1))
    assert (first.years, first.letters, first.figures_frozen) == (["2023-24"], 1, ["2023-24"])
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED and letter.published_at == publish_at
    events = Event.objects.count()
    second = publish_due(now=publish_at + timedelta(seconds=2))
    assert not second.changed and Event.objects.count() == events
    assert YearFigures.objects.filter(year=year).count() == 1


def test_publish_due_command_reports_what_it_did(year, hartlepool, renderer, approver):
    """`annual-review publish-due` says what was published, then that nothing is due."""
    sent_letter(year, hartlepool, approver)
    year.publish_at = timezone.now() - timedelta(minutes=1)  # reached
    year.save()
    out = StringIO()
    call_command("publish-due", stdout=out)
    assert "2023-24: published." in out.getvalue()
    assert "1 letter(s) published" in out.getvalue()
    out = StringIO()
    call_command("publish-due", stdout=out)
    assert out.getvalue().strip() == "Nothing is due."


def test_drafts_are_not_published(year, hartlepool, renderer):
    """A letter nobody approved stays a draft when its year goes public."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    year.publish_at = timezone.now() - timedelta(minutes=1)
    year.save()
    assert publish_due().letters == 0
    assert LetterVersion.objects.get(organisation=hartlepool).status == LetterStatus.DRAFT


def test_figures_are_frozen_once_then_corrected_with_a_reason(year, approver):
    """Frozen figures keep a checksum of rows, groups and method; a correction prepares a new
    version (a revision) only when the figures would change, and the old one stays public."""
    from datetime import date

    from annual_review.workflow.revisions import NO_CHANGE

    first = figures_freeze(year=year, actor=approver)
    assert len(first.rows) == Organisation.objects.filter(end_date=None).count()
    canonical = json.dumps(
        {"rows": first.rows, "groups": first.groups, "method": first.method},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert first.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    with pytest.raises(
        WorkflowError, match=re.escape(FIGURES_ALREADY_FROZEN.format(year="2023-24"))
    ):
        figures_freeze(year=year, actor=approver)
    with pytest.raises(WorkflowError, match=re.escape(NO_CHANGE)):
        figures_freeze(year=year, actor=approver, reason="Nothing changed.")
    DecisionFactory(
        reference="LATE0001",
        organisation=Organisation.objects.order_by("code").first(),
        decision_date=date(2023, 10, 2),
        category="housing",
        outcome="upheld",
    )
    second = figures_freeze(year=year, actor=approver, reason="Two decisions were misfiled.")
    first.refresh_from_db()
    assert second.number == 2 and second.approved_at is None
    assert second.correction_reason == "Two decisions were misfiled."


def test_a_published_letter_is_corrected_by_a_new_version(
    year, hartlepool, renderer, approver, second_approver, analyst
):
    """A correction is approved, published in place of the old, which stays marked superseded."""
    original = sent_letter(year, hartlepool, approver)
    year.publish_at = timezone.now() - timedelta(minutes=1)
    year.save()
    publish_due()
    original.refresh_from_db()
    with pytest.raises(WorkflowError, match=re.escape(REASON_REQUIRED)):
        letter_correct(letter=original, reason=" ", actor=analyst)
    correction = letter_correct(letter=original, reason="The uphold rate was wrong.", actor=analyst)
    with pytest.raises(WorkflowError, match=re.escape(CORRECTION_IN_PROGRESS)):
        letter_correct(letter=original, reason="again", actor=analyst)
    assert letter_published(organisation=hartlepool, year=year) == original  # still public
    renderer.paragraphs["HPL"] = "Corrected figures."
    letter_edited(organisation=hartlepool, year=year, actor=analyst)
    correction = letter_draft_refresh(letter=LetterVersion.objects.get(pk=correction.pk))
    letter_approve(letter=correction, actor=second_approver)
    report = publish_due()
    assert (report.letters, report.superseded) == (1, 1)
    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == LetterStatus.SUPERSEDED and original.superseded_at is not None
    assert original.html and original.pdf_sha256  # the earlier version stays available
    assert letter_published(organisation=hartlepool, year=year) == correction
    assert [v.number for v in letter_history(organisation=hartlepool, year=year)] == [2, 1]


def test_an_approved_letter_is_public_at_the_years_time_before_publish_due_runs(
    year, hartlepool, renderer, approver
):
    """Figures and letters appear together at the time, not when cron next runs publish-due."""
    letter = sent_letter(year, hartlepool, approver)
    year.publish_at = timezone.now() - timedelta(seconds=1)
    year.save()
    assert letter.status == LetterStatus.SENT
    assert letter_published(organisation=hartlepool, year=year) == letter


def test_a_correction_made_from_a_scheduled_revision_waits_for_the_revisions_time(
    year, hartlepool, renderer, approver, second_approver, analyst, client
):
    """A letter corrected after a revision was approved is made from the revision's figures, so
    it is public only from the revision's own time: until then publish-due leaves it approved,
    and the public letter (page, PDF, API list) is still the version it corrects; at the
    revision's time it is public (before publish-due runs), and publish-due publishes it as of
    that time."""
    from datetime import date

    from annual_review.api.selectors import year_letters
    from annual_review.web.caching import caches_clear
    from annual_review.workflow.revisions import (
        revision_approve,
        revision_prepare,
        revision_schedule,
    )

    original = sent_letter(year, hartlepool, approver)
    year.publish_at = timezone.now() - timedelta(days=1)
    year.save()
    publish_due()
    original.refresh_from_db()
    # Approved before anything was frozen: made from the records, which version 1 froze.
    assert original.status == LetterStatus.PUBLISHED and original.figures_number is None

    DecisionFactory(organisation=hartlepool, decision_date=date(2023, 10, 2), outcome="upheld")
    revision = revision_prepare(year=year, actor=analyst, reason="A decision was filed late.")
    revision_approve(revision=revision, actor=approver)
    revision_at = timezone.now() + timedelta(hours=1)
    revision_schedule(revision=revision, publish_at=revision_at, actor=approver)

    correction = letter_correct(letter=original, reason="The figures were revised.", actor=analyst)
    renderer.paragraphs["HPL"] = "Revised figures."
    letter_edited(organisation=hartlepool, year=year, actor=analyst)
    correction = letter_draft_refresh(letter=LetterVersion.objects.get(pk=correction.pk))
    correction = letter_approve(letter=correction, actor=second_approver)
    assert correction.figures_number == 2

    # Before the revision's time: nothing of the correction is public.
    report = publish_due()
    assert (report.letters, report.superseded, report.waiting) == (0, 0, 1)
    out = StringIO()
    call_command("publish-due", stdout=out)
    assert out.getvalue().splitlines() == ["Nothing is due.", LETTERS_WAITING.format(count=1)]
    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == LetterStatus.PUBLISHED
    assert correction.status == LetterStatus.APPROVED and correction.published_at is None
    assert letter_published(organisation=hartlepool, year=year) == original
    caches_clear()
    page = client.get(f"/councils/{hartlepool.slug}/2023-24/letter/").content.decode()
    assert "Revised figures." not in page
    pdf = client.get(f"/councils/{hartlepool.slug}/2023-24/letter.pdf").content
    assert pdf == bytes(original.pdf)
    listed = next(
        entry["version"]
        for entry in year_letters(year="2023-24")["letters"]
        if entry["organisation"]["code"] == "HPL"
    )
    assert listed["number"] == 1

    # The revision's time comes: public at once, and publish-due publishes it as of then.
    YearFigures.objects.filter(pk=revision.pk).update(publish_at=timezone.now())
    assert letter_published(organisation=hartlepool, year=year) == correction
    report = publish_due()
    assert (report.letters, report.superseded, report.waiting) == (1, 1, 0)
    correction.refresh_from_db()
    assert correction.status == LetterStatus.PUBLISHED
    assert correction.published_at == YearFigures.objects.get(pk=revision.pk).publish_at
    caches_clear()
    page = client.get(f"/councils/{hartlepool.slug}/2023-24/letter/").content.decode()
    assert "Revised figures." in page


def test_letters_approved_before_the_field_existed_get_the_figures_they_were_made_from(
    year, hartlepool, renderer, approver, analyst
):
    """The migration that records each letter's figures version gives a letter approved before
    it the version letters were made from at its approval: the newest frozen (version 1) or
    approved (a revision) by then."""
    import importlib
    from datetime import date

    from django.apps import apps

    from annual_review.workflow.revisions import revision_approve, revision_prepare
    from tests.factories import council

    migration = importlib.import_module(
        "annual_review.workflow.migrations.0004_letter_figures_version"
    )
    year.publish_at = timezone.now() - timedelta(days=1)
    year.save()
    figures_freeze(year=year, actor=approver)
    first = sent_letter(year, hartlepool, approver)
    DecisionFactory(organisation=hartlepool, decision_date=date(2023, 10, 2), outcome="upheld")
    revision = revision_prepare(year=year, actor=analyst, reason="A decision was filed late.")
    revision_approve(revision=revision, actor=approver)
    bromsgrove = council("BRM")
    letters_generate(year=year, actor="test", organisations=[bromsgrove])
    later = letter_approve(
        letter=LetterVersion.objects.get(organisation=bromsgrove), actor=approver
    )
    assert (first.figures_number, later.figures_number) == (1, 2)

    LetterVersion.objects.update(figures_number=None)
    migration.figures_numbers_fill(apps, None)
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.figures_number, later.figures_number) == (1, 2)
