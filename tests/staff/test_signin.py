"""Signing in: Django's authentication, failures locking a username from one address (axes)."""

import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annual_review.staff.signin import LOCKED_OUT

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
LIMIT = django_settings.AXES_FAILURE_LIMIT
LOCKED_TEXT = LOCKED_OUT.format(
    minutes=int(django_settings.AXES_COOLOFF_TIME.total_seconds() // 60)
)


def sign_in(client: Client, username: str, password: str, ip: str = "192.0.2.1", **headers):  # noqa: ANN003, ANN201
    return client.post(
        reverse("staff:sign-in"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def lock(username: str, ip: str = "192.0.2.1", **headers: str) -> None:
    for _ in range(LIMIT):
        sign_in(Client(), username, "wrong", ip=ip, **headers)


def test_a_right_password_signs_in_and_lands_on_the_overview(client, analyst):
    """A staff user with the right password reaches the staff overview."""
    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_failures_lock_the_username_from_that_address_even_with_the_right_password(client, analyst):
    """After AXES_FAILURE_LIMIT failures, the right password from that address is refused with
    a 429 and the sign-in page saying why and for how long."""
    for _ in range(LIMIT - 1):
        assert sign_in(Client(), "ann", "wrong").status_code == 200
    response = sign_in(Client(), "ann", "wrong")
    assert response.status_code == 429
    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert 'name="username"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(analyst, approver):
    """One address guessing at many usernames (or one proxy for everyone) locks only those
    usernames from there: another user signs in from it, the locked user from elsewhere."""
    for name in ("ann", "guess1", "guess2", "guess3"):
        lock(name, ip="203.0.113.9")
    assert sign_in(Client(), "abe", PASSWORD, ip="203.0.113.9").status_code == 302
    assert sign_in(Client(), "ann", PASSWORD, ip="198.51.100.7").status_code == 302
    assert sign_in(Client(), "ann", PASSWORD, ip="203.0.113.9").status_code == 429


def test_behind_a_proxy_the_trusted_header_names_the_client(analyst, settings):
    """With ANNUAL_REVIEW_CLIENT_IP_HEADER set, clients behind one proxy address are told apart
    by the address the proxy appends; what a client wrote earlier in the header is ignored."""
    settings.ANNUAL_REVIEW_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = "10.0.0.1"
    lock("ann", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "203.0.113.5"
    other = sign_in(Client(), "ann", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302
    forged = sign_in(
        Client(), "ann", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7, 203.0.113.5"
    )
    assert forged.status_code == 429


def test_without_the_setting_a_forwarded_header_is_not_trusted(analyst):
    """By default the address is REMOTE_ADDR: a client cannot pick its address with a header."""
    lock("ann", ip="192.0.2.50", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.50"
    response = sign_in(Client(), "ann", PASSWORD, ip="192.0.2.50", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 429


def test_the_lock_lifts_after_its_cool_off(client, analyst):
    """Failures older than AXES_COOLOFF_TIME no longer lock."""
    lock("ann")
    cool_off = django_settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(minutes=1))
    assert sign_in(client, "ann", PASSWORD).status_code == 302


def test_axes_reset_unlocks(client, analyst):
    """`annual-review axes_reset` (django-axes' command) lifts every lock at once."""
    lock("ann")
    assert sign_in(Client(), "ann", PASSWORD).status_code == 429
    call_command("axes_reset", stdout=StringIO())
    assert sign_in(client, "ann", PASSWORD).status_code == 302


def test_axes_reset_is_an_annual_review_command(tmp_path):
    """The unlock commands are reachable through the project's console command."""
    result = subprocess.run(
        [sys.executable, "-m", "annual_review", "help"],
        capture_output=True,
        text=True,
        env={"ANNUAL_REVIEW_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    for command in ("axes_reset", "axes_reset_username", "axes_reset_ip"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1A!", "too short"),
        ("password1234", "too common"),
        ("839201746513", "entirely numeric"),
        ("newperson-staff", "too similar"),
    ],
)
def test_new_accounts_passwords_are_validated(client, administrator, password, reason):
    """An administrator's new account goes through Django's password validators: a short,
    common, numeric or username-like password is refused with the reason."""
    client.force_login(administrator)
    response = client.post(
        reverse("staff:user-add"),
        {"username": "newperson", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not User.objects.filter(username="newperson").exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1A!", "too short"), ("password1234", "too common"), ("839201746513", "numeric")],
)
def test_changed_passwords_are_validated(client, administrator, password, reason):
    """Changing one's password goes through the same validators; the old one stays."""
    client.force_login(administrator)
    response = client.post(
        reverse("staff:password"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)


def test_a_sign_in_without_a_request_is_passed_on(analyst):
    """The test client's login (no request, no address) still authenticates; the lock keeps
    applying to the sign-in page."""
    lock("ann")
    assert Client().login(username="ann", password=PASSWORD)
    assert sign_in(Client(), "ann", PASSWORD).status_code == 429
