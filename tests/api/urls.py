"""Only the API and the downloads, as mounted in annual_review/urls.py, so these tests do not
depend on the rest of the site."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("annual_review.api.urls")),
    path("downloads/", include("annual_review.opendata.urls")),
]
