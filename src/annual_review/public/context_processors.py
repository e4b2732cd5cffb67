"""What the layout of every page needs, whichever app renders it (public, staff, officers, errors).

The demonstration notice is read only when a template uses it, and the footer's contact
details come from settings. The Monitoring Officers' registration form is linked by its full
address (ANNUAL_REVIEW_BASE_URL), so that a static copy of the site links to the server's form.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from annual_review.public.information import INFORMATION_PAGES, contact_details
from annual_review.public.published import site_notice


def site(request: HttpRequest) -> dict[str, object]:
    """`notice` (demonstration data or not), `contact`, the footer's `information_pages` and
    the `registration_url` of the Monitoring Officers' form."""
    return {
        "notice": SimpleLazyObject(site_notice),
        "contact": contact_details(),
        "information_pages": [(address, title) for address, _t, title in INFORMATION_PAGES],
        "registration_url": settings.ANNUAL_REVIEW_BASE_URL.rstrip("/")
        + "/monitoring-officers/register/",
    }
