"""Signing in: Django's authentication with failed attempts throttled."""

import pytest
from django.test import Client
from django.urls import reverse

from annual_review.staff.models import SignInFailure
from annual_review.staff.signin import MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def sign_in(client: Client, username: str, password: str, ip: str = "192.0.2.1"):  # noqa: ANN201
    return client.post(
        reverse("staff:sign-in"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_right_password_signs_in_and_lands_on_the_overview(client, analyst):
    """A staff user with the right password reaches the staff overview."""
    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_failed_sign_ins_are_throttled_even_with_the_right_password(client, analyst):
    """After too many failures for a username, even its right password is refused for a while."""
    for _ in range(MAX_FAILURES_PER_USERNAME):
        response = sign_in(client, "ann", "wrong")
        assert response.status_code == 200
    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_usernames_are_not_locked_out_by_one_users_failures(client, analyst, approver):
    """Failures for one username do not stop another person signing in from elsewhere."""
    for _ in range(MAX_FAILURES_PER_USERNAME):
        sign_in(client, "ann", "wrong")
    assert sign_in(Client(), "abe", PASSWORD, ip="198.51.100.7").status_code == 302


def test_one_address_guessing_many_usernames_is_throttled(client, approver):
    """Many failures from one address, across usernames, throttle that address."""
    for n in range(MAX_FAILURES_PER_ADDRESS):
        sign_in(client, f"guess{n}", "wrong", ip="203.0.113.9")
    assert SignInFailure.objects.filter(ip="203.0.113.9").count() == MAX_FAILURES_PER_ADDRESS
    response = sign_in(client, "abe", PASSWORD, ip="203.0.113.9")
    assert "Too many failed sign-ins" in response.content.decode()
    assert sign_in(Client(), "abe", PASSWORD, ip="203.0.113.10").status_code == 302


def test_the_throttle_lifts_after_its_window(client, analyst):
    """Failures older than the window no longer count."""
    from django.utils import timezone

    from annual_review.staff.signin import THROTTLE_WINDOW

    for _ in range(MAX_FAILURES_PER_USERNAME):
        sign_in(client, "ann", "wrong")
    SignInFailure.objects.update(at=timezone.now() - THROTTLE_WINDOW - THROTTLE_WINDOW / 10)
    assert sign_in(client, "ann", PASSWORD).status_code == 302
