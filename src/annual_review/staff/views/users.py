"""Staff accounts: the list with their roles, adding an account, setting its roles."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annual_review.staff.forms import RolesForm, StaffUserCreationForm
from annual_review.staff.roles import Role, role_required, roles_of
from annual_review.staff.services import user_create, user_roles_set


@role_required(Role.ADMINISTRATOR)
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    people: list[dict[str, Any]] = [
        {"user": user, "roles": sorted(roles_of(user))}
        for user in get_user_model().objects.order_by("username")
    ]
    return render(request, "staff/users.html", {"people": people, "all_roles": list(Role)})


@role_required(Role.ADMINISTRATOR)
def user_add(request: HttpRequest) -> HttpResponse:
    """Create a staff account with a first password; its owner changes it, an admin gives roles."""
    form = StaffUserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = user_create(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            actor=request.user,
        )
        messages.success(request, f"Account {person.get_username()} created; give it roles below.")
        return redirect("staff:users")
    return render(request, "staff/user_add.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
@require_POST
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        user_roles_set(user=person, roles=set(form.cleaned_data["roles"]), actor=request.user)
        messages.success(request, f"Roles of {person.get_username()} saved.")
    return redirect("staff:users")
