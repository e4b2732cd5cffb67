"""The emails people read, compared exactly with golden files (ANNUAL_REVIEW_REGENERATE_GOLDEN=1
rewrites them: tests/golden.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import LetterVersion, OfficerRegistration
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.sending import letter_send
from tests.golden import golden_compare

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"


def readable(message) -> str:  # noqa: ANN001
    """Headers people see and the plain-text body, with signed tokens (which vary) masked."""
    parts = [
        f"{name}: {message[name]}" for name in ("From", "To", "Cc", "Subject") if message[name]
    ]
    attachments = [a.get_filename() for a in message.iter_attachments()]
    if attachments:
        parts.append(f"Attachments: {', '.join(attachments)}")
    parts.append(f"List-Unsubscribe: {message['List-Unsubscribe'].strip()}")
    parts += ["", message.get_body(preferencelist=("plain",)).get_content()]
    text = "\n".join(parts).replace("\r\n", "\n")
    return re.sub(r"/(confirm|unsubscribe)/[^/\s>]+/", r"/\1/TOKEN/", text)


def compare(name: str, text: str) -> None:
    golden_compare(GOLDEN / name, text)


def test_the_letter_email(year, hartlepool, renderer, approver, smtp_server):
    """The email that carries a council's letter."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    compare("letter_email.txt", readable(smtp_server.received[0].message))


def test_the_confirmation_email(client, smtp_server):
    """The email a Monitoring Officer gets after registering."""
    client.post(
        reverse("officers:register"),
        {
            "name": "Morgan Officer",
            "organisation": Organisation.objects.get(code="HPL").pk,
            "email": "mo@hartlepool.example",
        },
    )
    assert OfficerRegistration.objects.count() == 1
    outbox_deliver()
    compare("confirmation_email.txt", readable(smtp_server.received[0].message))
