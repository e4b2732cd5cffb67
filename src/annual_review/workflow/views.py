"""Views for the public workflow pages; each parses input, calls one service, shows the result."""

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from annual_review.workflow.events import WorkflowError
from annual_review.workflow.forms import OfficerRegistrationForm, UnsubscribeForm
from annual_review.workflow.monitoring_officers import officer_confirm, officer_register
from annual_review.workflow.subscriptions import unsubscribe, unsubscribe_addresses


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, found as the sign-in finds it (django-axes, when installed,
    reads it from the trusted proxy's header); otherwise the connection's own address."""
    if apps.is_installed("axes"):
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request)
    return request.META.get("REMOTE_ADDR")


@require_http_methods(["GET", "POST"])
def officer_register_view(request: HttpRequest) -> HttpResponse:
    """The confirmation email is only queued: the outbox sends it, never this request."""
    form = OfficerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration, _message = officer_register(
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                client=client_address(request),
            )
        except WorkflowError as refusal:
            form.add_error(None, str(refusal))
            return render(request, "workflow/register.html", {"form": form}, status=429)
        return render(request, "workflow/registered.html", {"registration": registration})
    return render(request, "workflow/register.html", {"form": form})


@require_http_methods(["GET"])
def officer_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = officer_confirm(token=token)
    except WorkflowError as refusal:
        return render(request, "workflow/link_refused.html", {"reason": str(refusal)}, status=400)
    return render(request, "workflow/confirmed.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks which address (link scanners only GET); POST unsubscribes it."""
    try:
        addresses = unsubscribe_addresses(token=token)
    except WorkflowError as refusal:
        return render(request, "workflow/link_refused.html", {"reason": str(refusal)}, status=400)
    form = UnsubscribeForm(request.POST or None, addresses=addresses)
    if request.method == "POST" and form.is_valid():
        unsubscribe(addresses=addresses, email=form.cleaned_data["email"])
        return render(request, "workflow/unsubscribed.html", {"email": form.cleaned_data["email"]})
    return render(request, "workflow/unsubscribe.html", {"form": form})
