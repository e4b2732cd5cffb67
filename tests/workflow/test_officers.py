"""Monitoring Officers register themselves, confirm by a signed link, are approved, and can
unsubscribe from any email by its link."""

import html
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.workflow import monitoring_officers
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import (
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
    RegistrationAttempt,
    Unsubscription,
)
from annual_review.workflow.monitoring_officers import (
    CONFIRM_SALT,
    LINK_EXPIRED,
    MAX_CONFIRMATIONS,
    MAX_REGISTRATIONS_PER_CLIENT,
    MAX_REGISTRATIONS_PER_EMAIL,
    NAME_MISSING,
    NAME_NOT_PLAIN,
    NAME_TOO_LONG,
    OFFICER_NAME_MAX,
    TOO_MANY_FOR_EMAIL,
    TOO_MANY_FROM_CLIENT,
    TOO_MANY_OVERALL,
    officer_name_clean,
)
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.sending import letter_send
from annual_review.workflow.subscriptions import LINK_INVALID

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
    from annual_review.workflow.monitoring_officers import officer_confirm

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


def test_the_form_only_queues_the_confirmation(client, smtp_server):
    """The request stores the email in the outbox; the scheduled delivery sends it."""
    register(client, deliver=False)
    assert not smtp_server.received
    (queued,) = OutboxMessage.objects.all()
    assert queued.status == OutboxMessage.Status.PENDING
    outbox_deliver()
    assert len(smtp_server.received) == 1


def test_registering_an_unsubscribed_address_keeps_it_unsubscribed_until_it_confirms(
    client, smtp_server, year, hartlepool, renderer, approver, second_approver
):
    """Anyone can type an address into the form; only the address itself ends its unsubscription.

    Until it confirms it receives nothing but the confirmation link.
    """
    Unsubscription.objects.create(email="mo@hartlepool.example")
    register(client)
    assert Unsubscription.objects.filter(email="mo@hartlepool.example").exists()
    (confirmation,) = smtp_server.received
    assert confirmation.rcpt_tos == ["mo@hartlepool.example"]
    # Meanwhile a letter to an approved officer with that address would not be sent to it.
    OfficerRegistration.objects.create(
        organisation=hartlepool,
        name="Old Registration",
        email="mo@hartlepool.example",
        status=OfficerRegistration.Status.APPROVED,
    )
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter = letter_approve(letter=LetterVersion.objects.get(), actor=second_approver)
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    assert all("mo@hartlepool.example" not in r.rcpt_tos for r in smtp_server.received[1:])

    client.get(link_in(confirmation.message.get_content()))
    assert not Unsubscription.objects.filter(email="mo@hartlepool.example").exists()
    assert OfficerRegistration.objects.filter(
        email="mo@hartlepool.example", status=OfficerRegistration.Status.CONFIRMED
    ).exists()


def register_as(client, *, email: str, client_address: str, code: str = "HPL"):  # noqa: ANN001, ANN201
    return client.post(
        reverse("officers:register"),
        {
            "name": "Morgan Officer",
            "organisation": Organisation.objects.get(code=code).pk,
            "email": email,
        },
        REMOTE_ADDR=client_address,
    )


def test_registrations_are_limited_per_client_address(client):
    """Beyond the limit one address is refused with a clear message; another still registers."""
    for n in range(MAX_REGISTRATIONS_PER_CLIENT):
        response = register_as(
            client, email=f"mo{n}@hartlepool.example", client_address="192.0.2.1"
        )
        assert response.status_code == 200
    refused = register_as(client, email="late@hartlepool.example", client_address="192.0.2.1")
    assert refused.status_code == 429
    assert html.escape(TOO_MANY_FROM_CLIENT) in refused.content.decode()
    elsewhere = register_as(client, email="late@hartlepool.example", client_address="192.0.2.2")
    assert elsewhere.status_code == 200
    assert OutboxMessage.objects.count() == MAX_REGISTRATIONS_PER_CLIENT + 1


def test_registrations_are_limited_per_email_across_councils(client):
    """One address registered for council after council gets only a few emails (it got 15)."""
    codes = list(
        Organisation.objects.filter(in_register=True)
        .order_by("code")
        .values_list("code", flat=True)
    )[:15]
    answers = [
        register_as(client, email="victim@example.org", client_address=f"192.0.2.{n}", code=code)
        for n, code in enumerate(codes)
    ]
    assert [a.status_code for a in answers].count(200) == MAX_REGISTRATIONS_PER_EMAIL
    assert html.escape(TOO_MANY_FOR_EMAIL) in answers[-1].content.decode()
    assert OutboxMessage.objects.count() == MAX_REGISTRATIONS_PER_EMAIL


def test_registrations_are_limited_overall(client, monkeypatch):
    """However many addresses an attacker uses, the hour's total of emails is bounded."""
    monkeypatch.setattr(monitoring_officers, "MAX_REGISTRATIONS_PER_HOUR", 3)
    answers = [
        register_as(client, email=f"mo{n}@hartlepool.example", client_address=f"192.0.2.{n}")
        for n in range(5)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert html.escape(TOO_MANY_OVERALL) in answers[-1].content.decode()


def test_the_limits_forget_old_registrations(client):
    """Counts cover the last hour (per address) and day (per email); older rows are deleted."""
    for n in range(MAX_REGISTRATIONS_PER_CLIENT):
        register_as(client, email=f"mo{n}@hartlepool.example", client_address="192.0.2.1")
    RegistrationAttempt.objects.update(at=timezone.now() - timedelta(hours=2))
    assert (
        register_as(client, email="next@hartlepool.example", client_address="192.0.2.1").status_code
        == 200
    )
    RegistrationAttempt.objects.update(at=timezone.now() - timedelta(days=2))
    register_as(client, email="again@hartlepool.example", client_address="192.0.2.1")
    assert RegistrationAttempt.objects.count() == 1  # the table keeps only a day


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Morgan Officer", "Morgan Officer"),
        ("  Morgan\r\n\tOfficer\x00 ", "Morgan Officer"),
        ("Siân O’Brien-Jones", "Siân O’Brien-Jones"),
        ("Dr. J.R. Smith", "Dr. J.R. Smith"),
    ],
)
def test_a_name_is_kept_as_plain_text(typed, kept):
    """Line breaks and control characters become single spaces; names of people pass."""
    assert officer_name_clean(typed) == kept


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Morgan\nBcc: all@example.org", NAME_NOT_PLAIN),
        ("<a href='https://evil.example'>Claim your refund</a>", NAME_NOT_PLAIN),
        ("Visit evil.example today", NAME_NOT_PLAIN),
        ("Win 1000 pounds", NAME_NOT_PLAIN),
        ("www dot evil", "ok"),
        ("M" * (OFFICER_NAME_MAX + 1), NAME_TOO_LONG.format(max=OFFICER_NAME_MAX)),
        ("\n\t ", NAME_MISSING),
    ],
)
def test_a_name_that_is_not_plain_text_is_refused(typed, reason):
    """No links, markup, digits or symbols go into an email from the Ombudsman's address."""
    if reason == "ok":
        assert officer_name_clean(typed) == typed  # words alone are not a link
        return
    with pytest.raises(WorkflowError) as refused:
        officer_name_clean(typed)
    assert str(refused.value) == reason


def test_the_form_refuses_a_name_with_a_link_and_queues_nothing(client):
    """The reason shows beside the field; nothing is stored or queued."""
    response = client.post(
        reverse("officers:register"),
        {
            "name": "Refund at evil.example",
            "organisation": Organisation.objects.get(code="HPL").pk,
            "email": "mo@hartlepool.example",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [NAME_NOT_PLAIN]
    assert not OfficerRegistration.objects.exists() and not OutboxMessage.objects.exists()
    form_field = response.context["form"].fields["name"]
    assert form_field.max_length == OFFICER_NAME_MAX


def test_the_confirmation_email_is_plain_text_only(client, smtp_server):
    """The name typed is never put into HTML: the confirmation has no HTML part."""
    register(client)
    message = smtp_server.received[0].message
    assert not message.is_multipart() and message.get_content_type() == "text/plain"
    assert "Dear Morgan Officer," in message.get_content()
