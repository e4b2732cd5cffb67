"""Staff in Chromium: sign in, open a letter, preview and approve it; ask for a password reset."""

from collections.abc import Iterator

import pytest

from tests.servers import site_running

PREPARE = """
from django.contrib.auth.models import Group, User
from annual_review.register.models import Organisation
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.publication import year_get
for name, role in [("ann", "analyst"), ("abe", "approver")]:
    User.objects.create_user(name, password="browser-test-pw").groups.add(Group.objects.get(name=role))
User.objects.filter(username="ann").update(email="ann@ombudsman.example")
letters_generate(year=year_get(label="2023-24"), actor="setup",
                 organisations=[Organisation.objects.get(code="HPL")])
"""


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """A server on its own scratch database with two staff users and one draft letter."""
    with site_running(
        tmp_path_factory.mktemp("staff-site"),
        prepare=[["CLI", "shell", "-c", PREPARE]],
        ready_path="/staff/sign-in/",
    ) as url:
        yield url


@pytest.mark.browser
def test_an_approver_signs_in_previews_and_approves_a_letter(staff_site: str, browser):  # noqa: ANN001
    """The approver sees the draft in a frame, approves it, and the page shows it approved."""
    page = browser.new_page()
    page.goto(staff_site + "/staff/years/2023-24/letters/HPL/")
    assert "/staff/sign-in/" in page.url
    page.fill("#id_username", "abe")
    page.fill("#id_password", "browser-test-pw")
    page.click("button:has-text('Sign in')")
    assert page.url.endswith("/staff/years/2023-24/letters/HPL/")
    frame = page.frame_locator("iframe[title='Letter preview']")
    assert "Hartlepool" in frame.locator("body").inner_text()
    page.click("button:has-text('Approve this letter')")
    page.wait_for_selector("text=letter is approved")
    assert page.locator(".app-tag-approved").first.is_visible()
    assert page.locator("button:has-text('Send this letter')").is_visible()
    page.close()


@pytest.mark.browser
def test_a_forgotten_password_is_reset_from_the_sign_in_page(
    staff_site: str,
    browser,  # noqa: ANN001
    tmp_path,  # noqa: ANN001
):
    """From the sign-in page a person asks for a reset and is told the email is on its way."""
    page = browser.new_page()
    page.goto(staff_site + "/staff/sign-in/")
    page.click("text=Forgotten your password?")
    assert page.url.endswith("/staff/password-reset/")
    assert page.locator("h1").inner_text() == "Reset your password"
    page.fill("#id_email", "ann@ombudsman.example")
    page.click("button:has-text('Email me a link')")
    page.wait_for_selector("text=Check your email")
    assert page.url.endswith("/staff/password-reset/sent/")
    page.screenshot(path=str(tmp_path / "password-reset-sent.png"), full_page=True)
    page.close()
