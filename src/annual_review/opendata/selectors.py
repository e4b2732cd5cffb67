"""Which years and files can be downloaded: published years only."""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.utils import timezone

from annual_review.casework.models import DatasetLabel
from annual_review.opendata.builders import BUILDERS, bundle_zip_of
from annual_review.opendata.catalogue import BUNDLE, DOWNLOADS, DOWNLOADS_BY_NAME, Download
from annual_review.web.caching import cached_value
from annual_review.web.responses import content_etag
from annual_review.years.models import ReportingYear

DOWNLOADS_ROOT = "/downloads"


@dataclass(frozen=True)
class DownloadLink:
    download: Download
    url: str


@dataclass(frozen=True)
class DownloadVersion:
    """One public version of a year's figures and its files (/downloads/Y/vN/NAME)."""

    number: int
    published_at: datetime
    reason: str
    current: bool
    files: list[DownloadLink]


@dataclass(frozen=True)
class DownloadYear:
    year: ReportingYear
    url: str
    files: list[DownloadLink]
    # Every public version of the year's figures, newest first (empty without the workflow).
    versions: list[DownloadVersion] = field(default_factory=list)


def download_year_get(*, label: str) -> ReportingYear | None:
    """A published year by label; None for unknown and not-yet-published years alike."""
    return ReportingYear.objects.published().filter(label=label).first()


def download_get(*, label: str, name: str) -> tuple[ReportingYear, Download] | None:
    """The year and file asked for, or None if either is not there to download."""
    year = download_year_get(label=label)
    download = DOWNLOADS_BY_NAME.get(name)
    if year is None or download is None:
        return None
    return year, download


def download_year_describe(year: ReportingYear, *, versions: bool = False) -> DownloadYear:
    """A year's files; with `versions`, also every public version of its figures."""
    base = f"{DOWNLOADS_ROOT}/{year.label}"
    return DownloadYear(
        year=year,
        url=f"{base}/",
        files=[DownloadLink(download=d, url=f"{base}/{d.name}") for d in DOWNLOADS],
        versions=download_versions_list(year=year) if versions else [],
    )


def download_versions_list(*, year: ReportingYear) -> list[DownloadVersion]:
    """Every public version of a published year's figures with its files, newest first: the
    current one and each earlier one, with when it was published and why it was revised."""
    if not apps.is_installed("annual_review.workflow"):
        return []
    from annual_review.workflow.figures import FiguresNotPublished, figures_versions

    try:
        found = figures_versions(year=year.label)
    except FiguresNotPublished:
        return []
    base = f"{DOWNLOADS_ROOT}/{year.label}"
    return [
        DownloadVersion(
            number=version.number,
            published_at=version.published_at,
            reason=version.reason,
            current=position == 0,
            files=[
                DownloadLink(
                    download=DOWNLOADS_BY_NAME[name], url=f"{base}/v{version.number}/{name}"
                )
                for name in VERSIONED
            ],
        )
        for position, version in enumerate(found)
    ]


def download_years_list() -> list[DownloadYear]:
    """Every published year with its files, newest first."""
    return [download_year_describe(y) for y in ReportingYear.objects.published()]


def demo_notice_get() -> dict[str, object]:
    """The demonstration banner's state, in the shape the public site's base template reads."""
    label = DatasetLabel.objects.order_by("-updated_at").first()
    demo = label is not None and label.kind == DatasetLabel.Kind.DEMO
    return {"demo": demo, "note": label.note if label and demo else ""}


# The files that hold the figures, and so are kept for every version (/downloads/Y/vN/NAME).
VERSIONED = ("statistics.csv", "statistics.json", "statistics.xlsx")


def download_version_get(
    *, label: str, name: str, version: int
) -> tuple[ReportingYear, Download] | None:
    """A published version's figures file, or None if the year, file or version is not public."""
    from annual_review.workflow.figures import FiguresNotPublished, figures_versions

    found = download_get(label=label, name=name)
    if found is None or name not in VERSIONED:
        return None
    try:
        numbers = [v.number for v in figures_versions(year=label)]
    except FiguresNotPublished:
        return None
    return found if version in numbers else None


def download_version_file_get(
    *, year: ReportingYear, download: Download, version: int
) -> tuple[bytes, str]:
    """One version's figures file, built once: a frozen version never changes, and neither does
    its file, which says it was made when the version became public (the year's `publish_at`
    for version 1, the revision's own after), a function of the data alone. Not when it was
    frozen: version 1 is frozen by whichever reader first asks for it, so two exports of the
    same data would differ."""
    from annual_review.remembered import cached_frozen
    from annual_review.workflow.figures import figures_versions

    def build() -> tuple[bytes, str]:
        public = {v.number: v.published_at for v in figures_versions(year=year.label)}
        made_at = public.get(version) or timezone.now()
        body = BUILDERS[download.name](year=year, made_at=made_at, version=version)
        return body, content_etag(body)

    cached: tuple[bytes, str] = cached_frozen(
        ("download-version", year.label, version, download.name), build
    )
    return cached


def download_file_get(*, year: ReportingYear, download: Download) -> tuple[bytes, str]:
    """A file and its ETag, built once per data version and process: publication day asks for
    the same files again and again. The file says when it was made, which is when it was built."""

    def build() -> tuple[bytes, str]:
        made_at = timezone.now()
        if download.name == BUNDLE:
            # The bundle reuses the files already built rather than building them again.
            members = {
                d.name: download_file_get(year=year, download=d)[0]
                for d in DOWNLOADS
                if d.name != BUNDLE
            }
            body = bundle_zip_of(year=year, made_at=made_at, files=members)
        else:
            body = BUILDERS[download.name](year=year, made_at=made_at)
        return body, content_etag(body)

    cached: tuple[bytes, str] = cached_value(("downloads", year.label, download.name), build)
    return cached
