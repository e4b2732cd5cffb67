"""`annual-review narrative 2023-24 FILE.md [--org CODE] [--date YYYY-MM-DD] [--commit]`."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.letters.selectors import narrative_source
from annual_review.register.selectors import organisation_find
from annual_review.workflow.drafting import (
    narrative_check,
    narrative_save,
    paragraph_check,
    paragraph_save,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.publication import year_get
from annual_review.workflow.rendering import LettersUnavailable
from annual_review.years.periods import period_parse

UNKNOWN_ORGANISATION = "No organisation is known by {value!r} (try its code, GSS code or name)."
NOT_READABLE = "Cannot read {path}: {reason}"
DATE_ONLY_FOR_YEAR = "--date applies to the year's narrative, not to one organisation's paragraph."
DRY_RUN = "Dry run: {what} is valid ({blocks} blocks). Run again with --commit to store it."
STORED = "Stored {what}."
WITHDRAWN = "{touched} unsent letter(s) changed: drafts again, to be approved afresh."
ACTOR = "annual-review narrative"


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
        # The staff narrative and paragraph forms call the same services: the same checks and
        # messages, and the same withdrawal of approvals of the letters an edit changes.
        try:
            if organisation is not None:
                blocks = paragraph_check(body=body)  # empty: removes the paragraph
            else:
                blocks = narrative_check(year=year, body=body)
            if not options["commit"]:
                self.stdout.write(DRY_RUN.format(what=what, blocks=blocks))
                return
            reporting_year = year_get(label=year)
            if organisation is not None:
                paragraph_save(
                    organisation=organisation, year=reporting_year, body=body, actor=ACTOR
                )
            else:
                touched = narrative_save(
                    year=reporting_year,
                    body=body,
                    letter_date=options["date"],
                    actor=ACTOR,
                    source_name=path.name,
                )
                self.stdout.write(WITHDRAWN.format(touched=touched))
        except (WorkflowError, LettersUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(STORED.format(what=what))
