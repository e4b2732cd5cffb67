"""The staff side's writes: accounts, their roles (each change logged), password resets, and
uploaded files queued for the task worker to check or import."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from annual_review.imports.jobs import import_job_create, import_job_follow
from annual_review.imports.models import ImportJob
from annual_review.staff.roles import Role
from annual_review.staff.tasks import staged_import_run
from annual_review.staff.uploads import upload_stage
from annual_review.workflow.events import Actor, event_record
from annual_review.workflow.models import Event, OutboxMessage
from annual_review.workflow.outbox import message_queue


@transaction.atomic
def user_create(*, username: str, email: str, password: str, actor: Actor) -> User:
    """Create a staff account with a first password and no role; its owner changes the password.

    The email address is where a password reset is sent.
    """
    person = User.objects.create_user(username=username, email=email, password=password)
    event_record(
        action=Event.Action.ROLES_CHANGED,
        actor=actor,
        detail=f"{person.get_username()}: account created, no role yet",
    )
    return person


@transaction.atomic
def user_roles_set(*, user: User, roles: set[str], actor: Actor) -> set[str]:
    """Give a staff user exactly these roles (unknown names are ignored); returns them."""
    chosen: set[str] = {role.value for role in Role if role.value in roles}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role.value in chosen:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    event_record(
        action=Event.Action.ROLES_CHANGED,
        actor=actor,
        detail=f"{user.get_username()}: {', '.join(sorted(chosen)) or 'no role'}",
    )
    return chosen


RESET_SUBJECT = "Reset your annual review staff password"
RESET_TEXT = (
    "Dear {username},\n\n"
    "Someone, we hope you, asked to reset the password of your annual review staff account. "
    "To choose a new password, open this link within {days} days:\n\n{link}\n\n"
    "The link works once. If you did not ask for this, ignore this email: your password stays "
    "as it is.\n"
)
MAX_PASSWORD_RESETS = 3  # reset emails one account gets in PASSWORD_RESETS_WINDOW
PASSWORD_RESETS_WINDOW = timedelta(hours=1)


def password_reset_queue(*, user: User, email: str, link: str) -> OutboxMessage | None:
    """Queue a password reset email (the outbox sends it, never the web request).

    At most a few per account an hour, so the form cannot flood anyone's inbox; beyond that it
    returns None and, as for an unknown address, the page says the same thing.
    """
    prefix = f"password-reset:{user.pk}:"
    recent = OutboxMessage.objects.filter(
        key__startswith=prefix, created_at__gte=timezone.now() - PASSWORD_RESETS_WINDOW
    )
    if recent.count() >= MAX_PASSWORD_RESETS:
        return None
    message = message_queue(
        key=prefix + hashlib.sha256(link.encode()).hexdigest()[:32],
        to=[email],
        cc=[],
        subject=RESET_SUBJECT,
        body_text=RESET_TEXT.format(
            username=user.get_username(),
            days=max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
            link=link,
        ),
        body_html="",
        unsubscribe="",
        despite_unsubscription=True,
    )
    event_record(
        action=Event.Action.EMAIL_QUEUED,
        actor="password reset page",
        detail=f"{RESET_SUBJECT} to {email} (account {user.get_username()})",
    )
    return message


def import_job_queue(
    *, upload: UploadedFile, kind: str, year: int | None, commit: bool, user: User
) -> ImportJob:
    """Keep an uploaded file and queue the job that checks it (and, with `commit`, imports it).

    Nothing is imported inside the request: the task worker runs the job. An OSError (an
    unwritable or full data folder) means nothing was kept and no job was made.
    """
    staged = upload_stage(upload=upload, kind=kind, year=year)
    job = import_job_create(
        path=staged.path,
        file_name=staged.name,
        kind=staged.kind,
        year=staged.year,
        commit=commit,
        user=user,
    )
    staged_import_run.enqueue(job.pk)
    return job


def import_job_follow_queue(*, job_id: int, user: User) -> ImportJob:
    """Queue the import of exactly the file a clean check job checked, as a new job.

    ValueError (from `import_job_follow`) when that job cannot be followed by an import.
    """
    job = import_job_follow(job_id=job_id, user=user)
    staged_import_run.enqueue(job.pk)
    return job
