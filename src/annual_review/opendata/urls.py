"""URLs of the bulk downloads, mounted at /downloads/; file addresses are stable per year."""

from django.urls import URLPattern, path

from annual_review.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("", views.downloads_index, name="index"),
    path("<str:year>/", views.downloads_year, name="year"),
    path("<str:year>/<str:name>", views.download_file, name="file"),
    path("<str:year>/v<int:version>/<str:name>", views.download_version_file, name="version-file"),
]
