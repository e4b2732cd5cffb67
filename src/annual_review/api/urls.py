"""URLs of the public JSON API, mounted at /api/v1/. Every resource ends in .json so that a static
copy of the site (`annual-review export-site`) can serve the same paths as plain files."""

from django.urls import URLPattern, path, re_path

from annual_review import converters  # noqa: F401  (registers <segment:...>)
from annual_review.api import views

app_name = "api"

urlpatterns: list[URLPattern] = [
    path("", views.api_index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("organisations.json", views.organisations, name="organisations"),
    path("organisations/<segment:code>.json", views.organisation, name="organisation"),
    path("years.json", views.years, name="years"),
    path("years/<segment:year>.json", views.year, name="year"),
    path("years/<segment:year>/statistics.json", views.year_statistics, name="year-statistics"),
    path(
        "years/<segment:year>/statistics/<segment:code>.json",
        views.organisation_year_statistics,
        name="organisation-year-statistics",
    ),
    path("years/<segment:year>/letters.json", views.year_letters, name="year-letters"),
    path("years/<segment:year>/versions.json", views.year_versions, name="year-versions"),
    path(
        "years/<segment:year>/versions/<int:number>/statistics.json",
        views.year_version_statistics,
        name="year-version-statistics",
    ),
    path("decisions.json", views.decisions, name="decisions"),
    path("decisions/<segment:reference>.json", views.decision, name="decision"),
    # Anything else, line feeds and other control characters too: the JSON 404.
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found, name="not-found"),
]
