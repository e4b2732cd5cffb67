"""Imports run in the background for the staff page: create a job, run it, follow a check.

The task worker (`annual-review db_worker`) runs `import_job_run`; the page reads the job's
stage while it runs and its report when it is done. The staged file is removed when the run
ends, except after a check that found no error: that file waits for its import (at most
`STAGED_MAX_AGE`), and the import removes it whatever happens.
"""

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from annual_review.imports.core import import_run
from annual_review.imports.models import ImportJob
from annual_review.imports.parsing import ImportReport

logger = logging.getLogger(__name__)

STAGED_MAX_AGE = timedelta(days=1)
JOB_FILE_GONE = "The checked file is no longer available; upload it again."
JOB_NOT_IMPORTABLE = "Only a file whose check found no error can be imported, and only once."
JOB_FAILED = (
    "The import stopped because of an unexpected error ({error}); nothing was written. "
    "The error is in the server's log."
)


def report_as_dict(report: ImportReport) -> dict[str, Any]:
    """A report as the job keeps it (JSON): counts, summary, warnings, the first errors."""
    return {
        "summary": report.summary(),
        "ok": report.ok,
        "committed": report.committed,
        "sha256": report.sha256,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "warnings": list(report.warnings),
        "error_count": report.error_count,
        "errors": [
            {"row": e.row, "column": e.column, "value": e.value, "reason": e.reason}
            for e in report.errors
        ],
    }


def import_job_create(
    *,
    path: Path,
    file_name: str,
    kind: str,
    year: int | None,
    commit: bool,
    user: User | None,
) -> ImportJob:
    """A queued job for a staged file; the caller hands its id to the task worker."""
    return ImportJob.objects.create(
        kind=kind,
        file_name=file_name,
        path=str(path),
        year=year,
        commit=commit,
        requested_by=user,
        stage=ImportJob.Status.QUEUED.label,
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job: check (and, for a commit job, write) its file, keep the report."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job  # already run (a task delivered twice runs once)
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    path = Path(job.path)
    keep_file = False
    try:
        if not path.is_file():
            report = ImportReport(kind=job.kind, file_name=job.file_name)
            job.report = {**report_as_dict(report), "ok": False, "summary": JOB_FILE_GONE}
        else:
            report = import_run(
                kind=job.kind,
                path=path,
                commit=job.commit,
                user=job.requested_by.get_username() if job.requested_by else None,
                options={"year": job.year} if job.kind == "population" else {},
                file_name=job.file_name,
                progress=lambda stage: _stage_set(job, stage),
            )
            job.report = report_as_dict(report)
            keep_file = report.ok and not job.commit
        job.status = ImportJob.Status.DONE
    except Exception as error:  # the page must say the run ended, whatever ended it
        logger.exception("import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.report = {"ok": False, "summary": JOB_FAILED.format(error=type(error).__name__)}
    finally:
        if not keep_file:
            path.unlink(missing_ok=True)
        job.stage = "Finished"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "stage", "report", "finished_at"])
    return job


def _stage_set(job: ImportJob, stage: str) -> None:
    job.stage = stage[:200]
    ImportJob.objects.filter(pk=job.pk).update(stage=job.stage)


def import_job_follow(*, job_id: int, user: User | None) -> ImportJob:
    """The commit job importing exactly the file a clean check job checked (once only).

    ValueError(JOB_NOT_IMPORTABLE) unless the check found no error and was not followed yet;
    ValueError(JOB_FILE_GONE) if its file has expired or gone.
    """
    with transaction.atomic():
        check = ImportJob.objects.select_for_update().get(pk=job_id)
        clean = check.status == ImportJob.Status.DONE and check.report.get("ok")
        if check.commit or not clean or check.followed_by_id is not None:
            raise ValueError(JOB_NOT_IMPORTABLE)
        path = Path(check.path)
        if check.created_at < timezone.now() - STAGED_MAX_AGE or not path.is_file():
            path.unlink(missing_ok=True)
            raise ValueError(JOB_FILE_GONE)
        job = import_job_create(
            path=path,
            file_name=check.file_name,
            kind=check.kind,
            year=check.year,
            commit=True,
            user=user,
        )
        check.followed_by = job
        check.save(update_fields=["followed_by"])
    return job
