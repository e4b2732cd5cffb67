"""Published years and the lookups every public page starts from: only published
reporting years are read, and every query of records here keeps to them."""

from dataclasses import dataclass

from django.db.models import Prefetch

from annual_review.casework.models import (
    ComplianceOutcome,
    DatasetLabel,
    Decision,
    DecisionQuerySet,
    Recommendation,
)
from annual_review.register.models import Organisation
from annual_review.remembered import cached_frozen
from annual_review.statistics.selectors import YearStatistics
from annual_review.web.caching import cached_value
from annual_review.workflow.figures import (
    FiguresVersion,
    PublishedFigures,
    figures_versions,
    published_figures,
    version_choose,
)
from annual_review.years.models import ReportingYear

NO_PUBLISHED_YEAR = "No reporting year has been published yet."


YEAR_NOT_PUBLISHED = "{year} is not a published reporting year."


COUNCIL_NOT_FOUND = "There is no council at this address."


class NotFound(Exception):
    """What was asked for is not public (an unknown council, an unpublished year...)."""


@dataclass(frozen=True)
class SiteNotice:
    demo: bool
    note: str


def site_notice() -> SiteNotice:
    """Whether the database holds demonstration data, which every page must say."""

    def build() -> SiteNotice:
        label = DatasetLabel.objects.order_by("-updated_at").first()
        if label is None:
            return SiteNotice(demo=False, note="")
        return SiteNotice(demo=label.kind == DatasetLabel.Kind.DEMO, note=label.note)

    return cached_value(("site_notice",), build)


def published_years() -> list[str]:
    """Labels of the published reporting years, latest first."""
    return cached_value(
        ("published_years",),
        lambda: list(
            ReportingYear.objects.published()
            .order_by("-first_year")
            .values_list("label", flat=True)
        ),
    )


def year_choose(year: str | None) -> str:
    """The year asked for if it is published, the latest published year if none was asked for."""
    years = published_years()
    if not years:
        raise NotFound(NO_PUBLISHED_YEAR)
    if year is None:
        return years[0]
    if year not in years:
        raise NotFound(YEAR_NOT_PUBLISHED.format(year=year))
    return year


def public_versions(year: str) -> list[FiguresVersion]:
    """Every public version of a published year's figures, newest first, read once per site
    version (which names each year's current version, so it cannot hold an older list)."""
    versions: list[FiguresVersion] = cached_value(
        ("figures_versions", year), lambda: figures_versions(year=year)
    )
    return versions


def public_figures(year: str, version: int | None = None) -> PublishedFigures:
    """`published_figures()` for the pages: the year's current public version (or the version
    asked for), with the versions looked up once per site version rather than on every call
    (a council page reads every published year's figures several times)."""
    chosen = version_choose(versions=public_versions(year), year=year, version=version)
    # Keyed by the frozen version itself, so the value never goes stale.
    figures: PublishedFigures = cached_frozen(
        ("public_figures", year, chosen.number, chosen.sha256),
        lambda: published_figures(year=year, version=chosen.number),
    )
    return figures


def year_statistics(year: str) -> YearStatistics:
    """A published year's statistics as frozen at publication (or its latest public revision)."""
    return public_figures(year).statistics


def published_decisions() -> DecisionQuerySet:
    """Decisions made within a published reporting year; nothing else is ever shown."""
    return Decision.objects.published(years=published_years())


def published_compliance_of(lookup: str) -> Prefetch:
    """Decisions' compliance outcomes at `lookup`, only those published (an outcome's own date
    may fall in a year still embargoed); read `decision.compliance` after prefetch_related()."""
    return Prefetch(lookup, queryset=ComplianceOutcome.objects.published(years=published_years()))


def published_recommendations() -> Prefetch:
    return Prefetch(
        "recommendations", queryset=Recommendation.objects.published(years=published_years())
    )


@dataclass(frozen=True)
class CouncilRef:
    name: str
    short_name: str
    slug: str
    comparison_group: str
    gss_code: str


def councils_by_id() -> dict[int, CouncilRef]:
    def build() -> dict[int, CouncilRef]:
        return {
            pk: CouncilRef(name, short, slug, group, gss or "")
            for pk, name, short, slug, group, gss in Organisation.objects.values_list(
                "id", "name", "short_name", "slug", "comparison_group", "gss_code"
            )
        }

    return cached_value(("councils_by_id",), build)


def council_find(*, slug: str) -> tuple[int, CouncilRef]:
    for pk, council in councils_by_id().items():
        if council.slug == slug:
            return pk, council
    raise NotFound(COUNCIL_NOT_FOUND)
