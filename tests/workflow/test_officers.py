"""Monitoring Officers register themselves, confirm by a signed link, are approved, and can
unsubscribe from any email by its link."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from annual_review.register.models import Organisation
from annual_review.workflow.models import (
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
    Unsubscription,
)
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.services import (
    CONFIRM_SALT,
    LINK_EXPIRED,
    LINK_INVALID,
    MAX_CONFIRMATIONS,
    letter_approve,
    letter_send,
    letters_generate,
)

pytestmark = pytest.mark.django_db


def link_in(text: str, base: str = "https://annual-review.example") -> str:
    match = re.search(re.escape(base) + r"(/\S+)", text)
    assert match, text
    return match.group(1)


def register(client, email: str = "mo@hartlepool.example", deliver: bool = True):  # noqa: ANN001, ANN201
    """Post the public form; then, as cron would, let the outbox deliver what it queued."""
    hartlepool = Organisation.objects.get(code="HPL")
    response = client.post(
        reverse("officers:register"),
        {"name": "Morgan Officer", "organisation": hartlepool.pk, "email": email},
    )
    if deliver:
        outbox_deliver()
    return response


def test_registration_sends_a_confirmation_link_that_confirms(client, smtp_server):
    """The public form emails a signed link; opening it confirms the address."""
    response = register(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["mo@hartlepool.example"]
    path = link_in(received.message.get_content())
    assert path.startswith("/monitoring-officers/confirm/")
    assert client.get(path).status_code == 200
    registration = OfficerRegistration.objects.get()
    assert registration.status == OfficerRegistration.Status.CONFIRMED


def test_a_tampered_or_expired_link_is_refused(client, smtp_server, settings):
    """A changed link is refused; so is one older than its lifetime."""
    register(client)
    path = link_in(smtp_server.received[0].message.get_content())
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400 and LINK_INVALID in response.content.decode()
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(
        str(OfficerRegistration.objects.get().pk)
    )
    from annual_review.workflow.events import WorkflowError
    from annual_review.workflow.services import officer_confirm

    with pytest.raises(WorkflowError, match=re.escape(LINK_EXPIRED)):
        officer_confirm(token=token, max_age=-1)


def test_approved_officer_receives_the_letter_and_can_unsubscribe(
    client, smtp_server, year, hartlepool, renderer, approver, second_approver
):
    """Confirmed, then approved by staff, the officer gets letters; the link in one stops them."""
    register(client)
    client.get(link_in(smtp_server.received[0].message.get_content()))
    registration = OfficerRegistration.objects.get()
    staff = client.__class__()
    staff.force_login(approver)
    staff.post(reverse("staff:officer-approve", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == OfficerRegistration.Status.APPROVED

    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=second_approver)
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    to_officer = [r for r in smtp_server.received if r.rcpt_tos == ["mo@hartlepool.example"]]
    assert len(to_officer) == 2  # the confirmation, then the letter
    letter_email = to_officer[1].message
    unsubscribe = letter_email["List-Unsubscribe"].strip()[1:-1]
    path = unsubscribe.removeprefix("https://annual-review.example")
    assert path in letter_email.get_body(preferencelist=("plain",)).get_content()
    assert client.get(path).status_code == 200  # asks; link scanners only GET
    assert not Unsubscription.objects.exists()
    response = client.post(path, {"email": "mo@hartlepool.example"})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == OfficerRegistration.Status.UNSUBSCRIBED
    assert Unsubscription.objects.filter(email="mo@hartlepool.example").exists()


def test_unsubscribed_addresses_are_not_emailed(
    client, smtp_server, year, hartlepool, renderer, approver
):
    """An unsubscribed Cc is dropped from the letter's email; the rest still get it."""
    Unsubscription.objects.create(email="leo@hartlepool.example")
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    (received,) = smtp_server.received
    assert sorted(received.rcpt_tos) == ["cara@hartlepool.example", "sam@hartlepool.example"]


def test_an_unsubscribe_link_only_works_for_its_own_addresses(client, smtp_server):
    """The address posted must be one the signed link was made for."""
    register(client)
    (message,) = OutboxMessage.objects.all()
    path = message.unsubscribe_url.removeprefix("https://annual-review.example")
    response = client.post(path, {"email": "someone.else@example.org"})
    assert response.status_code == 200
    assert not Unsubscription.objects.exists()


def test_registering_again_resends_the_link_a_few_times_only(client, smtp_server):
    """The public form cannot be used to flood an inbox: at most three confirmation emails."""
    for _ in range(MAX_CONFIRMATIONS + 2):
        register(client)
    assert OfficerRegistration.objects.count() == 1
    assert len(smtp_server.received) == MAX_CONFIRMATIONS
