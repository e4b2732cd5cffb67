"""The site running in a subprocess on loopback, for the browser and load tests: its own SQLite
database in a scratch folder (never the pytest database), so a client sees what a visitor would."""

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

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "annual_review"]
# The development server, reloads off (the browser tests' default); debug pages off as a visitor
# meets the site (its own 404 page, not Django's), --insecure so it still serves static files.
RUNSERVER = ["runserver", "--noreload", "--insecure"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_seed(per_council: int) -> list[str]:
    """The command that fills a database with generated casework (benchmarks/site_seed.py)."""
    script = str(ROOT / "benchmarks" / "site_seed.py")
    return [sys.executable, "-P", script, "--per-council", str(per_council)]


@contextmanager
def site_running(
    data_dir: Path,
    *,
    prepare: list[list[str]],
    ready_path: str,
    environment: dict[str, str] | None = None,
    serve: list[str] | None = None,
) -> Iterator[str]:
    """Run the site on a scratch SQLite database in `data_dir`; yield its URL.

    The database is set up (`annual-review setup`), then each `prepare` command runs against it
    ("CLI" in a command stands for `python -m annual_review`). The server is `runserver` unless
    `serve` gives other arguments (e.g. ["serve", "--workers", "2"]; "--port" is added), with
    `environment` over this process's; it is up when `ready_path` answers, and stopped on exit.
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ANNUAL_REVIEW_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="annual_review.settings",
        DEBUG="0",
    )
    env.update(environment or {})
    for command in [["CLI", "setup"], *prepare]:
        expanded = [part for arg in command for part in (CLI if arg == "CLI" else [arg])]
        subprocess.run(expanded, env=env, check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    if serve is None:
        arguments = [*RUNSERVER, f"127.0.0.1:{port}"]
    else:
        arguments = [*serve, "--port", str(port)]
    log_path = data_dir / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [*CLI, *arguments], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + ready_path, timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        else:
            pytest.fail("the site did not start: " + log_path.read_text())
        if server.poll() is not None:
            pytest.fail("the site stopped: " + log_path.read_text())
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
