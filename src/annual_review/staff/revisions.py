"""Staff views for revising a published year's figures: prepare, approve, schedule."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from annual_review.staff.forms import ReasonForm, ScheduleForm
from annual_review.staff.roles import Role, role_required
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import YearFigures
from annual_review.workflow.revisions import revision_approve, revision_prepare, revision_schedule
from annual_review.years.models import ReportingYear


def _revision(label: str, number: int) -> YearFigures:
    return get_object_or_404(YearFigures, year__label=label, number=number, number__gt=1)


@role_required(Role.ANALYST, Role.APPROVER)
@require_POST
def revision_prepare_view(request: HttpRequest, label: str) -> HttpResponse:
    year = get_object_or_404(ReportingYear, label=label)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for the revision; it is published with it.")
        return redirect("staff:year", label=label)
    try:
        revision = revision_prepare(
            year=year, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"Revision prepared: version {revision.number}. Someone else must approve it.",
        )
    return redirect("staff:year", label=label)


@role_required(Role.APPROVER)
@require_POST
def revision_approve_view(request: HttpRequest, label: str, number: int) -> HttpResponse:
    try:
        revision_approve(revision=_revision(label, number), actor=request.user)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Version {number} approved; set when it is published.")
    return redirect("staff:year", label=label)


@role_required(Role.APPROVER)
@require_POST
def revision_schedule_view(request: HttpRequest, label: str, number: int) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a date and time.")
        return redirect("staff:year", label=label)
    try:
        revision_schedule(
            revision=_revision(label, number),
            publish_at=form.cleaned_data["publish_at"],
            actor=request.user,
        )
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Version {number} will be published at the time set.")
    return redirect("staff:year", label=label)
