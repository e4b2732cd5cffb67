"""Staff test fixtures: the same as the workflow tests."""

from tests.workflow.fixtures import *  # noqa: F403
