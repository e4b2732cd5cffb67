"""Publishing a year: freezing its figures, setting its time, publishing what is due, and
revising its published figures (prepare, approve, schedule)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from annual_review.staff.forms import ReasonForm, ScheduleForm
from annual_review.staff.roles import Role, role_required
from annual_review.staff.views.lookups import year_or_404
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import YearFigures
from annual_review.workflow.publication import figures_freeze, publish_due, year_schedule
from annual_review.workflow.revisions import revision_approve, revision_prepare, revision_schedule
from annual_review.years.models import ReportingYear


@role_required(Role.APPROVER)
@require_POST
def year_freeze(request: HttpRequest, label: str) -> HttpResponse:
    year = year_or_404(label)
    reason = request.POST.get("reason", "")
    try:
        figures = figures_freeze(year=year, actor=request.user, reason=reason)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{year} figures frozen (version {figures.number}).")
    return redirect("staff:year", label=year.label)


@role_required(Role.APPROVER)
@require_POST
def year_schedule_view(request: HttpRequest, label: str) -> HttpResponse:
    year = year_or_404(label)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a date and time.")
        return redirect("staff:year", label=year.label)
    try:
        year_schedule(year=year, publish_at=form.cleaned_data["publish_at"], actor=request.user)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{year} will be published at the time set.")
    return redirect("staff:year", label=year.label)


@role_required(Role.APPROVER)
@require_POST
def year_publish_due(request: HttpRequest, label: str) -> HttpResponse:
    report = publish_due(actor=request.user)
    messages.success(
        request,
        f"{report.letters} letter(s) published; years newly public: "
        f"{', '.join(report.years) or 'none'}.",
    )
    return redirect("staff:year", label=label)


# Revisions of published figures ------------------------------------------------------------


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
