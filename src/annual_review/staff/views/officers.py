"""Monitoring Officers' registrations, and approving a confirmed one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annual_review.staff.roles import Role, role_required
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import OfficerRegistration
from annual_review.workflow.monitoring_officers import officer_approve


@role_required(Role.APPROVER)
@require_GET
def officers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/officers.html",
        {"registrations": OfficerRegistration.objects.select_related("organisation")},
    )


@role_required(Role.APPROVER)
@require_POST
def officer_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        officer_approve(
            registration=get_object_or_404(OfficerRegistration, pk=pk), actor=request.user
        )
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    return redirect("staff:officers")
