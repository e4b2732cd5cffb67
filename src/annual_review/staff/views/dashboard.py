"""The staff dashboard and the audit log."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annual_review.staff.roles import ANY_ROLE, role_required, roles_of
from annual_review.workflow.models import OfficerRegistration, OutboxMessage
from annual_review.workflow.selectors import events_recent
from annual_review.years.models import ReportingYear


@role_required(*ANY_ROLE)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/dashboard.html",
        {
            "roles": sorted(roles_of(request.user)),
            "years": ReportingYear.objects.all(),
            "failed": OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count(),
            "waiting": OfficerRegistration.objects.filter(
                status=OfficerRegistration.Status.CONFIRMED
            ).count(),
        },
    )


@role_required(*ANY_ROLE)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/events.html", {"events": events_recent(limit=500)})
