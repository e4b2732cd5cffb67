"""`annual-review export-site DIR`: write the public data as static files (API JSON, downloads)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from annual_review.opendata.services import ExportRefused, site_export


class Command(BaseCommand):
    help = (
        "Write the published data as static files under DIR: the API's JSON at the same paths "
        "and every published year's downloads. Only published years are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", type=Path, help="where to write (new, empty, or an earlier export)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = site_export(
                directory=options["directory"], made_at=timezone.now(), progress=self._progress
            )
        except ExportRefused as exc:
            raise CommandError(str(exc)) from exc
        years = ", ".join(report.years) or "none published"
        self.stdout.write(
            f"Wrote {report.files:,} files ({report.bytes / 1_000_000:.1f} MB) to "
            f"{report.directory} in {report.seconds:.1f} s. Years: {years}."
        )

    def _progress(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
