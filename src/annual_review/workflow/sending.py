"""Sending letters: an approved letter's emails queued in the outbox, for one letter or a year."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from annual_review.register.models import Contact
from annual_review.workflow.email_messages import html_body_insert
from annual_review.workflow.events import Actor, WorkflowError, event_record
from annual_review.workflow.models import (
    Event,
    LetterStatus,
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
)
from annual_review.workflow.outbox import message_queue
from annual_review.workflow.subscriptions import recipients_subscribed, unsubscribe_url
from annual_review.years.models import ReportingYear

NOT_APPROVED = "Only an approved letter can be sent; this letter is {status}."
NO_CHIEF_EXECUTIVE = "{organisation} has no chief executive's email address; import contacts first."

LETTER_SUBJECT = "Annual review letter {year}: {organisation}"
# The greeting ("Dear NAME,") is added when the email is sent, for whoever it then goes to first.
LETTER_TEXT = (
    "Please find attached the annual review letter for {organisation} for the year {year} "
    "from the Local Government and Social Care Ombudsman. The letter is also in the body of "
    "this email.\n\n"
    "To stop receiving these emails: {unsubscribe}\n"
)
LETTER_INTRO_HTML = (
    '<p style="font-family:sans-serif">Please find attached the annual review letter for '
    "{organisation} for the year {year} from the Local Government and Social Care Ombudsman. "
    "The letter follows.</p><hr>"
)
UNSUBSCRIBE_FOOTER_HTML = (
    '<hr><p style="font-size:small;font-family:sans-serif">To stop receiving these emails, '
    '<a href="{unsubscribe}">unsubscribe</a>.</p>'
)


def _letter_message(
    *, letter: LetterVersion, key: str, to: list[str], cc: list[str], greetings: dict[str, str]
) -> OutboxMessage:
    url = unsubscribe_url(addresses=[*to, *cc])
    values = {
        "year": letter.year.label,
        "organisation": letter.organisation.name,
        "unsubscribe": url,
    }
    return message_queue(
        key=key,
        to=to,
        cc=cc,
        subject=LETTER_SUBJECT.format(**values),
        body_text=LETTER_TEXT.format(**values),
        # The letter is a whole HTML document: the introduction and the footer go inside its
        # body, where mail programs show them.
        body_html=html_body_insert(
            letter.html,
            start=format_html(LETTER_INTRO_HTML, **values),
            end=format_html(UNSUBSCRIBE_FOOTER_HTML, **values),
        ),
        unsubscribe=url,
        letter=letter,
        greetings=greetings,
    )


@transaction.atomic
def letter_send(*, letter: LetterVersion, actor: Actor) -> list[OutboxMessage]:
    """Queue an approved letter's emails and mark it sent.

    One email to the chief executive with the Leader and scrutiny chair copied, and one to each
    approved Monitoring Officer; the outbox delivers them (see `outbox_deliver`).
    """
    letter = LetterVersion.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.APPROVED:
        raise WorkflowError(NOT_APPROVED.format(status=letter.get_status_display().lower()))
    contacts = list(Contact.objects.filter(organisation=letter.organisation))
    chiefs = [c for c in contacts if c.role == Contact.Role.CHIEF_EXECUTIVE]
    if not chiefs:
        raise WorkflowError(NO_CHIEF_EXECUTIVE.format(organisation=letter.organisation.name))
    copied = [
        c.email for c in contacts if c.role in (Contact.Role.LEADER, Contact.Role.SCRUTINY_CHAIR)
    ]
    to = recipients_subscribed(addresses=[c.email for c in chiefs])
    cc = recipients_subscribed(addresses=[e for e in dict.fromkeys(copied) if e not in to])
    if not to and cc:
        to, cc = cc[:1], cc[1:]
    # Everyone is greeted by their own name: if the chief executive has unsubscribed, the email
    # is addressed to whoever receives it in their place.
    names: dict[str, str] = {}
    for contact in sorted(contacts, key=lambda c: c.role != Contact.Role.CHIEF_EXECUTIVE):
        names.setdefault(contact.email.lower(), str(contact))
    messages = []
    if to:
        messages.append(
            _letter_message(
                letter=letter,
                key=f"letter:{letter.pk}:council",
                to=to,
                cc=cc,
                greetings={a: names[a.lower()] for a in [*to, *cc]},
            )
        )
    for officer in OfficerRegistration.objects.filter(
        organisation=letter.organisation, status=OfficerRegistration.Status.APPROVED
    ):
        if recipients_subscribed(addresses=[officer.email]):
            messages.append(
                _letter_message(
                    letter=letter,
                    key=f"letter:{letter.pk}:officer:{officer.pk}",
                    to=[officer.email],
                    cc=[],
                    greetings={officer.email: officer.name},
                )
            )
    letter.status = LetterStatus.SENT
    letter.sent_at = timezone.now()
    letter.save()
    event_record(
        action=Event.Action.LETTER_SENT,
        actor=actor,
        letter=letter,
        detail=f"{len(messages)} email(s) queued",
    )
    for message in messages:
        event_record(
            action=Event.Action.EMAIL_QUEUED,
            actor=actor,
            letter=letter,
            detail=f"{message.subject} to {', '.join(message.to + message.cc)}",
        )
    return messages


@dataclass
class SendReport:
    sent: list[LetterVersion] = field(default_factory=list)
    refused: list[tuple[LetterVersion, str]] = field(default_factory=list)


def letters_send(*, year: ReportingYear, actor: Actor) -> SendReport:
    """Send every approved letter of a year; letters that cannot go are listed with the reason."""
    report = SendReport()
    for letter in LetterVersion.objects.filter(year=year, status=LetterStatus.APPROVED):
        try:
            letter_send(letter=letter, actor=actor)
        except WorkflowError as refusal:
            report.refused.append((letter, str(refusal)))
        else:
            report.sent.append(letter)
    return report
