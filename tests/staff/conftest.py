"""Staff test fixtures: the same as the workflow tests."""

from tests.browser.conftest import browser, chromium_path  # noqa: F401
from tests.workflow.fixtures import *  # noqa: F403
