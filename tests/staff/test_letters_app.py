"""The workflow with the real letters app: edit wording, regenerate, approve, freeze the PDF."""

import pytest
from django.test import Client
from django.urls import reverse

from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, sha256_hex

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_an_edited_paragraph_is_in_the_draft_and_the_frozen_pdf(
    year, hartlepool, analyst, approver
):
    """The analyst's paragraph shows in the draft; approval by another freezes a real PDF."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    analyst_client = signed_in(analyst)
    analyst_client.post(
        reverse("staff:letter-paragraph", args=[year.label, "HPL"]),
        {"body": "We thank the council for its **swift** remedies this year."},
    )
    letter = LetterVersion.objects.get(organisation=hartlepool, year=year)
    assert letter.last_edited_by == analyst
    assert "swift" in letter.html
    approver_client = signed_in(approver)
    page = approver_client.get(reverse("staff:letter", args=[year.label, "HPL"]))
    approver_client.post(
        reverse("staff:letter-approve", args=[year.label, "HPL"]),
        {"seen_sha256": page.context["approve_form"].initial["seen_sha256"]},
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.pdf_sha256 == sha256_hex(bytes(letter.pdf))
    from annual_review.letters import TEMPLATE_VERSION

    assert letter.template_version == TEMPLATE_VERSION
    served = approver_client.get(reverse("staff:letter-pdf", args=[year.label, "HPL", 1]))
    assert served.content == bytes(letter.pdf)


def test_saving_the_narrative_makes_its_editor_last_editor(year, hartlepool, analyst):
    """The narrative page saves the wording and logs the edit against the year."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    client = signed_in(analyst)
    form = client.get(reverse("staff:narrative", args=[year.label])).context["form"]
    assert form.initial["body"]  # the default wording, ready to edit
    client.post(
        reverse("staff:narrative", args=[year.label]),
        {"body": "## This year\n\nA year of steady improvement.", "letter_date": "2024-07-17"},
    )
    letter = LetterVersion.objects.get(organisation=hartlepool, year=year)
    assert letter.last_edited_by == analyst
    assert Event.objects.filter(action=Event.Action.NARRATIVE_EDITED, year=year).exists()
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter.refresh_from_db()
    assert "steady improvement" in letter.html
