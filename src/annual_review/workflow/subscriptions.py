"""Subscriptions: signed unsubscribe links, who still receives email, and unsubscribing."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from annual_review.workflow.events import WorkflowError, event_record
from annual_review.workflow.models import Event, OfficerRegistration, Unsubscription

UNSUBSCRIBE_SALT = "annual_review.workflow.unsubscribe"
LINK_INVALID = "This link is not valid. Check it was copied in full."
NOT_THIS_ADDRESS = "That address is not one this email was sent to."


def unsubscribe_url(*, addresses: list[str]) -> str:
    """An absolute link with which any of `addresses` can stop receiving email from us."""
    token = signing.dumps(sorted({a.lower() for a in addresses}), salt=UNSUBSCRIBE_SALT)
    path = reverse("officers:unsubscribe", args=[token])
    return settings.ANNUAL_REVIEW_BASE_URL.rstrip("/") + path


def unsubscribe_addresses(*, token: str) -> list[str]:
    """The addresses an unsubscribe link was made for; WorkflowError if it was tampered with."""
    try:
        addresses = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as bad:
        raise WorkflowError(LINK_INVALID) from bad
    return [str(a) for a in addresses]


def recipients_subscribed(*, addresses: list[str]) -> list[str]:
    """The addresses (in order) that have not unsubscribed; case does not matter.

    The one test of who still receives email: used when a letter's emails are queued and
    again when the outbox delivers them.
    """
    stopped = set(
        Unsubscription.objects.filter(email__in=[a.lower() for a in addresses]).values_list(
            "email", flat=True
        )
    )
    return [a for a in addresses if a.lower() not in stopped]


@transaction.atomic
def unsubscribe(*, addresses: list[str], email: str) -> Unsubscription:
    """Stop all email to an address; `addresses` are those the signed link was made for."""
    if email.lower() not in {a.lower() for a in addresses}:
        raise WorkflowError(NOT_THIS_ADDRESS)
    stopped, _ = Unsubscription.objects.get_or_create(email=email.lower())
    OfficerRegistration.objects.filter(email__iexact=email).update(
        status=OfficerRegistration.Status.UNSUBSCRIBED
    )
    event_record(action=Event.Action.UNSUBSCRIBED, actor=email, detail=email)
    return stopped
