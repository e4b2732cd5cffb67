"""The outbox against a real SMTP server on loopback: recipients, attachment, retries, failures,
and exactly-once delivery across a batch that dies part way."""

import smtplib
from datetime import timedelta

import pytest
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import (
    Event,
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
)
from annual_review.workflow.outbox import BACKOFF_FIRST, CLAIM_LEASE, outbox_deliver
from annual_review.workflow.sending import letter_send
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def approved_letter(year, organisation, approver) -> LetterVersion:  # noqa: ANN001
    letters_generate(year=year, actor="test", organisations=[organisation])
    letter = LetterVersion.objects.get(organisation=organisation, year=year)
    return letter_approve(letter=letter, actor=approver)


def officer(organisation: Organisation, email: str) -> OfficerRegistration:
    return OfficerRegistration.objects.create(
        organisation=organisation,
        name="Morgan Officer",
        email=email,
        status=OfficerRegistration.Status.APPROVED,
    )


def test_letter_goes_to_chief_executive_copied_to_leader_and_chair_and_to_each_officer(
    year, hartlepool, renderer, approver, smtp_server
):
    """To the chief executive, Cc the Leader and scrutiny chair; each Monitoring Officer apart."""
    officer(hartlepool, "mo@hartlepool.example")
    officer(hartlepool, "deputy.mo@hartlepool.example")
    letter = approved_letter(year, hartlepool, approver)
    letter_send(letter=letter, actor=approver)
    report = outbox_deliver()
    assert len(report.sent) == 3
    by_to = {r.message["To"]: r for r in smtp_server.received}
    council = by_to["cara@hartlepool.example"]
    assert council.message["Cc"] == "leo@hartlepool.example, sam@hartlepool.example"
    assert sorted(council.rcpt_tos) == [
        "cara@hartlepool.example",
        "leo@hartlepool.example",
        "sam@hartlepool.example",
    ]
    assert by_to["mo@hartlepool.example"].rcpt_tos == ["mo@hartlepool.example"]
    assert by_to["deputy.mo@hartlepool.example"].message["Cc"] is None


def test_the_pdf_is_attached_and_the_html_letter_is_the_body(
    year, hartlepool, renderer, approver, smtp_server
):
    """The email carries the frozen PDF as an attachment and the frozen HTML as its body."""
    letter = approved_letter(year, hartlepool, approver)
    letter_send(letter=letter, actor=approver)
    outbox_deliver()
    (received,) = smtp_server.received
    message = received.message
    html = message.get_body(preferencelist=("html",)).get_content()
    assert letter.html in html
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "hartlepool-annual-review-2023-24.pdf"
    assert attachment.get_content() == bytes(letter.pdf)
    assert message["List-Unsubscribe"].strip().startswith("<https://annual-review.example/")


def test_sending_twice_does_not_send_twice(year, hartlepool, renderer, approver, smtp_server):
    """Delivering again after everything went sends nothing more."""
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    outbox_deliver()
    again = outbox_deliver()
    assert again.sent == [] and len(smtp_server.received) == 1


def test_temporary_failures_are_retried_with_back_off(
    year, hartlepool, renderer, approver, smtp_server
):
    """A 4xx reply leaves the message waiting; it goes on a later run after the back-off."""
    officer(hartlepool, "mo@hartlepool.example")
    smtp_server.busy["mo@hartlepool.example"] = 2
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    start = timezone.now()
    first = outbox_deliver(now=start)
    assert (len(first.sent), len(first.retrying)) == (1, 1)
    waiting = OutboxMessage.objects.get(to=["mo@hartlepool.example"])
    assert waiting.status == OutboxMessage.Status.PENDING
    assert waiting.next_attempt_at == start + BACKOFF_FIRST
    assert "451" in waiting.last_error
    assert outbox_deliver(now=start + BACKOFF_FIRST / 2).retrying == []  # not due yet
    second = outbox_deliver(now=start + BACKOFF_FIRST)
    waiting.refresh_from_db()
    assert waiting.next_attempt_at == start + BACKOFF_FIRST + 2 * BACKOFF_FIRST  # doubled
    third = outbox_deliver(now=start + 3 * BACKOFF_FIRST)
    assert (len(second.retrying), len(third.sent)) == (1, 1)
    waiting.refresh_from_db()
    assert waiting.status == OutboxMessage.Status.SENT and waiting.attempts == 3
    assert Event.objects.filter(action=Event.Action.EMAIL_RETRY).count() == 2


def test_permanent_failures_are_kept_and_shown(year, hartlepool, renderer, approver, smtp_server):
    """A 5xx reply fails the message for good, with the server's reason kept for staff."""
    officer(hartlepool, "gone@hartlepool.example")
    smtp_server.refuse["gone@hartlepool.example"] = "550 5.1.1 No such mailbox"
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    report = outbox_deliver()
    assert (len(report.sent), len(report.failed)) == (1, 1)
    failed = OutboxMessage.objects.get(status=OutboxMessage.Status.FAILED)
    assert "550 5.1.1 No such mailbox" in failed.last_error
    assert Event.objects.filter(
        action=Event.Action.EMAIL_FAILED, detail__contains="No such mailbox"
    ).exists()


def test_a_refused_copy_is_recorded_while_the_rest_is_delivered(
    year, hartlepool, renderer, approver, smtp_server
):
    """If the server refuses only a Cc, the letter still goes and the refusal is recorded."""
    smtp_server.refuse["sam@hartlepool.example"] = "550 5.1.1 No such mailbox"
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    report = outbox_deliver()
    (message,) = report.sent
    message.refresh_from_db()
    assert sorted(smtp_server.received[0].rcpt_tos) == [
        "cara@hartlepool.example",
        "leo@hartlepool.example",
    ]
    assert list(message.refused) == ["sam@hartlepool.example"]
    assert "sam@hartlepool.example refused" in message.last_error


def test_a_mail_server_that_is_down_is_a_temporary_failure(
    year, hartlepool, renderer, approver, settings
):
    """Nothing listening: the message waits for a retry rather than failing."""
    from tests.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    letter_send(letter=approved_letter(year, hartlepool, approver), actor=approver)
    report = outbox_deliver()
    assert len(report.retrying) == 1 and report.retrying[0].status == OutboxMessage.Status.PENDING


class Killed(BaseException):
    """Stands for the process dying (SIGKILL): nothing after it runs, no except clause sees it."""


def many_letters(year, renderer, approver, count: int) -> list[Organisation]:  # noqa: ANN001
    from annual_review.register.models import Contact

    councils = list(Organisation.objects.filter(in_register=True).order_by("code")[:count])
    for council in councils:
        ContactFactory(
            organisation=council,
            role=Contact.Role.CHIEF_EXECUTIVE,
            last_name="Chief",
            email=f"chief@{council.code.lower()}.example",
        )
        letter_send(letter=approved_letter(year, council, approver), actor=approver)
    return councils


@pytest.mark.parametrize("die_after_server_accepted", [False, True])
def test_a_batch_killed_mid_send_and_run_again_sends_each_message_once(
    year, renderer, approver, smtp_server, monkeypatch, die_after_server_accepted
):
    """Killed while handing the 4th message over, a rerun sends the rest once each.

    Killed before the server accepted, nothing is sent twice. Killed after the server accepted
    but before we recorded it, that one message goes again with the same Message-ID (so
    receivers can tell) and no other: the window SMTP itself cannot close.
    """
    many_letters(year, renderer, approver, 6)
    real_sendmail = smtplib.SMTP.sendmail
    calls = {"n": 0}

    def dying_sendmail(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 4 and not die_after_server_accepted:
            raise Killed
        result = real_sendmail(self, *args, **kwargs)
        if calls["n"] == 4:
            raise Killed
        return result

    monkeypatch.setattr(smtplib.SMTP, "sendmail", dying_sendmail)
    start = timezone.now()
    with pytest.raises(Killed):
        outbox_deliver(now=start, worker="host-a:1:dead")
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 3
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING).count() == 1

    # A second run right away leaves the message claimed by the (maybe live) first worker alone.
    monkeypatch.setattr(smtplib.SMTP, "sendmail", real_sendmail)
    soon = outbox_deliver(now=start + timedelta(seconds=5), worker="host-b:2:next")
    assert len(soon.sent) == 2
    later = outbox_deliver(now=start + CLAIM_LEASE + timedelta(seconds=1), worker="host-b:2:next")
    assert len(later.sent) == 1

    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 6
    ids = smtp_server.message_ids()
    assert set(ids) == set(OutboxMessage.objects.values_list("message_id", flat=True))
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert len(duplicates) == (1 if die_after_server_accepted else 0)
    assert len(ids) == 6 + len(duplicates)


def test_a_claim_of_a_dead_local_process_is_taken_over_at_once(
    year, renderer, approver, smtp_server
):
    """A message left 'sending' by a process that no longer exists on this host is resent now."""
    import socket
    import subprocess
    import sys

    many_letters(year, renderer, approver, 1)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    OutboxMessage.objects.update(
        status=OutboxMessage.Status.SENDING,
        claimed_by=f"{socket.gethostname()}:{dead_pid}:gone",
        claimed_at=timezone.now(),
        attempts=1,
    )
    report = outbox_deliver()
    assert len(report.sent) == 1 and len(smtp_server.received) == 1
