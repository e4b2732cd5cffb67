"""Top-level URLs."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include("annual_review.api.urls")),
    path("downloads/", include("annual_review.opendata.urls")),
    path("staff/", include("annual_review.staff.urls")),
    path("monitoring-officers/", include("annual_review.workflow.urls")),
    path("", include("annual_review.public.urls")),
]

# A server error is shown in the site's layout (a 404 already is: public/templates/404.html).
handler500 = "annual_review.public.errors.server_error"
