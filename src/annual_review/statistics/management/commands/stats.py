"""`annual-review stats 2023-24 [--format table|csv|json]`: one row per organisation."""

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.statistics.display import format_per_100k, format_percentage
from annual_review.statistics.selectors import (
    STATISTICS_COLUMNS,
    statistics_compute,
    statistics_rows,
)


class Command(BaseCommand):
    help = "Print every organisation's statistics for a reporting year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help="reporting year, e.g. 2023-24")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--method", choices=["mean", "pooled"], help="group average method")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stats = statistics_compute(year=options["year"], method=options["method"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rows = statistics_rows(stats)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "year": stats.period.label,
                        "group_average": stats.method,
                        "organisations": rows,
                    },
                    indent=1,
                )
            )
        elif options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=STATISTICS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
        else:
            self._table(rows)

    def _table(self, rows: list[dict[str, Any]]) -> None:
        header = (
            f"{'code':<6} {'gss':<9} {'name':<36} {'group':<12} {'inv':>5} {'upheld':>6} "
            f"{'uphold':>6} {'/100k':>6} {'compl':>6} {'remedy':>6}"
        )
        self.stdout.write(header)
        for r in rows:
            self.stdout.write(
                f"{r['organisation_code']:<6} {r['gss_code']:<9} {r['name'][:36]:<36} "
                f"{(r['comparison_group'] or '-'):<12} {r['investigations']:>5} {r['upheld']:>6} "
                f"{format_percentage(r['uphold_rate']):>6} {format_per_100k(r['upheld_per_100k']):>6} "
                f"{format_percentage(r['compliance_rate']):>6} "
                f"{format_percentage(r['satisfactory_remedy_rate']):>6}"
            )
