"""The outbox: every email is queued once, delivered once, retried with back-off, failures kept.

Delivery claims one message at a time in its own committed transaction (status "sending", who
and when), hands it to the SMTP server, then records the outcome. A process killed mid-batch
leaves at most one message "sending"; the next run takes it over once its owner is gone (the
same host and a dead process id) or its claim is older than the lease, and sends it again with
the same Message-ID. Every other message is either sent, and never sent again, or not yet sent.
The one window SMTP cannot close is from the end of a message's data until the server's "250"
reply is recorded here (the server's time to accept it, plus a commit): a kill exactly then sends
that one message twice, with the same Message-ID, so receiving systems can tell.
"""

import hashlib
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from annual_review.workflow.email_messages import email_compose
from annual_review.workflow.events import Actor, WorkflowError, event_record
from annual_review.workflow.models import Event, LetterVersion, OutboxMessage
from annual_review.workflow.subscriptions import recipients_subscribed

BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_LONGEST = timedelta(hours=2)
MAX_ATTEMPTS = 8
CLAIM_LEASE = timedelta(minutes=15)
ALL_UNSUBSCRIBED = "every recipient has unsubscribed"
GAVE_UP = "gave up after {attempts} attempts: {error}"
NOT_FAILED = "Only a message that failed can be queued again."


def _message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "annual-review.invalid"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def message_queue(
    *,
    key: str,
    to: list[str],
    cc: list[str],
    subject: str,
    body_text: str,
    body_html: str,
    unsubscribe: str,
    letter: LetterVersion | None = None,
    greetings: dict[str, str] | None = None,
    despite_unsubscription: bool = False,
) -> OutboxMessage:
    """Queue an email under a key saying what it is for; queueing the same key again is a no-op.

    Nothing is sent here: `outbox_deliver` (the `send-letters --commit` command, run by cron)
    sends it, so no web request ever waits for a mail server. `greetings` maps each address to
    the name it is greeted by ("Dear NAME," opens both bodies, for whoever the email goes to
    first when it is sent); without them the bodies are sent as given. `despite_unsubscription` is only
    for a message asked for in the recipient's own name (a confirmation link, a password reset).
    """
    message, _ = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "message_id": _message_id(key),
            "letter": letter,
            "to": to,
            "cc": cc,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "unsubscribe_url": unsubscribe,
            "greetings": greetings or {},
            "despite_unsubscription": despite_unsubscription,
        },
    )
    return message


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claim_abandoned(message: OutboxMessage, *, now: datetime, lease: timedelta) -> bool:
    if message.claimed_at is None or message.claimed_at <= now - lease:
        return True
    host, _, rest = message.claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _claim_next(
    *, worker: str, now: datetime, lease: timedelta, only: list[int] | None = None
) -> OutboxMessage | None:
    with transaction.atomic():
        queue = (
            OutboxMessage.objects.all()
            if only is None
            else OutboxMessage.objects.filter(pk__in=only)
        )
        locked = queue.select_for_update(skip_locked=True).order_by("id")
        # A claim left by a dead or timed-out worker first: that message has waited longest.
        chosen = next(
            (
                held.pk
                for held in locked.filter(status=OutboxMessage.Status.SENDING).only(
                    "id", "claimed_by", "claimed_at"
                )
                if _claim_abandoned(held, now=now, lease=lease)
            ),
            None,
        )
        if chosen is None:
            chosen = (
                locked.filter(status=OutboxMessage.Status.PENDING)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .values_list("pk", flat=True)
                .first()
            )
        if chosen is None:
            return None
        OutboxMessage.objects.filter(pk=chosen).update(
            status=OutboxMessage.Status.SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return OutboxMessage.objects.select_related("letter__organisation", "letter__year").get(
        pk=chosen
    )


class _Temporary(Exception):
    pass


class _Permanent(Exception):
    pass


def _transmit(connection: BaseEmailBackend, email: EmailMultiAlternatives) -> dict[str, str]:
    """Hand one email to the server; returns recipients it refused while accepting the rest."""
    try:
        if isinstance(connection, SMTPBackend):
            if connection.connection is None:
                connection.open()
            assert connection.connection is not None
            refused = connection.connection.sendmail(
                email.from_email,
                email.recipients(),
                email.message().as_bytes(linesep="\r\n"),  # type: ignore[call-arg]
            )
            return {
                a: f"{code} {reply.decode(errors='replace')}"
                for a, (code, reply) in refused.items()
            }
        connection.send_messages([email])
        return {}
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        text = "; ".join(
            f"{a}: {code} {reply.decode(errors='replace')}"
            for a, (code, reply) in error.recipients.items()
        )
        if all(code >= 500 for code in codes):
            raise _Permanent(text) from error
        raise _Temporary(text) from error
    except smtplib.SMTPResponseException as error:
        text = f"{error.smtp_code} {error.smtp_error.decode(errors='replace') if isinstance(error.smtp_error, bytes) else error.smtp_error}"
        if error.smtp_code >= 500:
            raise _Permanent(text) from error
        connection.close()
        raise _Temporary(text) from error
    except (smtplib.SMTPException, OSError) as error:
        connection.close()
        raise _Temporary(f"{type(error).__name__}: {error}") from error


def _backoff(attempts: int) -> timedelta:
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_LONGEST)


@dataclass
class DeliveryReport:
    sent: list[OutboxMessage] = field(default_factory=list)
    retrying: list[OutboxMessage] = field(default_factory=list)
    failed: list[OutboxMessage] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.sent)} sent, {len(self.retrying)} to retry later, "
            f"{len(self.failed)} failed permanently."
        )


def _finish(message: OutboxMessage, *, worker: str, **changes: object) -> bool:
    """Record an outcome, only if this worker still holds the claim."""
    done = OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker).update(**changes)
    for name, value in changes.items():
        setattr(message, name, value)
    return bool(done)


def outbox_deliver(
    *,
    now: datetime | None = None,
    limit: int | None = None,
    lease: timedelta = CLAIM_LEASE,
    connection: BaseEmailBackend | None = None,
    worker: str | None = None,
    actor: Actor = "outbox",
    only: list[int] | None = None,
) -> DeliveryReport:
    """Deliver every due message (or those in `only`) once.

    Temporary failures wait with back-off for a later run; permanent ones are kept for staff.
    """
    worker = worker or worker_name()
    connection = connection or get_connection(fail_silently=False)
    report = DeliveryReport()
    try:
        while limit is None or len(report.sent) + len(report.retrying) + len(report.failed) < limit:
            moment = now or timezone.now()
            message = _claim_next(worker=worker, now=moment, lease=lease, only=only)
            if message is None:
                break
            _deliver_one(
                message,
                worker=worker,
                moment=moment,
                connection=connection,
                report=report,
                actor=actor,
            )
    finally:
        connection.close()
    return report


def _deliver_one(
    message: OutboxMessage,
    *,
    worker: str,
    moment: datetime,
    connection: BaseEmailBackend,
    report: DeliveryReport,
    actor: Actor,
) -> None:
    if message.despite_unsubscription:
        to, cc = list(message.to), list(message.cc)
    else:
        to = recipients_subscribed(addresses=message.to)
        cc = recipients_subscribed(addresses=message.cc)
    if not to and cc:
        to, cc = cc[:1], cc[1:]
    letter = message.letter
    if not to:
        _finish(
            message,
            worker=worker,
            status=OutboxMessage.Status.FAILED,
            last_error=ALL_UNSUBSCRIBED,
            claimed_by="",
        )
        report.failed.append(message)
        return
    try:
        refused = _transmit(connection, email_compose(message=message, to=to, cc=cc))
    except _Temporary as error:
        if message.attempts >= MAX_ATTEMPTS:
            text = GAVE_UP.format(attempts=message.attempts, error=error)
            _finish(
                message,
                worker=worker,
                status=OutboxMessage.Status.FAILED,
                last_error=text,
                claimed_by="",
            )
            event_record(
                action=Event.Action.EMAIL_FAILED,
                actor=actor,
                letter=letter,
                detail=f"{message.subject} to {', '.join(to)}: {text}",
            )
            report.failed.append(message)
            return
        retry_at = moment + _backoff(message.attempts)
        _finish(
            message,
            worker=worker,
            status=OutboxMessage.Status.PENDING,
            next_attempt_at=retry_at,
            last_error=str(error),
            claimed_by="",
        )
        event_record(
            action=Event.Action.EMAIL_RETRY,
            actor=actor,
            letter=letter,
            detail=f"{message.subject} to {', '.join(to)}: {error}; next attempt "
            f"{timezone.localtime(retry_at):%Y-%m-%d %H:%M:%S}",
        )
        report.retrying.append(message)
        return
    except _Permanent as error:
        _finish(
            message,
            worker=worker,
            status=OutboxMessage.Status.FAILED,
            last_error=str(error),
            claimed_by="",
        )
        event_record(
            action=Event.Action.EMAIL_FAILED,
            actor=actor,
            letter=letter,
            detail=f"{message.subject} to {', '.join(to)}: {error}",
        )
        report.failed.append(message)
        return
    _finish(
        message,
        worker=worker,
        status=OutboxMessage.Status.SENT,
        sent_at=moment,
        refused=refused,
        last_error="; ".join(f"{a} refused: {why}" for a, why in refused.items()),
        claimed_by="",
    )
    accepted = [a for a in to + cc if a not in refused]
    event_record(
        action=Event.Action.EMAIL_SENT,
        actor=actor,
        letter=letter,
        detail=f"{message.subject} to {', '.join(accepted)} ({message.message_id})"
        + (f"; refused: {', '.join(refused)}" if refused else ""),
    )
    report.sent.append(message)


def outbox_requeue(*, message: OutboxMessage, actor: Actor) -> OutboxMessage:
    """Queue a permanently failed message again (after staff fixed an address, say)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != OutboxMessage.Status.FAILED:
            raise WorkflowError(NOT_FAILED)
        message.status = OutboxMessage.Status.PENDING
        message.attempts = 0
        message.next_attempt_at = None
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        event_record(
            action=Event.Action.EMAIL_QUEUED,
            actor=actor,
            letter=message.letter,
            detail=f"queued again after failure: {message.last_error}",
        )
    return message
