"""A real server for the browser tests: its own SQLite database, filled with generated casework.

The server runs in a subprocess against a scratch database (never the pytest database), so the
browser sees exactly what a visitor would. Chromium is Debian's; no browser is ever downloaded.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("ANNUAL_REVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ANNUAL_REVIEW_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    return str(CHROMIUM)


@contextmanager
def site_running(data_dir: Path, *, prepare: list[list[str]], ready_path: str) -> Iterator[str]:
    """Run the site with `runserver` on a scratch SQLite database in `data_dir`; yield its URL.

    The database is set up (`annual-review setup`), then each `prepare` command runs against it
    ("CLI" in a command stands for `python -m annual_review`); the server is stopped on exit.
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # Debug pages off, as a visitor meets the site (its own 404 page, not Django's);
    # runserver --insecure still serves the static files.
    env.update(
        ANNUAL_REVIEW_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="annual_review.settings",
        DEBUG="0",
    )
    cli = [sys.executable, "-m", "annual_review"]
    for command in [["CLI", "setup"], *prepare]:
        expanded = [part for arg in command for part in (cli if arg == "CLI" else [arg])]
        subprocess.run(expanded, env=env, check=True, cwd=ROOT, capture_output=True)
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [*cli, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + ready_path, timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the site did not start: " + (data_dir / "server.log").read_text())
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """Base URL of a running site with three published years of generated decisions."""
    seed = [sys.executable, "-P", str(ROOT / "benchmarks" / "site_seed.py"), "--per-council", "12"]
    with site_running(tmp_path_factory.mktemp("site"), prepare=[seed], ready_path="/about/") as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    """Chromium for one test module. Playwright's sync API runs an event loop in the main
    thread while it is open, and Django refuses database work under a running loop, so it must
    not outlive the module that uses it (a session-wide browser broke later database tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url):  # noqa: ANN001
    # axe-core goes in as an inline script, which the site's CSP forbids; test_csp.py checks the
    # policy in contexts that keep it.
    context = browser.new_context(base_url=site_url, accept_downloads=True, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """Serious and critical WCAG 2.2 A/AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
