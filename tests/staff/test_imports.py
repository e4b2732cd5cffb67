"""The staff imports page: uploads are checked and imported by the task worker, in the
background; a page shows how far each run is, then its report; staged files never linger."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from annual_review.casework.models import Decision
from annual_review.imports import jobs
from annual_review.imports.core import import_run
from annual_review.imports.jobs import JOB_FAILED, JOB_FILE_GONE, JOB_NOT_IMPORTABLE
from annual_review.imports.models import ImportJob, ImportRecord
from annual_review.staff.views.imports import UPLOAD_NOT_SAVED
from annual_review.workflow.models import Event
from tests.imports.files import DECISION_HEADER, database_snapshot

pytestmark = pytest.mark.django_db

ROWS = [
    "23500001,E07000234,2023-06-01,,Housing,upheld,yes,no,",
    "23500002,Bromsgrove DC,15/06/2023,,Planning and development,Not upheld,,,",
]
TEXT = "\n".join([DECISION_HEADER, *ROWS]) + "\n"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def data_folder(settings, tmp_path):  # noqa: ANN001
    """Staged uploads wait in a temporary data folder; tasks run at once unless a test says."""
    settings.DATA_DIR = tmp_path
    settings.TASKS = IMMEDIATE
    return tmp_path


def staged_files(folder: Path) -> list[Path]:
    uploads = folder / "uploads"
    return sorted(uploads.iterdir()) if uploads.exists() else []


def upload(client: Client, text: str, *, action: str = "check", follow: bool = True):  # noqa: ANN201
    return client.post(
        reverse("staff:imports"),
        {
            "kind": "decisions",
            "action": action,
            "file": SimpleUploadedFile("decisions.csv", text.encode(), content_type="text/csv"),
        },
        follow=follow,
    )


def test_an_uploaded_file_gets_the_same_report_as_the_command_line(analyst, tmp_path):
    """Checking an upload shows import_run's own summary on the job's page and writes nothing."""
    path = tmp_path / "decisions.csv"
    path.write_text(TEXT)
    expected = import_run(kind="decisions", path=path).summary()
    path.unlink()
    response = upload(signed_in(analyst), TEXT)
    job = ImportJob.objects.get()
    assert response.redirect_chain == [(reverse("staff:import_job", args=[job.pk]), 302)]
    assert expected in response.content.decode()
    assert (job.status, job.commit, job.requested_by) == (ImportJob.Status.DONE, False, analyst)
    assert not Decision.objects.exists()
    assert len(staged_files(tmp_path)) == 1  # waits for its import


def test_importing_the_checked_file_writes_records_says_who_and_removes_the_file(analyst, tmp_path):
    """After a clean check, "Import" writes exactly the checked file, under the user's name,
    once: the staged file is then gone and a second "Import" is refused."""
    client = signed_in(analyst)
    upload(client, TEXT)
    check = ImportJob.objects.get()
    response = client.post(reverse("staff:import_job_import", args=[check.pk]), follow=True)
    assert "Imported 2 row(s) of decisions" in response.content.decode()
    assert Decision.objects.count() == 2
    record = ImportRecord.objects.get()
    assert (record.imported_by, record.file_name) == ("ann", "decisions.csv")
    assert record.sha256 == check.report["sha256"]
    assert Event.objects.filter(action=Event.Action.IMPORT_COMMITTED, actor=analyst).exists()
    assert staged_files(tmp_path) == []
    again = client.post(reverse("staff:import_job_import", args=[check.pk]), follow=True)
    assert JOB_NOT_IMPORTABLE in again.content.decode()
    assert ImportRecord.objects.count() == 1


def test_check_and_import_in_one_step_leaves_no_file(analyst, tmp_path):
    """ "Check and import" runs one commit job; its file is removed when it ends."""
    response = upload(signed_in(analyst), TEXT, action="commit")
    assert "Imported 2 row(s) of decisions" in response.content.decode()
    assert ImportJob.objects.get().commit
    assert staged_files(tmp_path) == []


def test_a_bad_upload_names_its_row_and_column_writes_nothing_and_keeps_no_file(analyst, tmp_path):
    """Errors are shown by row and column, as on the command line; nothing can be imported."""
    text = "\n".join(
        [DECISION_HEADER, ROWS[0], "23500009,Nowhere Council,2023-06-01,,Housing,upheld,,,"]
    )
    before = database_snapshot()
    response = upload(signed_in(analyst), text + "\n")
    page = response.content.decode()
    assert "nothing was written" in page
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page)
    assert cells[:3] == ["3", "organisation", "Nowhere Council"]
    assert reverse("staff:import_job_import", args=[ImportJob.objects.get().pk]) not in page
    assert database_snapshot() == before
    assert staged_files(tmp_path) == []


def worker_run_in_this_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `annual-review db_worker --batch` inside the test's transaction.

    The worker calls `close_old_connections()` before each task, which closes any connection
    whose autocommit differs from the settings': in a test, the test's own connection, held in
    its transaction (SQLite's in-memory test database ignores the close; PostgreSQL's
    connection is really closed, and the test's next query fails). A worker is its own process
    in production, so only here is that check skipped; the tasks run as they would.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_with_the_database_backend_the_page_shows_progress_until_the_worker_runs(
    analyst, settings, tmp_path, monkeypatch
):
    """With django-tasks-db the upload only queues the job: its page says it waits and reloads
    itself; once `annual-review db_worker --batch` has run, the same page shows the report
    (on SQLite and PostgreSQL alike)."""
    settings.TASKS = DATABASE
    client = signed_in(analyst)
    waiting = upload(client, TEXT).content.decode()
    assert ImportJob.Status.QUEUED.label in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting
    worker_run_in_this_test(monkeypatch)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    done = client.get(reverse("staff:import_job", args=[job.pk])).content.decode()
    assert "Would import 2 row(s) of decisions" in done
    assert 'http-equiv="refresh"' not in done


def test_a_run_that_fails_unexpectedly_says_so_and_removes_its_file(analyst, tmp_path, monkeypatch):
    """Whatever stops a run, its page says it ended, nothing is written, the file is gone."""

    def broken(**kwargs: object) -> None:
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(jobs, "import_run", broken)
    before = database_snapshot()
    response = upload(signed_in(analyst), TEXT, action="commit")
    assert escape(JOB_FAILED.format(error="RuntimeError")) in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert staged_files(tmp_path) == []
    assert database_snapshot() == before


def test_an_import_whose_checked_file_has_gone_is_refused(analyst, tmp_path):
    """A checked file removed meanwhile (expired, cleaned up) cannot be imported."""
    client = signed_in(analyst)
    upload(client, TEXT)
    for staged in staged_files(tmp_path):
        staged.unlink()
    check = ImportJob.objects.get()
    response = client.post(reverse("staff:import_job_import", args=[check.pk]), follow=True)
    assert JOB_FILE_GONE in response.content.decode()
    assert not Decision.objects.exists()


def test_an_unwritable_data_folder_gives_a_plain_message(analyst, settings, tmp_path):
    """If the upload cannot be kept (here the data folder is a file), the page says so."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.DATA_DIR = blocker
    response = upload(signed_in(analyst), TEXT)
    page = response.content.decode()
    assert UPLOAD_NOT_SAVED.split(" (")[0] in page
    assert not ImportJob.objects.exists()
