"""Sign-in with throttling: too many failures for a username or from an address pause it."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils import timezone

from annual_review.staff.models import SignInFailure

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_ADDRESS = 20
THROTTLED = (
    "Too many failed sign-ins. Wait {minutes} minutes and try again, or ask an administrator."
)


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's to forge.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def signin_throttled(*, username: str, ip: str | None) -> bool:
    since = timezone.now() - THROTTLE_WINDOW
    recent = SignInFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= MAX_FAILURES_PER_USERNAME:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= MAX_FAILURES_PER_ADDRESS


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing even a right password while the throttle is on."""

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        ip = client_ip(self.request)
        if signin_throttled(username=username, ip=ip):
            raise forms.ValidationError(
                THROTTLED.format(minutes=int(THROTTLE_WINDOW.total_seconds() // 60)),
                code="throttled",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            SignInFailure.objects.create(username=username[:150], ip=ip)
            # Only the window matters; older failures would just pile up.
            SignInFailure.objects.filter(at__lt=timezone.now() - THROTTLE_WINDOW).delete()
            raise
