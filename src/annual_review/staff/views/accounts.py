"""Signing in and out, changing one's password, and resetting a forgotten one by email."""

from typing import cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from annual_review.staff.forms import QueuedPasswordResetForm
from annual_review.staff.roles import ANY_ROLE, role_required


class SignInView(LoginView):
    template_name = "staff/sign_in.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self) -> str:
        return reverse("staff:dashboard")


class SignOutView(LogoutView):
    next_page = "staff:sign-in"


# Password reset by email: Django's views in the staff pages' layout. The email is queued in the
# outbox (QueuedPasswordResetForm), so the page never waits for the mail server.


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "staff/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("staff:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "staff/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "staff/password_reset_confirm.html"
    success_url = reverse_lazy("staff:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "staff/password_reset_done.html"


@role_required(*ANY_ROLE)
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password (a first password from an administrator, say)."""
    form = PasswordChangeForm(cast(User, request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        update_session_auth_hash(request, form.save())
        messages.success(request, "Your password is changed.")
        return redirect("staff:dashboard")
    return render(request, "staff/password.html", {"form": form})
