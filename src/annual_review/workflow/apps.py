"""The staff workflow's data: letter versions, their states, the audit log, the outbox."""

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "annual_review.workflow"
    label = "workflow"
    verbose_name = "Workflow"
