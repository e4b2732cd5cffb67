"""The site's own page for a server error, in the site's layout, demonstration banner included."""

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from annual_review.public.context_processors import site
from annual_review.public.published import site_notice


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: the layout's context is built here, since the database that says
    whether the data is a demonstration may be what failed (then no banner is shown)."""
    context = site(request)
    try:
        context["notice"] = site_notice()
    except DatabaseError:
        context["notice"] = None
    return HttpResponseServerError(render_to_string("500.html", context))
