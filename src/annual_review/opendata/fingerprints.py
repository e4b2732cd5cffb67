"""What each family of exported pages is built from, as one sha256 per page or group of pages.

An export into an earlier export renders a decision's page, or a council's pages for a year,
only when its fingerprint differs from the one the earlier export's manifest recorded (or a
file of it is missing). A fingerprint covers everything the pages show, and a little more
where being exact would be fragile:
- every page: the code (templates, static files, Python: `code_digest`), the site's notice,
  and the register (names, slugs and groups appear in many places);
- a decision's page: the decision's stored values, its published recommendations and
  compliance outcomes, its council's reference;
- a council's pages of a year (the year page, its twins, its decisions CSV, its letter, and for
  its latest year its own page): the published years, that year's figures version (its
  checksum covers every council's figures, which a letter and the comparison table show), the
  council's row and its comparison group's rows and averages in every published year (the
  trend), England's figures of every year (so every council's row of every year: each page
  shows them, and any council's figures change them), the workflow's letter versions of each year (which letter is shown), the letters
  app's records (narratives, paragraphs), and the council's decisions of that year.
Everything else (the site's pages, maps, API, downloads) is rendered every time: a few seconds.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps

from annual_review.casework.models import ComplianceOutcome, Recommendation
from annual_review.public import published
from annual_review.years.periods import ReportingPeriod

_PACKAGE = Path(__file__).resolve().parents[1]


def _sha(parts: Iterable[Any]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _without_ids(row: Mapping[str, object]) -> list[tuple[str, object]]:
    """A row's values less its own and its decision's surrogate keys (no page shows them, and
    a database that made the same records again may number them differently)."""
    return sorted((k, v) for k, v in row.items() if k not in {"id", "decision_id"})


@cache
def code_digest() -> str:
    """Every source file of the application (Python, templates, static files), once a process."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def layout_digest() -> str:
    """What every page shares: the code, the site's notice and the register's every table."""
    register = [
        list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_app_config("register").get_models()
    ]
    return _sha((code_digest(), published.site_notice(), register))


@dataclass
class Decisions:
    """Each published decision's digest by reference, and by (organisation id, year) the
    digest of that council's decisions of the year."""

    by_reference: dict[str, str] = field(default_factory=dict)
    by_council_year: dict[tuple[int, str], str] = field(default_factory=dict)


def decisions_digests(*, layout: str) -> Decisions:
    """One digest per published decision (its values, published recommendations and compliance
    outcomes, its council), read in three queries."""
    years = published.published_years()
    recommendations: dict[int, list[Any]] = {}
    for recommendation in Recommendation.objects.published(years=years).order_by("pk").values():
        recommendations.setdefault(recommendation["decision_id"], []).append(
            _without_ids(recommendation)
        )
    compliance: dict[int, list[Any]] = {}
    for outcome in ComplianceOutcome.objects.published(years=years).order_by("pk").values():
        compliance.setdefault(outcome["decision_id"], []).append(_without_ids(outcome))
    councils = published.councils_by_id()
    found = Decisions()
    grouped: dict[tuple[int, str], list[str]] = {}
    for row in published.published_decisions().order_by("reference").values():
        pk, organisation_id, decided = row["id"], row["organisation_id"], row["decision_date"]
        digest = _sha(
            (
                layout,
                _without_ids(row),
                recommendations.get(pk),
                compliance.get(pk),
                councils[organisation_id],
            )
        )
        found.by_reference[row["reference"]] = digest
        year = ReportingPeriod(decided.year - (1 if decided.month < 4 else 0)).label
        grouped.setdefault((organisation_id, year), []).append(digest)
    found.by_council_year = {key: _sha(digests) for key, digests in grouped.items()}
    return found


def council_years_digests(*, layout: str, decisions: Decisions) -> dict[tuple[str, str], str]:
    """By (council slug, year), the digest of that council's pages of the year (see above)."""
    years = published.published_years()
    councils = published.councils_by_id()
    statistics = {year: published.year_statistics(year) for year in years}
    versions = {}
    for year in years:
        try:
            from annual_review.workflow.figures import figures_versions

            versions[year] = [
                (v.number, v.published_at, v.reason, v.sha256) for v in figures_versions(year=year)
            ]
        except Exception:  # noqa: BLE001 - no public version: the statistics say it all
            versions[year] = []
    rows = {
        year: {row.organisation_id: row for row in stats.organisations}
        for year, stats in statistics.items()
    }
    groups: dict[tuple[str, str], str] = {}
    for year, stats in statistics.items():
        members: dict[str, list[Any]] = {}
        for row in stats.organisations:
            # A council's group of that year and of the register now (a council that moved
            # group counts in both).
            for key in {row.comparison_group, councils[row.organisation_id].comparison_group}:
                members.setdefault(key, []).append(row)
        for key, found in members.items():
            groups[(year, key)] = _sha((stats.groups.get(key), found))
    letter_rows: dict[tuple[int, str], list[Any]] = {}
    if apps.is_installed("annual_review.workflow"):
        from annual_review.workflow.models import LetterVersion

        stored = LetterVersion.objects.filter(year__label__in=years).order_by("pk")
        for values in stored.values_list(
            "organisation_id", "year__label", "number", "status", "html_sha256",
            "pdf_sha256", "template_version", "published_at", "superseded_at",
        ):  # fmt: skip
            letter_rows.setdefault((values[0], values[1]), []).append(values)

    # What a letter says follows from its year's figures (the version's checksum, below), the
    # register and the letters app's own records (narratives, paragraphs); whether it is shown,
    # from the workflow's versions of it. Building the letters to take their checksums would
    # cost more than the rest of the export's fingerprints together.
    letter_tables = _sha(
        [
            list(model._default_manager.order_by("pk").values_list())
            for model in apps.get_app_config("letters").get_models()
        ]
        if apps.is_installed("annual_review.letters")
        else []
    )

    # Every council's page shows England's figures for each year (its key statistics and its
    # trend), and they add up every council's row: any council's figures change them all.
    national = _sha([sorted(rows[year].items()) for year in years])
    digests: dict[tuple[str, str], str] = {}
    for organisation_id, council in councils.items():
        lived = [year for year in years if organisation_id in rows[year]]
        if not lived:
            continue
        trend = [
            (
                year,
                rows[year][organisation_id],
                groups.get((year, council.comparison_group)),
                letter_rows.get((organisation_id, year)),
            )
            for year in lived
        ]
        for year in lived:
            digests[(council.slug, year)] = _sha(
                (
                    layout,
                    years,
                    national,
                    lived,
                    year,
                    versions[year],
                    trend,
                    letter_tables,
                    decisions.by_council_year.get((organisation_id, year)),
                )
            )
    return digests
