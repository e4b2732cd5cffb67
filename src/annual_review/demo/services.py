"""Building the demonstration database: generate, import through the real path, label, publish."""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from annual_review.casework.models import Category, DatasetLabel, Outcome
from annual_review.demo import phrases
from annual_review.demo.calibration import DEMO_SEED, DEMO_YEARS, OTHER_OUTCOMES
from annual_review.demo.files import (
    CATEGORY_LABELS,
    DECISION_COLUMNS,
    DEMO_FILES,
    OUTCOME_LABELS,
    dataset_write,
)
from annual_review.demo.generator import dataset_generate
from annual_review.demo.records import DemoCouncil
from annual_review.demo.selectors import (
    DEMO_BUILDING_NOTE,
    DEMO_BUILT_NOTE,
    database_is_demo,
    database_records_exist,
    demo_councils_list,
    demo_is_complete,
    demo_slice_choose,
)
from annual_review.imports.core import import_run
from annual_review.register.services import register_load
from annual_review.statistics.display import format_percentage
from annual_review.workflow.figures import published_figures
from annual_review.workflow.publication import publish_due
from annual_review.years.models import ReportingYear
from annual_review.years.periods import period_parse

NOT_A_DEMO_DATABASE = (
    "This database holds records that are not demonstration data; the demo will not touch it. "
    "Point DATABASE_URL (or ANNUAL_REVIEW_DATA_DIR) at another database to build the demo."
)
EMPTY_REGISTER = "The register is empty: run `annual-review setup` first."
IMPORT_FAILED = "The generated {kind} file did not import: {summary}"
DEMO_USER = "demo"

Progress = Callable[[str], None]


class DemoRefused(Exception):
    """The demo would overwrite data that is not demonstration data, or cannot run."""


@dataclass
class DemoBuildReport:
    built: bool
    years: list[str]
    councils: int
    files: dict[str, Path] = field(default_factory=dict)
    imported: dict[str, int] = field(default_factory=dict)
    letters_rendered: bool = False
    seconds: float = 0.0


def _quiet(_: str) -> None:
    return None


def demo_build(
    *,
    data_dir: Path,
    letters_dir: Path | None = None,
    years: Sequence[str] = DEMO_YEARS,
    council_count: int | None = None,
    fresh: bool = False,
    seed: int = DEMO_SEED,
    progress: Progress = _quiet,
) -> DemoBuildReport:
    """Build the demonstration database in the configured database.

    Migrates and loads the register, then (unless a complete demo is already there and `fresh`
    is not set) generates the dataset into `data_dir/demo`, imports it with the import core,
    labels the database as demonstration data, publishes the years, computes each year's
    statistics and renders the letters (into `letters_dir/<year>`, by default
    `data_dir/letters/<year>`) when the letters command is installed. Refuses, with
    DemoRefused, to touch a database holding records that are not demonstration data.
    """
    started = time.perf_counter()

    def step(text: str) -> None:
        progress(f"[{time.perf_counter() - started:5.1f}s] {text}")

    step("Creating or migrating the database and loading the register of councils")
    call_command("setup", verbosity=0, stdout=_Discard())
    if database_records_exist() and not database_is_demo():
        raise DemoRefused(NOT_A_DEMO_DATABASE)
    if demo_is_complete() and not fresh:
        step("The database already holds the demonstration data (use --fresh to rebuild it)")
        return DemoBuildReport(built=False, years=list(years), councils=0)
    if database_records_exist():
        step("Emptying the previous demonstration database")
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # Inside a caller's transaction, rows just written leave deferred foreign-key
            # checks pending, and PostgreSQL will not TRUNCATE (flush) until they have run.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        register_load()

    councils = demo_councils_list()
    if not councils:
        raise DemoRefused(EMPTY_REGISTER)
    only = None
    if council_count is not None and council_count < len(councils):
        only = demo_slice_choose(councils=councils, count=council_count)
    kept = len(only) if only is not None else len(councils)
    _label_set(DEMO_BUILDING_NOTE)

    step(f"Generating the demonstration dataset: {kept} councils, {', '.join(years)}")
    dataset = dataset_generate(councils=councils, years=years, only=only, seed=seed)
    files = dataset_write(dataset=dataset, out_dir=data_dir / "demo")
    report = DemoBuildReport(built=True, years=list(years), councils=kept, files=files)

    for kind in DEMO_FILES:
        step(f"Importing {files[kind].name}")
        result = import_run(kind=kind, path=files[kind], commit=True, user=DEMO_USER)
        if not result.ok:
            details = "; ".join(str(e) for e in result.errors[:5])
            raise DemoRefused(
                IMPORT_FAILED.format(kind=kind, summary=f"{result.summary()} {details}")
            )
        report.imported[kind] = result.rows
        step(f"  {result.summary()}")

    step("Publishing the reporting years")
    reporting_years_publish(years=years)
    # Publication freezes each year's figures, through the same workflow as real data; the
    # public site reads only those frozen figures.
    publish_due(actor="demo")

    for label in years:
        stats = published_figures(year=label).statistics
        decided = sum(o.counts.decisions for o in stats.organisations)
        investigations = sum(o.investigations for o in stats.organisations)
        upheld = sum(o.upheld for o in stats.organisations)
        rate = upheld / investigations if investigations else None
        step(
            f"Statistics {label}: {decided:,} decisions, {investigations:,} investigations, "
            f"{format_percentage(rate)} upheld"
        )

    for label in years:
        out = (letters_dir or data_dir / "letters") / label
        step(f"Rendering the letters for {label} into {out}")
        # A slice gets its own councils' letters only; the full register gets every letter.
        org_options = [arg for code in only or () for arg in ("--org", code)]
        call_command("letters", label, "--out", str(out), *org_options)
    report.letters_rendered = True

    _label_set(DEMO_BUILT_NOTE.format(years=_years_text(years), councils=kept))
    report.seconds = time.perf_counter() - started
    step(f"Demonstration database built in {report.seconds:.0f} seconds")
    return report


def _years_text(years: Sequence[str]) -> str:
    """ "2019-20 to 2024-25" for a run of consecutive years, else the years listed."""
    firsts = [period_parse(label).first_year for label in years]
    consecutive = firsts == list(range(firsts[0], firsts[0] + len(firsts)))
    if len(years) > 2 and consecutive:
        return f"{years[0]} to {years[-1]}"
    return ", ".join(years)


class _Discard:
    def write(self, text: str) -> None:
        return None

    def flush(self) -> None:
        return None


@transaction.atomic
def _label_set(note: str) -> None:
    """One label for the whole database, saying its records are demonstration data."""
    DatasetLabel.objects.all().delete()
    DatasetLabel.objects.create(kind=DatasetLabel.Kind.DEMO, note=note)


def reporting_years_publish(*, years: Sequence[str]) -> list[ReportingYear]:
    """Create the reporting years, published in the July after each year ends (as the Ombudsman
    publishes), or now if that is still to come."""
    now = timezone.now()
    published = []
    for label in years:
        period = period_parse(label)
        publish_at = min(datetime(period.first_year + 1, 7, 24, 9, 0, tzinfo=UTC), now)
        year, _ = ReportingYear.objects.update_or_create(
            label=period.label,
            defaults={"first_year": period.first_year, "publish_at": publish_at},
        )
        published.append(year)
    return published


# --- the benchmark file ----------------------------------------------------------------------

BENCHMARK_FIRST_DAY = date(2019, 4, 1)
BENCHMARK_DAYS = 6 * 365
_BENCHMARK_OUTCOMES = {
    Outcome.UPHELD: 19,
    Outcome.NOT_UPHELD: 5,
    **{outcome: share * 0.76 for outcome, share in OTHER_OUTCOMES.items()},
}


def _csv_field(text: str) -> str:
    """One CSV field as csv.writer would write it (quoted when it holds a comma or quote)."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def decisions_benchmark_write(
    *, councils: Sequence[DemoCouncil], count: int, out: Path, seed: int = DEMO_SEED
) -> int:
    """Write `count` realistic decision rows for the import benchmark, quickly.

    Unique references, organisations drawn over the register in proportion to population,
    dates over six reporting years, the national outcome mix and summaries from the demo's
    phrases. Returns the number of rows written.
    """
    # Dates are drawn over six years regardless of council: only councils that existed
    # throughout can take any of them (the importer refuses a record outside a lifetime).
    councils = [c for c in councils if c.start is None and c.end is None]
    if not councils:
        raise DemoRefused(EMPTY_REGISTER)
    rng = random.Random(f"{seed}:benchmark")
    day_text = [
        (BENCHMARK_FIRST_DAY + timedelta(days=n)).isoformat() for n in range(BENCHMARK_DAYS)
    ]
    names = [_csv_field(c.name) for c in councils]
    name_weights = [max(c.population, 1) for c in councils]
    # Everything after the dates is drawn as one "tail" of the row: category, outcome, remedy,
    # public report and a summary, pre-written per category and outcome. Writing rows as
    # joined text rather than through csv.writer keeps a million rows within seconds.
    tails: list[str] = []
    tail_weights: list[float] = []
    for category in Category:
        for outcome, share in _BENCHMARK_OUTCOMES.items():
            upheld = outcome == Outcome.UPHELD
            flags = [("no", "no", 0.835), ("yes", "no", 0.16), ("no", "yes", 0.005)]
            for remedy, report, flag_share in flags if upheld else [("no", "no", 1.0)]:
                for _ in range(8):
                    who, pos = rng.choice(phrases.COMPLAINANTS)
                    about = rng.choice(phrases.COMPLAINTS[category]).format(pos=pos)
                    finding = rng.choice(phrases.OUTCOME_FINDINGS[outcome]).format(who=who)
                    summary = f"{who} complained that the Council {about}. {finding}"
                    tails.append(
                        ",".join(
                            (
                                _csv_field(CATEGORY_LABELS[category]),
                                _csv_field(OUTCOME_LABELS[outcome]),
                                remedy,
                                report,
                                _csv_field(summary),
                            )
                        )
                    )
                    tail_weights.append(share * flag_share / 8)
    span = BENCHMARK_DAYS - 60
    written = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(DECISION_COLUMNS) + "\n")
        while written < count:
            n = min(100_000, count - written)
            chosen_names = rng.choices(names, weights=name_weights, k=n)
            chosen_tails = rng.choices(tails, weights=tail_weights, k=n)
            draw = rng.random
            lines = []
            for i in range(n):
                decided = 60 + int(draw() * span)
                received = decided - 1 - int(draw() * 59)
                lines.append(
                    f"B{written + i:09d},{chosen_names[i]},{day_text[decided]},"
                    f"{day_text[received]},{chosen_tails[i]}\n"
                )
            handle.write("".join(lines))
            written += n
    return written
