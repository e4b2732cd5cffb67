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
  its latest year its own page): the published years and the council's, that year's figures
  versions (the latest's checksum covers every council's figures of the year, so everything
  the pages show of that year: the council's statistics against its group and England, its
  group's comparison table, the complaint overview, England's figures; the letter is made from
  them; the page names its version), the trend over every year as the pages show it
  (`council_trend`: the council's, its group's and England's figures, rounded as printed and
  charts as drawn, digested by `Digests`), the workflow's letter versions of the year (which
  letter is shown), the letters app's records (narratives, paragraphs), and the council's
  decisions of that year.

A revision of one council's figures thus renders every council's pages of that year (each
names the year's figures version and shows figures of the year that changed), and of the other
years only those whose trend now reads differently: the council's own, its group's where the
group's average does, and others' only where England's does, which a change to one council's
figures seldom makes it do.

Everything else (the site's pages, maps, API, downloads) is rendered every time: a few seconds.
"""

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps

from annual_review.casework.models import ComplianceOutcome, Recommendation
from annual_review.public import published
from annual_review.public.council_sections import council_trend, group_label_of
from annual_review.web.caching import site_version_pinned
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


_LEAVES = (str, int, float, bool, date, Decimal)


class Digests:
    """sha256 digests of what pages show, the same in every process: a dataclass by its
    fields, a sequence or mapping by its items, a plain value by its `repr`. Anything else
    (whose `repr` might hold a memory address) is refused, so a new kind of value on a page
    fails loudly here instead of making every fingerprint differ between runs.

    Each object is digested once (a council's years share its trend): remembered by
    identity, with the object held so that its identity is not reused while the digests are."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[Any, str]] = {}

    def of(self, value: Any) -> str:
        if value is None or isinstance(value, _LEAVES):
            return f"{type(value).__name__}:{value!r}"
        found = self._seen.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        parts: list[str]
        if isinstance(value, Enum):
            parts = ["enum", self.of(value.value)]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts = [type(value).__name__]
            parts += [
                f"{f.name}={self.of(getattr(value, f.name))}" for f in dataclasses.fields(value)
            ]
        elif isinstance(value, list | tuple):
            parts = ["items", *(self.of(item) for item in value)]
        elif isinstance(value, Mapping):
            parts = ["map", *sorted(f"{self.of(k)}={self.of(v)}" for k, v in value.items())]
        else:
            raise TypeError(f"No digest for {type(value).__name__} in a fingerprint")
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        self._seen[id(value)] = (value, digest)
        return digest


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
    """By (council slug, year), the digest of that council's pages of the year (see above).

    The site version is read once for all of it (the pages' shared values are looked up
    under it thousands of times)."""
    with site_version_pinned():
        return _council_years_digests(layout=layout, decisions=decisions)


def _council_years_digests(*, layout: str, decisions: Decisions) -> dict[tuple[str, str], str]:
    years = published.published_years()
    councils = published.councils_by_id()
    statistics = {year: published.year_statistics(year) for year in years}
    versions: dict[str, list[Any]] = {}
    for year in years:
        try:
            from annual_review.workflow.figures import figures_versions

            versions[year] = [
                (v.number, v.published_at, v.reason, v.sha256) for v in figures_versions(year=year)
            ]
        except Exception:  # noqa: BLE001 - no public version: the year's figures themselves
            versions[year] = [Digests().of(statistics[year])]
    lived_in = {
        year: {row.organisation_id for row in statistics[year].organisations} for year in years
    }
    letter_rows: dict[tuple[int, str], list[Any]] = {}
    if apps.is_installed("annual_review.workflow"):
        from annual_review.workflow.models import LetterVersion

        stored = LetterVersion.objects.filter(year__label__in=years).order_by("pk")
        for values in stored.values_list(
            "organisation_id", "year__label", "number", "status", "html_sha256",
            "pdf_sha256", "template_version", "published_at", "superseded_at",
        ):  # fmt: skip
            letter_rows.setdefault((values[0], values[1]), []).append(values)

    # What a letter says follows from its year's figures (the version's checksum, above), the
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

    digests: dict[tuple[str, str], str] = {}
    trend_digests = Digests()
    for organisation_id, council in councils.items():
        lived = [year for year in years if organisation_id in lived_in[year]]
        if not lived:
            continue
        # The trend is the same on each of the council's years' pages: drawn once.
        group_label = group_label_of(council.comparison_group)
        trend = council_trend(organisation_id, council.comparison_group, council.name, group_label)
        drawn = trend_digests.of(trend)
        for year in lived:
            digests[(council.slug, year)] = _sha(
                (
                    layout,
                    years,
                    lived,
                    year,
                    versions[year],
                    drawn,
                    letter_rows.get((organisation_id, year)),
                    letter_tables,
                    decisions.by_council_year.get((organisation_id, year)),
                )
            )
    return digests
