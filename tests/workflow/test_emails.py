"""The emails as people receive them, made with the real letters app (no stand-in renderer) and
delivered to a real SMTP server on loopback: who is greeted, where the footer sits, and that no
web request sends email itself."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import LetterVersion, OutboxMessage, Unsubscription
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.sending import letter_send

pytestmark = pytest.mark.django_db


def approved_letter(year, organisation, approver) -> LetterVersion:  # noqa: ANN001
    letters_generate(year=year, actor="test", organisations=[organisation])
    return letter_approve(
        letter=LetterVersion.objects.get(organisation=organisation), actor=approver
    )


def bodies(message) -> tuple[str, str]:  # noqa: ANN001
    text = message.get_body(preferencelist=("plain",)).get_content()
    markup = message.get_body(preferencelist=("html",)).get_content()
    return text.replace("\r\n", "\n"), markup.replace("\r\n", "\n")


def test_with_the_chief_executive_unsubscribed_the_email_greets_whoever_receives_it(
    year, hartlepool, approver, smtp_server
):
    """The Leader, now first recipient, is greeted by name in both bodies, not the chief.

    The letter inside stays the approved, frozen document (addressed to the chief executive, as
    published); the email's own greeting is what addresses the person who receives it.
    """
    Unsubscription.objects.create(email="cara@hartlepool.example")
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    outbox_deliver()
    (received,) = smtp_server.received
    assert received.message["To"] == "leo@hartlepool.example"
    text, markup = bodies(received.message)
    assert text.startswith("Dear Leo Leader,\n\n")
    assert "<p>Dear Leo Leader,</p>" in markup
    assert "Cara" not in text
    assert markup.index("<p>Dear Leo Leader,</p>") < markup.index('class="arl-letter')


def test_a_chief_executive_who_unsubscribes_after_queueing_is_not_greeted(
    year, hartlepool, approver, smtp_server
):
    """Greeting is decided when the email goes: an unsubscription meanwhile changes it too."""
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    Unsubscription.objects.create(email="cara@hartlepool.example")
    outbox_deliver()
    (received,) = smtp_server.received
    assert "cara@hartlepool.example" not in received.rcpt_tos
    assert bodies(received.message)[0].startswith("Dear Leo Leader,\n\n")


def test_the_chief_executive_is_greeted_when_subscribed(year, hartlepool, approver, smtp_server):
    """Normally the chief executive receives the email and is the one greeted."""
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    outbox_deliver()
    text, markup = bodies(smtp_server.received[0].message)
    assert text.startswith("Dear Cara Chief,\n\n") and "<p>Dear Cara Chief,</p>" in markup


def test_the_unsubscribe_footer_and_greeting_sit_inside_the_html_body(
    year, hartlepool, approver, smtp_server
):
    """The letter is a whole HTML document; what the email adds goes inside its <body>."""
    letter = approved_letter(year, hartlepool, approver)
    assert "</body>" in letter.html  # the real renderer's standalone page
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    message = smtp_server.received[0].message
    _, markup = bodies(message)
    unsubscribe = message["List-Unsubscribe"].strip()[1:-1]
    body_open = re.search(r"<body\b[^>]*>", markup)
    assert body_open is not None
    body_close = markup.rindex("</body>")
    assert markup.rstrip().endswith("</html>")  # nothing after the document
    assert body_open.end() < markup.index("Dear Cara Chief") < body_close
    assert body_open.end() < markup.index(f'href="{unsubscribe}"') < body_close
    assert markup.count("<body") == 1 and markup.count("</body>") == 1


class NoSendingBackend(BaseEmailBackend):
    """An email backend that fails the test if anything tries to send through it."""

    def open(self) -> bool:
        raise AssertionError("a web request tried to send email")

    def send_messages(self, email_messages):  # noqa: ANN001, ANN201
        raise AssertionError("a web request tried to send email")


def test_no_web_request_sends_email_itself(
    client, settings, year, hartlepool, approver, second_approver
):
    """Registration, a letter's sending, a year's sending and a password reset only queue."""
    settings.EMAIL_BACKEND = f"{__name__}.NoSendingBackend"
    client.post(
        reverse("officers:register"),
        {"name": "Morgan Officer", "organisation": hartlepool.pk, "email": "mo@hartlepool.example"},
    )
    User.objects.filter(pk=approver.pk).update(email="abe@ombudsman.example")
    client.post(reverse("staff:password-reset"), {"email": "abe@ombudsman.example"})
    middlesbrough = Organisation.objects.get(code="MDB")
    middlesbrough.contacts.create(
        role="chief_executive", last_name="Boss", email="ceo@middlesbrough.example"
    )
    letters_generate(year=year, actor="test", organisations=[hartlepool, middlesbrough])
    for letter in LetterVersion.objects.filter(organisation__in=[hartlepool, middlesbrough]):
        letter_approve(letter=letter, actor=second_approver)
    staff = Client()
    staff.force_login(approver)
    staff.post(reverse("staff:letter-send", args=[year.label, "HPL"]))
    staff.post(reverse("staff:letters-send", args=[year.label]))
    queued = OutboxMessage.objects.all()
    assert queued.count() == 4  # confirmation, password reset, two councils' letters
    assert set(queued.values_list("status", flat=True)) == {OutboxMessage.Status.PENDING}
