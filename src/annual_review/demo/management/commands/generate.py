"""`annual-review generate decisions --count N --out FILE`: a large decisions file for benchmarks."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.demo.calibration import DEMO_SEED
from annual_review.demo.selectors import demo_councils_list
from annual_review.demo.services import DemoRefused, decisions_benchmark_write


class Command(BaseCommand):
    help = (
        "Write generated (not real) records for benchmarks: "
        "`generate decisions --count N --out FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["decisions"])
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=DEMO_SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        try:
            written = decisions_benchmark_write(
                councils=demo_councils_list(),
                count=options["count"],
                out=options["out"],
                seed=options["seed"],
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {written:,} generated decision rows to {options['out']}.")
