"""A person approves a letter in Chromium: sign in, open the letter, preview it, approve it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PREPARE = """
from django.contrib.auth.models import Group, User
from annual_review.register.models import Organisation
from annual_review.workflow.services import letters_generate, year_get
for name, role in [("ann", "analyst"), ("abe", "approver")]:
    User.objects.create_user(name, password="browser-test-pw").groups.add(Group.objects.get(name=role))
letters_generate(year=year_get(label="2023-24"), actor="setup",
                 organisations=[Organisation.objects.get(code="HPL")])
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on its own scratch database with two staff users and one draft letter."""
    if not CHROMIUM.exists():
        if os.environ.get("ANNUAL_REVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ANNUAL_REVIEW_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    data_dir = tmp_path_factory.mktemp("staff-site")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ANNUAL_REVIEW_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="annual_review.settings"
    )
    cli = [sys.executable, "-m", "annual_review"]
    subprocess.run([*cli, "setup"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run(
        [*cli, "shell", "-c", PREPARE], env=env, check=True, cwd=ROOT, capture_output=True
    )
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [*cli, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/staff/sign-in/", timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.browser
def test_an_approver_signs_in_previews_and_approves_a_letter(staff_site: str):
    """The approver sees the draft in a frame, approves it, and the page shows it approved."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
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
        browser.close()
