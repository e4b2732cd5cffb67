"""`annual-review export-site DIR`: write the whole public site as static files."""

import os
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from annual_review.opendata.services import ExportRefused, site_export


class Command(BaseCommand):
    help = (
        "Write the whole public site as static files under DIR: pages (as PATH/index.html), "
        "their JSON and CSV twins, the API's JSON, downloads, letters, assets, a sitemap and a "
        "Pagefind search bundle per year of decisions and one for the rest, and a manifest "
        "(export-manifest.json). Into an earlier export, only changed files are written and "
        "withdrawn ones removed. Only published years are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", type=Path, help="where to write (new, empty, or an earlier export)"
        )
        parser.add_argument(
            "--data-only",
            action="store_true",
            help="only the API's JSON and the downloads (no pages, no search index)",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=0,
            help="processes rendering decisions (default: cores)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = site_export(
                directory=options["directory"],
                made_at=timezone.now(),
                progress=self._progress,
                site_pages=not options["data_only"],
                processes=options["processes"] or os.cpu_count() or 1,
            )
        except ExportRefused as exc:
            raise CommandError(str(exc)) from exc
        years = ", ".join(report.years) or "none published"
        bundles = ", ".join(report.bundles_built) or "none (all kept)"
        self.stdout.write(
            f"Exported {report.files:,} files ({report.bytes / 1_000_000:.1f} MB) to "
            f"{report.directory} in {report.seconds:.1f} s: {report.rewritten:,} written, "
            f"{report.removed:,} removed; rendered {_units(report.rendered)}, unchanged "
            f"{_units(report.kept)}; search bundles built: {bundles}. Years: {years}."
        )

    def _progress(self, text: str) -> None:
        if not hasattr(self, "_started"):
            self._started = time.perf_counter()
        self.stdout.write(f"[{time.perf_counter() - self._started:6.1f}s] {text}")
        self.stdout.flush()


def _units(found: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {family}" for family, count in sorted(found.items())) or "-"
