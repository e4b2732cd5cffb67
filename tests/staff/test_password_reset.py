"""Staff reset a forgotten password by email: Django's views in the staff layout, the email
queued in the outbox (never sent by the request), its link built from the site's base address."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annual_review.staff.services import MAX_PASSWORD_RESETS, RESET_SUBJECT
from annual_review.workflow.models import OutboxMessage, Unsubscription
from annual_review.workflow.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_member(analyst) -> User:  # noqa: ANN001
    analyst.email = "ann@ombudsman.example"
    analyst.save()
    return analyst


def reset_link(text: str) -> str:
    match = re.search(r"https://annual-review\.example(/staff/password-reset/\S+/)", text)
    assert match, text
    return match.group(1)


def test_a_reset_link_is_queued_emailed_and_sets_a_new_password(staff_member, smtp_server):
    """Ask, receive the link once the outbox runs, choose a new password, sign in with it."""
    client = Client()
    asked = client.post(reverse("staff:password-reset"), {"email": "ann@ombudsman.example"})
    assert asked.status_code == 302 and asked.url == reverse("staff:password-reset-sent")
    assert not smtp_server.received  # queued, not sent by the request
    (queued,) = OutboxMessage.objects.all()
    assert queued.status == OutboxMessage.Status.PENDING and queued.subject == RESET_SUBJECT
    outbox_deliver()
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["ann@ombudsman.example"]
    assert received.message["List-Unsubscribe"] is None  # nothing to unsubscribe from
    link = reset_link(received.message.get_content())
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    assert "staff/base.html" in [t.name for t in form_page.templates]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase 9", "new_password2": "a brand new passphrase 9"},
    )
    assert done.status_code == 302 and done.url == reverse("staff:password-reset-done")
    assert Client().login(username="ann", password="a brand new passphrase 9")
    used_again = client.get(link, follow=True)
    assert not used_again.context["validlink"]  # a link works once


def test_an_unknown_address_sees_the_same_page_and_nothing_is_queued(staff_member):
    """The page does not tell a stranger which addresses have accounts."""
    response = Client().post(reverse("staff:password-reset"), {"email": "who@example.org"})
    assert response.status_code == 302 and response.url == reverse("staff:password-reset-sent")
    assert not OutboxMessage.objects.exists()


def test_the_link_ignores_a_forged_host_header(staff_member, smtp_server, settings):
    """The link starts with ANNUAL_REVIEW_BASE_URL whatever Host the request claimed."""
    settings.ALLOWED_HOSTS = ["*"]
    Client().post(
        reverse("staff:password-reset"),
        {"email": "ann@ombudsman.example"},
        HTTP_HOST="evil.example",
    )
    (queued,) = OutboxMessage.objects.all()
    assert "evil.example" not in queued.body_text
    assert "https://annual-review.example/staff/password-reset/" in queued.body_text


def test_reset_emails_are_limited_per_account(staff_member):
    """Asking again and again queues only a few emails an hour for one account."""
    for n in range(MAX_PASSWORD_RESETS + 3):
        # A different sign-in time makes each link different, as asking on other days would.
        User.objects.filter(pk=staff_member.pk).update(
            last_login=timezone.now() - timedelta(minutes=n + 1)
        )
        Client().post(reverse("staff:password-reset"), {"email": "ann@ombudsman.example"})
    assert OutboxMessage.objects.count() == MAX_PASSWORD_RESETS


def test_a_reset_reaches_an_address_that_unsubscribed_from_letters(staff_member, smtp_server):
    """A reset is asked for by the account's owner: an unsubscription from letters does not stop it."""
    Unsubscription.objects.create(email="ann@ombudsman.example")
    Client().post(reverse("staff:password-reset"), {"email": "ann@ombudsman.example"})
    outbox_deliver()
    assert [r.rcpt_tos for r in smtp_server.received] == [["ann@ombudsman.example"]]


def test_the_sign_in_page_offers_the_reset(client):
    """A forgotten password has a way back from the sign-in page."""
    page = client.get(reverse("staff:sign-in")).content.decode()
    assert reverse("staff:password-reset") in page
