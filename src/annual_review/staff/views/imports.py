"""The imports page: upload a file for the task worker to check or import, and follow its job."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annual_review.imports.models import ImportJob, ImportRecord
from annual_review.staff.forms import ImportForm
from annual_review.staff.roles import Role, role_required
from annual_review.staff.services import import_job_follow_queue, import_job_queue

UPLOAD_NOT_SAVED = (
    "The uploaded file could not be kept for checking ({reason}); nothing was imported. "
    "Tell the system's administrator."
)


@role_required(Role.ANALYST)
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file of any kind the CLI imports; the task worker checks (and imports) it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_queue(
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                commit=request.POST.get("action") == "commit",
                user=cast(User, request.user),
            )
        except OSError as failure:  # an unwritable or full data folder
            messages.error(request, UPLOAD_NOT_SAVED.format(reason=failure.strerror or failure))
            return redirect("staff:imports")
        return redirect("staff:import_job", pk=job.pk)
    return render(
        request,
        "staff/imports.html",
        {
            "form": form,
            "jobs": ImportJob.objects.select_related("requested_by")[:20],
            "history": ImportRecord.objects.all()[:100],
        },
    )


@role_required(Role.ANALYST)
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its stage while it runs (the page reloads itself), then its report."""
    job = get_object_or_404(ImportJob, pk=pk)
    return render(request, "staff/import_job.html", {"job": job, "report": job.report})


@role_required(Role.ANALYST)
@require_POST
def import_job_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import exactly the file a clean check job checked, as a new background job."""
    get_object_or_404(ImportJob, pk=pk)
    try:
        job = import_job_follow_queue(job_id=pk, user=cast(User, request.user))
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("staff:import_job", pk=pk)
    return redirect("staff:import_job", pk=job.pk)
