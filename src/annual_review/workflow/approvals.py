"""Approvals: the two-person rule shared by letters and figure revisions, and approving a letter.

Whatever is approved (a letter's draft, a revision of a year's figures) is approved by a
signed-in person other than the one who prepared it.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from annual_review.workflow.events import Actor, WorkflowError, event_record, user_of
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, sha256_hex
from annual_review.workflow.rendering import renderer_get
from annual_review.workflow.selectors import figures_of_letters

APPROVER_IS_EDITOR = (
    "You edited this letter last, so someone else must approve it (two people see every letter)."
)
APPROVER_REQUIRED = "A letter is approved by a signed-in person."
NOT_A_DRAFT = "Only a draft can be approved; this letter is {status}."
LETTER_CHANGED = (
    "The letter has changed since its draft was last shown (an edit or new figures); "
    "preview it again before approving."
)


def approver_check(
    *,
    actor: Actor,
    preparer_id: int | None,
    not_ready: str | None,
    anonymous: str,
    same_person: str,
) -> User:
    """The signed-in person approving something, who must not be the one who prepared it.

    Refusals come in one order for everything approved: nobody signed in (`anonymous`), then
    `not_ready` when the thing is not waiting for approval, then the preparer approving their
    own work (`same_person`). Each message says what is refused in the caller's own words.
    """
    user = user_of(actor)
    if user is None:
        raise WorkflowError(anonymous)
    if not_ready:
        raise WorkflowError(not_ready)
    if preparer_id is not None and preparer_id == user.pk:
        raise WorkflowError(same_person)
    return user


@transaction.atomic
def letter_approve(
    *, letter: LetterVersion, actor: Actor, seen_sha256: str | None = None
) -> LetterVersion:
    """Approve a draft and freeze it: its HTML and PDF, their checksums and template version.

    The approver must be a person other than the last one who edited the letter, and what is
    frozen is exactly the draft they saw (`seen_sha256`, the checksum shown with the preview).
    The version of the figures it was made from is kept with it (`figures_number`).
    """
    letter = LetterVersion.objects.select_for_update().get(pk=letter.pk)
    user = approver_check(
        actor=actor,
        preparer_id=letter.last_edited_by_id,
        not_ready=None
        if letter.status == LetterStatus.DRAFT
        else NOT_A_DRAFT.format(status=letter.get_status_display().lower()),
        anonymous=APPROVER_REQUIRED,
        same_person=APPROVER_IS_EDITOR,
    )
    renderer = renderer_get()
    built = renderer.build(organisation=letter.organisation, year=letter.year)
    html = renderer.html(letter=built)
    if (
        not letter.html
        or html != letter.html
        or (seen_sha256 and seen_sha256 != letter.html_sha256)
    ):
        raise WorkflowError(LETTER_CHANGED)
    pdf = renderer.pdf(letter=built)
    letter.pdf = pdf
    letter.pdf_sha256 = sha256_hex(pdf)
    letter.template_version = renderer.template_version(letter=built)
    # What it was made from decides when it may be public (a revision's figures, its time).
    letter.figures_number = figures_of_letters(year=letter.year)
    letter.status = LetterStatus.APPROVED
    letter.approved_by = user
    letter.approved_at = timezone.now()
    letter.save()
    event_record(
        action=Event.Action.LETTER_APPROVED,
        actor=actor,
        letter=letter,
        detail=f"html sha256 {letter.html_sha256}, pdf sha256 {letter.pdf_sha256}, "
        f"template {letter.template_version}",
    )
    return letter
