"""`annual-review letters 2023-24 --out DIR [--org CODE ...] [--format pdf,html]`.

A workflow command: the letters app writes the files, from the figures the workflow says a
year's letters are made from (`letters_figures`: the frozen version once anything is frozen).
"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.letters.batch import FORMATS, formats_parse, letters_write
from annual_review.register.models import Organisation
from annual_review.register.selectors import organisation_find
from annual_review.workflow.figures import letters_figures
from annual_review.years.periods import period_parse

UNKNOWN_ORGANISATION = "No organisation is known by {value!r} (try its code, GSS code or name)."
INTERRUPTED = (
    "Interrupted. The letters finished so far are recorded in {folder}/manifest.json: run the "
    "same command again to make the rest."
)
DONE = "{written} written, {kept} kept; {files} files in {folder}/manifest.json ({seconds:.1f} s, {processes} processes)."


class Command(BaseCommand):
    help = "Write the annual review letters of a reporting year as PDF and HTML files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help="reporting year, e.g. 2023-24")
        parser.add_argument("--out", required=True, type=Path, help="folder for the letters")
        parser.add_argument(
            "--org",
            action="extend",
            nargs="+",
            default=[],
            metavar="CODE",
            help="only these organisations (code, GSS code or name): --org BRM E06000001",
        )
        parser.add_argument(
            "--format", default=",".join(FORMATS), help="pdf, html or pdf,html (default)"
        )
        parser.add_argument("--processes", type=int, help="worker processes (default: every core)")
        parser.add_argument(
            "--date", type=date.fromisoformat, help="the letters' date (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations: list[Organisation] | None = None
        if options["org"]:
            organisations = []
            for value in options["org"]:
                found = organisation_find(query=value)
                if found is None:
                    raise CommandError(UNKNOWN_ORGANISATION.format(value=value))
                organisations.append(found)
        try:
            formats = formats_parse(options["format"])
            period = period_parse(options["year"])
            report = letters_write(
                year=period,
                folder=options["out"],
                organisations=organisations,
                formats=formats,
                processes=options["processes"],
                letter_date=options["date"],
                stats=letters_figures(year=period.label),
                progress=self._progress if self.stderr.isatty() else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            raise CommandError(INTERRUPTED.format(folder=options["out"])) from None
        if self.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(
            DONE.format(
                written=report.written,
                kept=report.kept,
                files=report.files,
                folder=report.folder,
                seconds=report.seconds,
                processes=report.processes,
            )
        )

    def _progress(self, done: int, total: int) -> None:
        # One line rewritten in place: a terminal shows progress, a log file gets only the summary.
        width = 30
        filled = width * done // total if total else width
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files", ending=""
        )
        self.stderr.flush()
