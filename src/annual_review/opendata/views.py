"""Download pages and files: each view reads its arguments, calls a selector or builder, answers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.views.decorators.http import require_safe

from annual_review import sources
from annual_review.opendata.dictionary import STATISTICS_FIELDS
from annual_review.opendata.selectors import (
    demo_notice_get,
    download_file_get,
    download_get,
    download_version_file_get,
    download_version_get,
    download_year_describe,
    download_year_get,
    download_years_list,
)
from annual_review.web.responses import conditional

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
        _context(
            entry=download_year_describe(found, versions=True),
            statistics_fields=STATISTICS_FIELDS,
        ),
    )


@require_safe
def download_file(request: HttpRequest, year: str, name: str) -> HttpResponse:
    found = download_get(label=year, name=name)
    if found is None:
        raise Http404(NOT_PUBLISHED)
    reporting_year, download = found
    body, etag = download_file_get(year=reporting_year, download=download)
    response = HttpResponse(body, content_type=download.media_type)
    if name.endswith(ATTACHMENT_SUFFIXES):
        response["Content-Disposition"] = (
            f'attachment; filename="annual-review-{reporting_year.label}-{name}"'
        )
    response["Link"] = '<datapackage.json>; rel="describedby"; type="application/json"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return conditional(request, response, etag=etag)


@require_safe
def download_version_file(request: HttpRequest, year: str, version: int, name: str) -> HttpResponse:
    """An earlier (or the current) version's figures: /downloads/2023-24/v1/statistics.csv."""
    found = download_version_get(label=year, name=name, version=version)
    if found is None:
        raise Http404(NOT_PUBLISHED)
    reporting_year, download = found
    body, etag = download_version_file_get(year=reporting_year, download=download, version=version)
    response = HttpResponse(body, content_type=download.media_type)
    if name.endswith(ATTACHMENT_SUFFIXES):
        response["Content-Disposition"] = (
            f'attachment; filename="annual-review-{reporting_year.label}-v{version}-{name}"'
        )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return conditional(request, response, etag=etag)
