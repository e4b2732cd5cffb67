"""Download pages and files: each view reads its arguments, calls a selector or builder, answers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import timezone
from django.views.decorators.http import require_safe

from annual_review.api.responses import conditional, content_etag
from annual_review.opendata import sources
from annual_review.opendata.builders import DOWNLOADS, Download, bundle_zip_build, bundle_zip_of
from annual_review.opendata.dictionary import STATISTICS_FIELDS
from annual_review.opendata.selectors import (
    demo_notice_get,
    download_get,
    download_year_describe,
    download_year_get,
    download_years_list,
)
from annual_review.public.caching import cached_value
from annual_review.years.models import ReportingYear

# Long enough to carry publication day's load, short enough for a correction to show soon.
CACHE_CONTROL = "public, max-age=300"
NOT_PUBLISHED = "There is nothing to download for that year."
ATTACHMENT_SUFFIXES = (".csv", ".xlsx", ".zip")


def _base_template() -> str:
    # The public site's layout when it is installed; a plain page of our own otherwise.
    return select_template(["public/base.html", "opendata/base.html"]).template.name


def _context(**extra: object) -> dict[str, object]:
    return {
        "base_template": _base_template(),
        "notice": demo_notice_get(),
        "licence_title": sources.LICENCE_TITLE,
        "licence_url": sources.LICENCE_URL,
        "attribution": sources.ATTRIBUTION,
        "sources": sources.SOURCES,
        **extra,
    }


@require_safe
def downloads_index(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/index.html", _context(years=download_years_list()))


@require_safe
def downloads_year(request: HttpRequest, year: str) -> HttpResponse:
    found = download_year_get(label=year)
    if found is None:
        raise Http404(NOT_PUBLISHED)
    return render(
        request,
        "opendata/year.html",
        _context(entry=download_year_describe(found), statistics_fields=STATISTICS_FIELDS),
    )


@require_safe
def download_file(request: HttpRequest, year: str, name: str) -> HttpResponse:
    found = download_get(label=year, name=name)
    if found is None:
        raise Http404(NOT_PUBLISHED)
    reporting_year, download = found
    body, etag = _file_cached(reporting_year, download)
    response = HttpResponse(body, content_type=download.media_type)
    if name.endswith(ATTACHMENT_SUFFIXES):
        response["Content-Disposition"] = (
            f'attachment; filename="annual-review-{reporting_year.label}-{name}"'
        )
    response["Link"] = '<datapackage.json>; rel="describedby"; type="application/json"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return conditional(request, response, etag=etag)


def _file_cached(year: ReportingYear, download: Download) -> tuple[bytes, str]:
    """A file and its ETag, built once per data version and process: publication day asks for
    the same files again and again. The file says when it was made, which is when it was built."""

    def build() -> tuple[bytes, str]:
        made_at = timezone.now()
        if download.build is bundle_zip_build:
            # The bundle reuses the files already built rather than building them again.
            members = {
                d.name: _file_cached(year, d)[0]
                for d in DOWNLOADS
                if d.build is not bundle_zip_build
            }
            body = bundle_zip_of(year=year, made_at=made_at, files=members)
        else:
            body = download.build(year=year, made_at=made_at)
        return body, content_etag(body)

    cached: tuple[bytes, str] = cached_value(("downloads", year.label, download.name), build)
    return cached
