"""One writer for a year's narrative: `annual-review narrative --commit` and the staff form both
go through `narrative_save`, which checks it the same way, withdraws the approvals of the letters
it changes, and records the event and the last editor."""

import html
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from annual_review.letters.models import Narrative, OrganisationParagraph
from annual_review.letters.prose import UNSUPPORTED_MARKDOWN
from annual_review.letters.services import EMPTY_NARRATIVE
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import Event, LetterStatus, LetterVersion

pytestmark = pytest.mark.django_db

CODE_BLOCKS = UNSUPPORTED_MARKDOWN.format(kind="code or HTML blocks")
# Markdown the letters cannot show: stored, it stopped every letter page of the year.
BAD_NARRATIVES = {
    "indented": ("## This year\n\nWe said:\n\n    an indented line is a code block\n", CODE_BLOCKS),
    "fenced": ("Our figures:\n\n```\nupheld 12\n```\n", CODE_BLOCKS),
    "empty": ("---\n", EMPTY_NARRATIVE),
}


def signed_in(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def cli_refusal(tmp_path: Path, body: str, *options: str) -> str:
    source = tmp_path / "narrative.md"
    source.write_text(body, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("narrative", "2023-24", str(source), *options)
    return str(refused.value)


@pytest.mark.parametrize("case", sorted(BAD_NARRATIVES))
def test_the_cli_and_the_staff_form_refuse_the_same_markdown_with_the_same_message(
    case, tmp_path, year, analyst
):
    """Both doors refuse Markdown no letter can show, with one message, and store nothing."""
    body, message = BAD_NARRATIVES[case]
    assert cli_refusal(tmp_path, body) == message  # dry run
    assert cli_refusal(tmp_path, body, "--commit") == message
    response = signed_in(analyst).post(
        reverse("staff:narrative", args=[year.label]), {"body": body, "letter_date": ""}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["form"].errors["body"] == [message]
    assert html.escape(message) in response.content.decode()
    assert not Narrative.objects.exists()
    assert not Event.objects.filter(action=Event.Action.NARRATIVE_EDITED).exists()


def test_the_paragraph_form_and_cli_refuse_the_same_markdown(tmp_path, year, hartlepool, analyst):
    """An organisation's own paragraph is checked as the narrative is, by both doors."""
    body, message = BAD_NARRATIVES["indented"]
    assert cli_refusal(tmp_path, body, "--org", "HPL", "--commit") == message
    response = signed_in(analyst).post(
        reverse("staff:letter-paragraph", args=[year.label, "HPL"]), {"body": body}, follow=True
    )
    assert html.escape(message) in response.content.decode()
    assert not OrganisationParagraph.objects.exists()


def test_a_bad_narrative_refused_leaves_the_letter_pages_working(year, hartlepool, analyst):
    """With the real letters app: after the refusal, the year's letter pages still render."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    client = signed_in(analyst)
    client.post(
        reverse("staff:narrative", args=[year.label]),
        {"body": BAD_NARRATIVES["fenced"][0], "letter_date": ""},
    )
    page = client.get(reverse("staff:letter", args=[year.label, "HPL"]))
    assert page.status_code == 200 and page.context["problem"] is None


def test_the_cli_commit_withdraws_approvals_and_records_the_edit(
    tmp_path, year, hartlepool, renderer, approver
):
    """`narrative --commit` is an edit like the form's: approved letters go back to draft, logged."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    source = tmp_path / "2023-24.md"
    source.write_text("## This year\n\nA year of steady improvement.\n", encoding="utf-8")
    call_command("narrative", "2023-24", str(source), "--date", "2024-07-17", "--commit")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and letter.approved_by is None
    assert letter.last_edited_at is not None and letter.last_edited_by is None  # a command
    stored = Narrative.objects.get(reporting_year="2023-24")
    assert "steady improvement" in stored.body and str(stored.letter_date) == "2024-07-17"
    assert stored.source_name == "2023-24.md"
    edited = Event.objects.get(action=Event.Action.NARRATIVE_EDITED)
    assert edited.actor_name == "annual-review narrative" and edited.year == year
    assert Event.objects.filter(action=Event.Action.APPROVAL_WITHDRAWN, letter=letter).exists()


def test_the_form_makes_its_user_the_last_editor_and_withdraws_approvals(
    year, hartlepool, renderer, analyst, approver
):
    """Saved on the staff page, the narrative withdraws approval and names the analyst."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    signed_in(analyst).post(
        reverse("staff:narrative", args=[year.label]),
        {"body": "A year of steady improvement.", "letter_date": ""},
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and letter.last_edited_by == analyst
    assert Event.objects.get(action=Event.Action.NARRATIVE_EDITED).actor == analyst


def test_saving_the_same_narrative_again_changes_no_letter(
    tmp_path, year, hartlepool, renderer, approver
):
    """A narrative that does not change leaves approvals alone: nothing in the letters changed."""
    source = tmp_path / "2023-24.md"
    source.write_text("A year of steady improvement.\n", encoding="utf-8")
    call_command("narrative", "2023-24", str(source), "--commit")
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    call_command("narrative", "2023-24", str(source), "--commit")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    assert Event.objects.filter(action=Event.Action.NARRATIVE_EDITED).count() == 1


def test_the_cli_paragraph_commit_is_an_edit_like_the_form(
    tmp_path, year, hartlepool, renderer, approver
):
    """`narrative --org CODE --commit` withdraws that letter's approval and logs the edit."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    source = tmp_path / "hartlepool.md"
    source.write_text("We thank the council for its swift remedies.\n", encoding="utf-8")
    call_command("narrative", "2023-24", str(source), "--org", "HPL", "--commit")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert OrganisationParagraph.objects.get(organisation=hartlepool).body.startswith("We thank")
    edited = Event.objects.get(action=Event.Action.LETTER_EDITED, letter=letter)
    assert edited.actor_name == "annual-review narrative"
    assert edited.detail == "organisation's paragraph"
