"""Workflow test fixtures (shared with the staff tests)."""

from tests.workflow.fixtures import *  # noqa: F403
