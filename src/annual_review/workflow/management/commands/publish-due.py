"""`annual-review publish-due`: publish every year (figures and letters) whose time has come."""

from typing import Any

from django.core.management.base import BaseCommand

from annual_review.workflow.publication import LETTERS_WAITING, publish_due


class Command(BaseCommand):
    help = (
        "Publish what is due: for each year whose publication time has passed, freeze its "
        "figures and publish its approved letters. Safe to run repeatedly (from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = publish_due()
        waiting = LETTERS_WAITING.format(count=report.waiting)
        if not report.changed:
            self.stdout.write("Nothing is due.")
            if report.waiting:
                self.stdout.write(waiting)
            return
        for label in report.years:
            self.stdout.write(f"{label}: published.")
        for label in report.figures_frozen:
            self.stdout.write(f"{label}: figures frozen.")
        self.stdout.write(
            f"{report.letters} letter(s) published, {report.superseded} earlier version(s) "
            "superseded."
        )
        if report.waiting:
            self.stdout.write(waiting)
