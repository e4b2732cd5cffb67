"""Embargo test fixtures: the workflow's stand-in renderer and staff users."""

from tests.workflow.fixtures import approver, fast_passwords, renderer  # noqa: F401
