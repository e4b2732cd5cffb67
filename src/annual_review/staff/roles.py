"""Staff roles (Django groups) and the decorator every staff view carries."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NO_ROLE = "Your account has no role for this page. An administrator can give you one."


class Role(StrEnum):
    ANALYST = "analyst"  # imports records, checks figures, prepares letters
    APPROVER = "approver"  # approves letters and figures, schedules publication, sends
    ADMINISTRATOR = "administrator"  # manages users and their roles


ANY_ROLE = tuple(Role)
PREPARERS = (Role.ANALYST, Role.APPROVER)  # who prepares letters and sees them being made


def roles_of(user: Any) -> set[Role]:
    """The roles a user holds: their groups; a superuser holds every role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Role)
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in Role if role.value in names}


View = Callable[..., HttpResponse]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Refuse anyone without one of `roles`: anonymous visitors go to sign in, others get a 403
    page that says which roles would do. (`tests/staff/test_access.py` checks every staff URL
    against its own table of who may use it.)
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user) & set(roles):
                return render(
                    request,
                    "staff/forbidden.html",
                    {"reason": NO_ROLE, "roles": sorted(roles)},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return guarded

    return decorate
