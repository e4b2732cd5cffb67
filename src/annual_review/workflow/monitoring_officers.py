"""Monitoring Officers: they register on the public form, confirm their address by a signed
link, and are approved by staff; from then on they receive their council's letters."""

import re
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from annual_review.register.models import Organisation
from annual_review.workflow.events import Actor, WorkflowError, event_record, user_of
from annual_review.workflow.models import (
    Event,
    OfficerRegistration,
    OutboxMessage,
    RegistrationAttempt,
    Unsubscription,
)
from annual_review.workflow.outbox import message_queue
from annual_review.workflow.subscriptions import LINK_INVALID, unsubscribe_url

LINK_EXPIRED = "This link has expired. Please register again."
NOT_CONFIRMED = "Only a registration whose email address was confirmed can be approved."

CONFIRMATION_MAX_AGE = 3 * 24 * 3600  # seconds a Monitoring Officer's confirmation link lasts
CONFIRM_SALT = "annual_review.workflow.officer-confirm"
MAX_CONFIRMATIONS = 3  # confirmation emails one registration can ask for

CONFIRM_SUBJECT = "Confirm your email address for annual review letters"
CONFIRM_TEXT = (
    "Dear {name},\n\n"
    "You asked to receive the Ombudsman's annual review letters for {organisation} as its "
    "Monitoring Officer. Please confirm this is your email address by opening this link "
    "within {days} days:\n\n{link}\n\n"
    "Once you have confirmed, our staff will check the registration. If you did not ask for "
    "this, ignore this email.\n\nTo stop receiving these emails: {unsubscribe}\n"
)


def _absolute(path: str) -> str:
    return settings.ANNUAL_REVIEW_BASE_URL.rstrip("/") + path


OFFICER_NAME_MAX = 100  # characters of a name typed into the public form
NAME_MISSING = "Enter your name."
NAME_TOO_LONG = "Your name must be {max} characters or fewer."
NAME_NOT_PLAIN = (
    "Write your name in letters: spaces, hyphens, apostrophes, full stops and commas are fine, "
    "but not digits, links or symbols such as @ / : < >."
)
NAME_PUNCTUATION = frozenset(" -'’.,")
# A full stop between letters ("example.com"): mail programs would show it as a link.
NAME_DOMAIN_LIKE = re.compile(r"[^\W\d_]\.[^\W\d_]{2}")

REGISTRATION_LIMITS_KEPT = timedelta(days=1)  # how long accepted registrations are counted
MAX_REGISTRATIONS_PER_CLIENT = 5  # per hour from one client address
MAX_REGISTRATIONS_PER_EMAIL = 3  # per day for one email address, all councils together
MAX_REGISTRATIONS_PER_HOUR = 100  # per hour from everyone: bounds what we send from our address
TOO_MANY_FROM_CLIENT = (
    "Too many registrations have come from your network in the last hour. "
    "Please try again in an hour."
)
TOO_MANY_FOR_EMAIL = (
    "This email address has been registered too many times today. Check your inbox for the "
    "confirmation email we sent, or try again tomorrow."
)
TOO_MANY_OVERALL = "We are receiving too many registrations just now. Please try again in an hour."


def officer_name_clean(name: str) -> str:
    """A Monitoring Officer's name as plain text: it goes into email sent from our address.

    Control characters and line breaks become spaces and runs of spaces one; the result must
    be letters with a little punctuation, short, and nothing a mail program would show as a
    link. Raises WorkflowError with a message for the form.
    """
    text = "".join(
        " " if unicodedata.category(c)[0] in "CZ" else c
        for c in unicodedata.normalize("NFKC", name)
    )
    text = " ".join(text.split())
    if not text:
        raise WorkflowError(NAME_MISSING)
    if len(text) > OFFICER_NAME_MAX:
        raise WorkflowError(NAME_TOO_LONG.format(max=OFFICER_NAME_MAX))
    plain = all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in text)
    if not plain or NAME_DOMAIN_LIKE.search(text):
        raise WorkflowError(NAME_NOT_PLAIN)
    return text


def _registration_allowed(*, client: str | None, email: str, now: datetime) -> None:
    """Refuse a registration beyond the limits; the table keeps only a day of rows."""
    RegistrationAttempt.objects.filter(at__lt=now - REGISTRATION_LIMITS_KEPT).delete()
    last_hour = RegistrationAttempt.objects.filter(at__gte=now - timedelta(hours=1))
    if last_hour.count() >= MAX_REGISTRATIONS_PER_HOUR:
        raise WorkflowError(TOO_MANY_OVERALL)
    if client and last_hour.filter(client=client).count() >= MAX_REGISTRATIONS_PER_CLIENT:
        raise WorkflowError(TOO_MANY_FROM_CLIENT)
    if RegistrationAttempt.objects.filter(email=email.lower()).count() >= (
        MAX_REGISTRATIONS_PER_EMAIL
    ):
        raise WorkflowError(TOO_MANY_FOR_EMAIL)


@transaction.atomic
def officer_register(
    *, organisation: Organisation, name: str, email: str, client: str | None = None
) -> tuple[OfficerRegistration, OutboxMessage]:
    """Register a Monitoring Officer (unconfirmed) and queue the email that confirms the address.

    Limited per client address, per email address and overall (WorkflowError beyond). An address
    that unsubscribed stays unsubscribed until it confirms this registration itself; the
    confirmation email is the one message it still gets, because it asks for nothing else.
    Nothing is sent here: the outbox delivers the email.
    """
    name = officer_name_clean(name)
    email = email.strip()
    _registration_allowed(client=client, email=email, now=timezone.now())
    RegistrationAttempt.objects.create(client=client or "", email=email.lower())
    registration = OfficerRegistration.objects.filter(
        organisation=organisation,
        email__iexact=email,
        status__in=[OfficerRegistration.Status.UNCONFIRMED, OfficerRegistration.Status.CONFIRMED],
    ).first() or OfficerRegistration.objects.create(
        organisation=organisation, name=name, email=email
    )
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(registration.pk))
    link = _absolute(reverse("officers:confirm", args=[token]))
    url = unsubscribe_url(addresses=[email])
    sent_before = OutboxMessage.objects.filter(
        key__startswith=f"officer:{registration.pk}:"
    ).count()
    # Registering again resends the link, but only a few times: the form must not become a
    # way to flood someone's inbox.
    message = message_queue(
        key=f"officer:{registration.pk}:confirm:{min(sent_before + 1, MAX_CONFIRMATIONS)}",
        to=[email],
        cc=[],
        subject=CONFIRM_SUBJECT,
        body_text=CONFIRM_TEXT.format(
            name=name,
            organisation=organisation.name,
            days=CONFIRMATION_MAX_AGE // 86400,
            link=link,
            unsubscribe=url,
        ),
        body_html="",
        unsubscribe=url,
        despite_unsubscription=True,
    )
    event_record(
        action=Event.Action.OFFICER_REGISTERED,
        actor=f"{name} <{email}>"[:150],
        organisation=organisation,
        detail=f"from {client or 'an unknown address'}",
    )
    return registration, message


@transaction.atomic
def officer_confirm(*, token: str, max_age: int = CONFIRMATION_MAX_AGE) -> OfficerRegistration:
    """Confirm a Monitoring Officer's address from the signed link in their email."""
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise WorkflowError(LINK_EXPIRED) from expired
    except signing.BadSignature as bad:
        raise WorkflowError(LINK_INVALID) from bad
    registration = OfficerRegistration.objects.select_for_update().filter(pk=pk).first()
    if registration is None:
        raise WorkflowError(LINK_INVALID)
    if registration.status == OfficerRegistration.Status.UNCONFIRMED:
        registration.status = OfficerRegistration.Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        # The address itself asked for letters again: an earlier unsubscription ends here.
        resubscribed = Unsubscription.objects.filter(email=registration.email.lower()).delete()[0]
        event_record(
            action=Event.Action.OFFICER_CONFIRMED,
            actor=registration.email,
            organisation=registration.organisation,
            detail="earlier unsubscription ended" if resubscribed else "",
        )
    return registration


@transaction.atomic
def officer_approve(*, registration: OfficerRegistration, actor: Actor) -> OfficerRegistration:
    """Staff approve a confirmed registration: the officer receives letters from now on."""
    registration = OfficerRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != OfficerRegistration.Status.CONFIRMED:
        raise WorkflowError(NOT_CONFIRMED)
    registration.status = OfficerRegistration.Status.APPROVED
    registration.approved_by = user_of(actor)
    registration.approved_at = timezone.now()
    registration.save()
    event_record(
        action=Event.Action.OFFICER_APPROVED,
        actor=actor,
        organisation=registration.organisation,
        detail=f"{registration.name} <{registration.email}>",
    )
    return registration
