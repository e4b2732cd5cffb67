"""Drafting letters: generate and refresh drafts, record edits of what goes into them, the
year's narrative and each organisation's own paragraph, and corrections of published letters."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.register.selectors import letter_recipients
from annual_review.workflow.events import Actor, WorkflowError, event_record, user_of
from annual_review.workflow.figures import letters_figures
from annual_review.workflow.models import (
    IN_PROGRESS,
    Event,
    LetterStatus,
    LetterVersion,
    sha256_hex,
)
from annual_review.workflow.rendering import renderer_get
from annual_review.years.models import ReportingYear

LETTER_FROZEN = (
    "This letter has been {status}; it can no longer be edited. Start a correction instead."
)
NOT_PUBLISHED = "Only a published letter can be corrected; this letter is {status}."
CORRECTION_IN_PROGRESS = "A new version of this letter is already being prepared."
REASON_REQUIRED = "A correction needs a reason, which is published with it."


@dataclass
class GenerateReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    frozen: int = 0


def _in_progress(*, organisation: Organisation, year: ReportingYear) -> LetterVersion | None:
    return (
        LetterVersion.objects.select_for_update()
        .filter(organisation=organisation, year=year, status__in=IN_PROGRESS)
        .first()
    )


def _next_number(*, organisation: Organisation, year: ReportingYear) -> int:
    top = LetterVersion.objects.filter(organisation=organisation, year=year).aggregate(
        n=Max("number")
    )["n"]
    return (top or 0) + 1


def _render_html(*, organisation: Organisation, year: ReportingYear, stats: Any = None) -> str:
    renderer = renderer_get()
    return renderer.html(letter=renderer.build(organisation=organisation, year=year, stats=stats))


def letters_generate(
    *,
    year: ReportingYear,
    actor: Actor,
    organisations: list[Organisation] | None = None,
) -> GenerateReport:
    """(Re)generate the draft letter of every organisation in the register for a year.

    Approved, sent and published letters are frozen and left alone. A published letter gets a new
    draft only through `letter_correct`.
    """
    report = GenerateReport()
    stats = letters_figures(year=year.label)
    # The organisations existing today that existed in the year or succeeded one that did.
    chosen = organisations or letter_recipients(period=year.period, day=timezone.localdate())
    published = set(
        LetterVersion.objects.filter(year=year, status=LetterStatus.PUBLISHED).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation in chosen:
        html = _render_html(organisation=organisation, year=year, stats=stats)
        with transaction.atomic():
            letter = _in_progress(organisation=organisation, year=year)
            if letter is None and organisation.pk in published:
                report.frozen += 1
                continue
            if letter is not None and letter.frozen:
                report.frozen += 1
                continue
            if letter is not None and letter.html == html:
                report.unchanged += 1
                continue
            if letter is None:
                letter = LetterVersion(
                    organisation=organisation,
                    year=year,
                    number=_next_number(organisation=organisation, year=year),
                )
                report.created += 1
            else:
                report.updated += 1
            _draft_store(letter=letter, html=html)
    event_record(
        action=Event.Action.LETTER_GENERATED,
        actor=actor,
        year=year,
        detail=f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.frozen} frozen",
    )
    return report


def _draft_store(*, letter: LetterVersion, html: str) -> None:
    letter.html = html
    letter.html_sha256 = sha256_hex(html.encode())
    letter.rendered_at = timezone.now()
    letter.save()


def letter_draft_refresh(*, letter: LetterVersion) -> LetterVersion:
    """Render a draft again from the current narrative, paragraph and figures (for previews).

    Returns the letter as stored now; one approved meanwhile is returned untouched.
    """
    html = _render_html(organisation=letter.organisation, year=letter.year)
    with transaction.atomic():
        current = LetterVersion.objects.select_for_update().get(pk=letter.pk)
        if not current.frozen and html != current.html:
            _draft_store(letter=current, html=html)
    return current


def letter_draft_pdf(*, letter: LetterVersion) -> bytes:
    """A letter's PDF: the frozen file once approved, rendered afresh for a draft preview."""
    if letter.frozen:
        return bytes(letter.pdf)
    renderer = renderer_get()
    return renderer.pdf(letter=renderer.build(organisation=letter.organisation, year=letter.year))


def _withdraw_approval(*, letter: LetterVersion, actor: Actor, why: str) -> None:
    letter.status = LetterStatus.DRAFT
    letter.approved_by = None
    letter.approved_at = None
    letter.pdf = b""
    letter.pdf_sha256 = ""
    letter.template_version = ""
    event_record(action=Event.Action.APPROVAL_WITHDRAWN, actor=actor, letter=letter, detail=why)


@transaction.atomic
def letter_edited(
    *, organisation: Organisation, year: ReportingYear, actor: Actor, what: str = ""
) -> LetterVersion:
    """Record that someone changed what goes into an organisation's letter.

    Call inside the transaction that saves the change: an approved letter goes back to draft, and
    a sent or published one refuses the edit (raising WorkflowError rolls the change back).
    """
    letter = _in_progress(organisation=organisation, year=year)
    if letter is None:
        if LetterVersion.objects.filter(
            organisation=organisation, year=year, status=LetterStatus.PUBLISHED
        ).exists():
            raise WorkflowError(LETTER_FROZEN.format(status="published"))
        letter = LetterVersion(
            organisation=organisation,
            year=year,
            number=_next_number(organisation=organisation, year=year),
        )
    _edit_mark(letter=letter, actor=actor)
    letter.save()
    event_record(action=Event.Action.LETTER_EDITED, actor=actor, letter=letter, detail=what)
    return letter


def _edit_mark(*, letter: LetterVersion, actor: Actor) -> None:
    if letter.status == LetterStatus.SENT:
        raise WorkflowError(LETTER_FROZEN.format(status="sent"))
    if letter.status == LetterStatus.APPROVED:
        _withdraw_approval(letter=letter, actor=actor, why="edited after approval")
    letter.last_edited_by = user_of(actor)
    letter.last_edited_at = timezone.now()


@transaction.atomic
def narrative_edited(*, year: ReportingYear, actor: Actor) -> int:
    """Record an edit of the year's narrative: it is part of every unsent letter of the year.

    Returns how many letters it touched; sent letters keep what they were sent with.
    """
    touched = 0
    for letter in LetterVersion.objects.select_for_update().filter(
        year=year, status__in=[LetterStatus.DRAFT, LetterStatus.APPROVED]
    ):
        _edit_mark(letter=letter, actor=actor)
        letter.save()
        touched += 1
    event_record(
        action=Event.Action.NARRATIVE_EDITED,
        actor=actor,
        year=year,
        detail=f"{touched} unsent letter(s) affected",
    )
    return touched


@transaction.atomic
def letter_correct(*, letter: LetterVersion, reason: str, actor: Actor) -> LetterVersion:
    """Start a correction of a published letter: a new draft version that carries the reason.

    The published version stays public until the correction is approved and published; then it
    is kept, marked superseded.
    """
    if letter.status != LetterStatus.PUBLISHED:
        raise WorkflowError(NOT_PUBLISHED.format(status=letter.get_status_display().lower()))
    if not reason.strip():
        raise WorkflowError(REASON_REQUIRED)
    if _in_progress(organisation=letter.organisation, year=letter.year):
        raise WorkflowError(CORRECTION_IN_PROGRESS)
    html = _render_html(organisation=letter.organisation, year=letter.year)
    correction = LetterVersion(
        organisation=letter.organisation,
        year=letter.year,
        number=_next_number(organisation=letter.organisation, year=letter.year),
        supersedes=letter,
        correction_reason=reason.strip(),
    )
    _draft_store(letter=correction, html=html)
    event_record(
        action=Event.Action.LETTER_CORRECTED, actor=actor, letter=correction, detail=reason
    )
    return correction


# Letter wording (stored by the letters app) -------------------------------------------------


def narrative_check(*, year: ReportingYear | str, body: str) -> int:
    """Validate a year's narrative as its letters would use it; returns how many blocks it has.

    Raises WorkflowError with the letters app's own message, e.g. for an indented or fenced
    code block, which no letter can show (stored, it would stop every letter of the year).
    """
    from annual_review.letters.services import narrative_check as letters_narrative_check

    label = year.label if isinstance(year, ReportingYear) else year
    try:
        return letters_narrative_check(year=label, body=body)
    except ValueError as refusal:
        raise WorkflowError(str(refusal)) from refusal


def paragraph_check(*, body: str) -> int:
    """Validate an organisation's own paragraph (empty removes it); returns its blocks."""
    from annual_review.letters.prose import markdown_check

    try:
        return len(markdown_check(body))
    except ValueError as refusal:
        raise WorkflowError(str(refusal)) from refusal


@transaction.atomic
def narrative_save(
    *,
    year: ReportingYear,
    body: str,
    letter_date: date | None,
    actor: Actor,
    source_name: str = "",
) -> int:
    """Save the year's narrative (the letters app's `Narrative`): the one writer of it.

    The staff form and `annual-review narrative --commit` both come here. The narrative is
    checked first (WorkflowError, nothing stored); if it changes anything, every unsent letter
    of the year loses its approval and gets the saver as last editor, and the edit is logged.
    Returns how many letters it touched (none when nothing changed).
    """
    from annual_review.letters.models import Narrative
    from annual_review.letters.services import narrative_load

    narrative_check(year=year, body=body)
    stored = Narrative.objects.filter(reporting_year=year.label).first()
    if stored is not None and (stored.body, stored.letter_date) == (body, letter_date):
        return 0
    narrative_load(
        year=year.label,
        body=body,
        letter_date=letter_date,
        source_name=source_name or (stored.source_name if stored else ""),
    )
    return narrative_edited(year=year, actor=actor)


@transaction.atomic
def paragraph_save(
    *, organisation: Organisation, year: ReportingYear, body: str, actor: Actor
) -> LetterVersion:
    """Save (or, when empty, remove) an organisation's own paragraph and record the edit.

    The paragraph is checked as the narrative is (WorkflowError, nothing stored). A sent or
    published letter refuses the edit and nothing is saved.
    """
    from annual_review.letters.services import organisation_paragraph_load

    paragraph_check(body=body)
    organisation_paragraph_load(organisation=organisation, year=year.label, body=body)
    letter = letter_edited(
        organisation=organisation, year=year, actor=actor, what="organisation's paragraph"
    )
    return letter_draft_refresh(letter=letter)
