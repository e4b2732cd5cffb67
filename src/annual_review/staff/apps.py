"""The staff side: sign-in, roles and the pages that run the annual review."""

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "annual_review.staff"
    label = "staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        from annual_review.staff import checks  # noqa: F401 (registers the check)
