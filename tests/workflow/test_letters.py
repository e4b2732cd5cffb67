"""Letter states: draft -> approved -> sent -> published, with two people and an audit log."""

import re

import pytest

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import (
    APPROVER_IS_EDITOR,
    LETTER_CHANGED,
    NOT_A_DRAFT,
    letter_approve,
)
from annual_review.workflow.drafting import (
    LETTER_FROZEN,
    letter_draft_refresh,
    letter_edited,
    letters_generate,
    narrative_edited,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, sha256_hex
from annual_review.workflow.sending import letter_send

pytestmark = pytest.mark.django_db


def _draft(year, organisation, renderer) -> LetterVersion:  # noqa: ANN001
    letters_generate(year=year, actor="test", organisations=[organisation])
    return LetterVersion.objects.get(organisation=organisation, year=year)


def test_generate_makes_one_draft_per_council_and_is_repeatable(year, renderer):
    """Generating twice gives every council in the register one draft; the second run changes nothing."""
    first = letters_generate(year=year, actor="test")
    again = letters_generate(year=year, actor="test")
    councils = Organisation.objects.filter(in_register=True).count()
    assert first.created == councils == 317
    assert (again.created, again.updated, again.unchanged) == (0, 0, councils)
    assert LetterVersion.objects.filter(year=year, status=LetterStatus.DRAFT).count() == councils


def test_the_last_editor_cannot_approve(year, hartlepool, renderer, approver, second_approver):
    """Whoever edited a letter last cannot approve it; someone else can."""
    letter = _draft(year, hartlepool, renderer)
    renderer.paragraphs["HPL"] = "Thank you for your prompt replies."
    letter = letter_edited(organisation=hartlepool, year=year, actor=approver)

    letter = letter_draft_refresh(letter=letter)
    with pytest.raises(WorkflowError, match=re.escape(APPROVER_IS_EDITOR)):
        letter_approve(letter=letter, actor=approver)
    approved = letter_approve(letter=letter, actor=second_approver)
    assert approved.status == LetterStatus.APPROVED
    assert approved.approved_by == second_approver


def test_approval_freezes_html_pdf_checksums_and_template(year, hartlepool, renderer, approver):
    """Approval stores the HTML and PDF with their sha256 and template version."""
    letter = letter_approve(letter=_draft(year, hartlepool, renderer), actor=approver)
    letter.refresh_from_db()
    assert letter.html_sha256 == sha256_hex(letter.html.encode())
    assert letter.pdf_sha256 == sha256_hex(bytes(letter.pdf))
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.template_version == "test-template-1"
    with pytest.raises(WorkflowError, match=re.escape(NOT_A_DRAFT.format(status="approved"))):
        letter_approve(letter=letter, actor=approver)


def test_a_draft_that_changed_since_preview_is_not_approved(year, hartlepool, renderer, approver):
    """If the content changed after the approver's preview, approval is refused."""
    letter = _draft(year, hartlepool, renderer)
    renderer.paragraphs["HPL"] = "A new paragraph nobody previewed."
    with pytest.raises(WorkflowError, match=re.escape(LETTER_CHANGED)):
        letter_approve(letter=letter, actor=approver)
    with pytest.raises(WorkflowError, match=re.escape(LETTER_CHANGED)):
        letter_approve(letter=letter, actor=approver, seen_sha256="0" * 64)


def test_regenerating_leaves_frozen_letters_alone(year, hartlepool, renderer, approver):
    """An approved letter keeps its frozen content when drafts are regenerated."""
    letter = letter_approve(letter=_draft(year, hartlepool, renderer), actor=approver)
    frozen_html = letter.html
    renderer.paragraphs["HPL"] = "Changed after approval."
    report = letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter.refresh_from_db()
    assert report.frozen == 1
    assert letter.html == frozen_html


def test_editing_an_approved_letter_withdraws_the_approval(
    year, hartlepool, renderer, approver, analyst
):
    """An edit after approval sends the letter back to draft, recorded in the log."""
    letter = letter_approve(letter=_draft(year, hartlepool, renderer), actor=approver)
    letter = letter_edited(organisation=hartlepool, year=year, actor=analyst, what="paragraph")
    assert letter.status == LetterStatus.DRAFT
    assert letter.pdf_sha256 == ""
    assert Event.objects.filter(action=Event.Action.APPROVAL_WITHDRAWN, letter=letter).exists()


def test_a_sent_letter_refuses_edits(year, hartlepool, renderer, approver, analyst):
    """Once sent, a letter cannot be edited: a correction is the only way."""
    letter = letter_approve(letter=_draft(year, hartlepool, renderer), actor=approver)
    letter_send(letter=letter, actor=approver)
    with pytest.raises(WorkflowError, match=re.escape(LETTER_FROZEN.format(status="sent"))):
        letter_edited(organisation=hartlepool, year=year, actor=analyst)


def test_narrative_edit_makes_its_editor_last_editor_of_unsent_letters(
    year, hartlepool, renderer, approver, analyst
):
    """The year's narrative is in every letter, so its editor cannot approve any unsent one."""
    letter = _draft(year, hartlepool, renderer)
    assert narrative_edited(year=year, actor=approver) == 1
    letter.refresh_from_db()
    with pytest.raises(WorkflowError, match=re.escape(APPROVER_IS_EDITOR)):
        letter_approve(letter=letter, actor=approver)


def test_every_state_change_is_in_the_audit_log(year, hartlepool, renderer, approver, analyst):
    """Edit, approve and send each leave an event saying who did what."""
    letter = _draft(year, hartlepool, renderer)
    letter_edited(organisation=hartlepool, year=year, actor=analyst)
    letter_approve(letter=letter, actor=approver)
    letter_send(letter=letter, actor=approver)
    actions = list(
        Event.objects.filter(letter=letter).order_by("id").values_list("action", "actor_name")
    )
    assert actions[:3] == [
        (Event.Action.LETTER_EDITED, "ann"),
        (Event.Action.LETTER_APPROVED, "abe"),
        (Event.Action.LETTER_SENT, "abe"),
    ]
    assert (Event.Action.EMAIL_QUEUED, "abe") in actions


def test_refreshing_a_stale_draft_never_undoes_an_approval(year, hartlepool, renderer, approver):
    """A page that loaded the draft before someone approved it cannot turn it back into a draft."""
    stale = _draft(year, hartlepool, renderer)
    letter_approve(letter=stale, actor=approver)
    renderer.paragraphs["HPL"] = "Changed after approval."
    current = letter_draft_refresh(letter=stale)
    assert current.status == LetterStatus.APPROVED
    stale.refresh_from_db()
    assert stale.status == LetterStatus.APPROVED and "Changed" not in stale.html
