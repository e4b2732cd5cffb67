"""`annual-review import KIND FILE [--commit]`: validate a file and, if asked, write it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.imports.core import import_run
from annual_review.imports.kinds import IMPORT_KINDS


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of one kind of record. Dry run unless --commit is given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORT_KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the records")
        parser.add_argument("--year", type=int, help="population only: the estimate's year")
        parser.add_argument("--user", help="who is importing (default: the system user)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        report = import_run(
            kind=options["kind"],
            path=path,
            commit=options["commit"],
            user=options["user"],
            options={"year": options["year"]} if options["kind"] == "population" else {},
        )
        for warning in report.warnings:
            self.stderr.write(f"{report.file_name}: {warning}")
        for error in report.errors:
            self.stderr.write(str(error))
        if report.error_count > len(report.errors):
            self.stderr.write(f"... and {report.error_count - len(report.errors)} more errors")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
