"""The audit log's one writer, and who did something (a staff user, a command, a member of public)."""

from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User

from annual_review.register.models import Organisation
from annual_review.workflow.models import Event, LetterVersion
from annual_review.years.models import ReportingYear

# A signed-in user, or the name of whoever acted without one ("publish-due", an email address).
Actor = AbstractBaseUser | AnonymousUser | str | None


class WorkflowError(Exception):
    """A request the workflow refuses; its message is shown to staff as it is."""


def user_of(actor: Actor) -> User | None:
    """The signed-in user behind an actor, or None for a command or a member of the public."""
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return cast(User, actor)
    return None


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if isinstance(actor, str):
        return {"actor": None, "actor_name": actor}
    user = user_of(actor)
    if user is None:
        return {"actor": None, "actor_name": "system"}
    return {"actor": user, "actor_name": user.get_username()}


def event_record(
    *,
    action: str,
    actor: Actor,
    year: ReportingYear | None = None,
    organisation: Organisation | None = None,
    letter: LetterVersion | None = None,
    detail: str = "",
) -> Event:
    """Write one line of the audit log."""
    if letter is not None:
        year, organisation = letter.year, letter.organisation
    return Event.objects.create(
        action=action,
        year=year,
        organisation=organisation,
        letter=letter,
        detail=detail,
        **_actor_fields(actor),
    )
