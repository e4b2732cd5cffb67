"""Background tasks of the staff pages: an uploaded file checked, or imported, by the worker."""

from django_tasks import task

from annual_review.imports.jobs import import_job_run
from annual_review.workflow.events import event_record
from annual_review.workflow.models import Event


@task()
def staged_import_run(job_id: int) -> None:
    """Run one import job (imports/jobs.py); a committed import goes into the audit log."""
    job = import_job_run(job_id=job_id)
    if job.report.get("committed"):
        event_record(
            action=Event.Action.IMPORT_COMMITTED,
            actor=job.requested_by,
            detail=job.report["summary"],
        )
