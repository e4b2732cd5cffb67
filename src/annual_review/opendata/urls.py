"""URLs of the bulk downloads, mounted at /downloads/; file addresses are stable per year."""

from django.urls import URLPattern, path

from annual_review import converters  # noqa: F401  (registers <segment:...>)
from annual_review.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("", views.downloads_index, name="index"),
    path("<segment:year>/", views.downloads_year, name="year"),
    path("<segment:year>/<segment:name>", views.download_file, name="file"),
    path(
        "<segment:year>/v<int:version>/<segment:name>",
        views.download_version_file,
        name="version-file",
    ),
]
