"""`annual-review setup`: create or migrate the database and load the register of councils."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from annual_review.register.services import register_load


class Command(BaseCommand):
    help = "Create or migrate the database and load the bundled register of English councils."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        report = register_load()
        self.stdout.write(
            f"Database ready. Register: {report.organisations_created} organisations created, "
            f"{report.organisations_updated} updated; {report.codes} codes and "
            f"{report.names} names known."
        )
