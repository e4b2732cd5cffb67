"""Sign-in guarded by django-axes: failures lock one username from one address for a while.

The lock is per username *and* address, so that neither one person guessing at many accounts
from behind a shared proxy, nor many people behind it, locks out everyone else. The client's
address is REMOTE_ADDR, or, where the site runs behind a reverse proxy, the address that proxy
writes in the header named by ANNUAL_REVIEW_CLIENT_IP_HEADER. Unlock with `annual-review
axes_reset` (everyone), `axes_reset_username NAME` or `axes_reset_ip ADDRESS`.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed sign-ins for this username from your address. Wait {minutes} minutes and "
    "try again, or ask an administrator to unlock it."
)


class WebSignInBackend(AxesStandaloneBackend):
    """django-axes' lock for sign-ins made through a web request (every sign-in page does).

    A call without a request (the test client's `login`, a script) has no address to lock and
    goes on to the next backend, instead of failing as axes' own backend makes it.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless a trusted proxy's header is configured.

    Behind ANNUAL_REVIEW_TRUSTED_PROXIES proxies, each appending the address it saw to the
    header (X-Forwarded-For), the client is that many entries from the right: entries further
    left are whatever the client chose to send, and are never trusted.
    """
    header = settings.ANNUAL_REVIEW_CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        hops = [part.strip() for part in request.META.get(key, "").split(",") if part.strip()]
        proxies = max(1, settings.ANNUAL_REVIEW_TRUSTED_PROXIES)
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, saying why and for how long (django-axes' lockout answer)."""
    form = AuthenticationForm(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "staff/sign_in.html",
        {"form": form, "locked_out": LOCKED_OUT.format(minutes=minutes)},
        status=429,
    )
