"""The staff side: sign-in, roles and the pages that run the annual review."""

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "annual_review.staff"
    label = "staff"
    verbose_name = "Staff"
