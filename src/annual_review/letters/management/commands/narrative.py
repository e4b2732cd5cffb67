"""`annual-review narrative 2023-24 FILE.md [--org CODE] [--date YYYY-MM-DD] [--commit]`."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.letters.prose import markdown_check
from annual_review.letters.selectors import narrative_source
from annual_review.letters.services import (
    narrative_check,
    narrative_load,
    organisation_paragraph_load,
)
from annual_review.register.selectors import organisation_find
from annual_review.years.periods import period_parse

UNKNOWN_ORGANISATION = "No organisation is known by {value!r} (try its code, GSS code or name)."
NOT_READABLE = "Cannot read {path}: {reason}"
DATE_ONLY_FOR_YEAR = "--date applies to the year's narrative, not to one organisation's paragraph."
DRY_RUN = "Dry run: {what} is valid ({blocks} blocks). Run again with --commit to store it."
STORED = "Stored {what}."


class Command(BaseCommand):
    help = (
        "Load a year's letter narrative (Markdown) or, with --org, one organisation's own "
        "paragraph. Without FILE, print the narrative letters of that year will use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help="reporting year, e.g. 2023-24")
        parser.add_argument("file", nargs="?", type=Path, help="a Markdown file")
        parser.add_argument(
            "--org", metavar="CODE", help="load FILE as this organisation's paragraph"
        )
        parser.add_argument(
            "--date", type=date.fromisoformat, help="the date the year's letters carry"
        )
        parser.add_argument("--commit", action="store_true", help="store it (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = period_parse(options["year"]).label
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path: Path | None = options["file"]
        if path is None:
            body, _letter_date = narrative_source(year=year)
            self.stdout.write(body)
            return
        try:
            body = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(NOT_READABLE.format(path=path, reason=exc)) from exc
        organisation = None
        if options["org"]:
            if options["date"]:
                raise CommandError(DATE_ONLY_FOR_YEAR)
            organisation = organisation_find(query=options["org"])
            if organisation is None:
                raise CommandError(UNKNOWN_ORGANISATION.format(value=options["org"]))
        what = (
            f"the {year} paragraph for {organisation.name}"
            if organisation
            else f"the {year} narrative from {path.name}"
        )
        try:
            if organisation is not None:
                blocks = len(markdown_check(body))  # empty: removes the paragraph
            else:
                blocks = narrative_check(year=year, body=body)
            if not options["commit"]:
                self.stdout.write(DRY_RUN.format(what=what, blocks=blocks))
                return
            if organisation is not None:
                organisation_paragraph_load(organisation=organisation, year=year, body=body)
            else:
                narrative_load(
                    year=year, body=body, source_name=path.name, letter_date=options["date"]
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(STORED.format(what=what))
