"""`annual-review demo`: build the demonstration database, then serve it."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.demo.calibration import DEMO_YEARS
from annual_review.demo.services import DemoRefused, demo_build

BAD_YEARS = "--years takes reporting years from {years}, separated by commas; got {value!r}"
BAD_COUNCILS = "--councils must be a whole number of at least 1"


def _years(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    if not chosen or any(label not in DEMO_YEARS for label in chosen):
        raise ValueError(BAD_YEARS.format(years=", ".join(DEMO_YEARS), value=value))
    # The years are built in order, whatever order they were given in.
    return [label for label in DEMO_YEARS if label in chosen]


class Command(BaseCommand):
    help = (
        "Build the demonstration database (generated records, not real decisions) and serve it "
        "at http://127.0.0.1:8000."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="stop after building")
        parser.add_argument("--fresh", action="store_true", help="rebuild the demo from scratch")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--years",
            default=",".join(DEMO_YEARS),
            help=f"reporting years to build, comma-separated (default: {','.join(DEMO_YEARS)})",
        )
        parser.add_argument(
            "--councils", type=int, help="build only this many councils (a slice of the register)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = _years(options["years"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["councils"] is not None and options["councils"] < 1:
            raise CommandError(BAD_COUNCILS)
        self.stdout.write(
            "Building the demonstration database. Its records are GENERATED, not real decisions."
        )
        try:
            demo_build(
                data_dir=settings.DATA_DIR,
                letters_dir=settings.ANNUAL_REVIEW_LETTERS_DIR,
                years=years,
                council_count=options["councils"],
                fresh=options["fresh"],
                progress=self._progress,
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if not options["no_serve"]:
            call_command("serve", port=options["port"], host=options["host"])

    def _progress(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
