"""Start the project in a fresh Python with only the environment a test gives (nothing inherited
but PATH), as an operator's shell would: for the settings read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

SETTINGS = "annual_review.settings"


def python_run(
    tmp_path: Path, *args: str, check: bool = False, timeout: int = 120, **environment: str
) -> subprocess.CompletedProcess[str]:
    """`python *args` with the project's settings, a data folder in `tmp_path`, the given
    environment and nothing else set; its output captured as text."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "ANNUAL_REVIEW_DATA_DIR": str(tmp_path),
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def cli_run(tmp_path: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`annual-review *args` (as `python -m annual_review`) in that environment."""
    return python_run(tmp_path, "-m", "annual_review", *args, **environment)


def settings_probe(tmp_path: Path, code: str, **environment: str) -> str:
    """What `code` prints after `django.setup()` in that environment (it must succeed)."""
    result = python_run(
        tmp_path, "-c", f"import django; django.setup(); {code}", check=True, **environment
    )
    return result.stdout.strip()
