"""Staff URLs, mounted at /staff/. Every view but sign-in, sign-out and password reset requires
a role."""

from django.urls import path

from annual_review import converters  # noqa: F401  (registers <segment:...>)
from annual_review.staff.views import (
    accounts,
    dashboard,
    imports,
    letters,
    narrative,
    officers,
    outbox,
    publication,
    users,
    years,
)

app_name = "staff"
year = "years/<segment:label>/"
letter = year + "letters/<segment:code>/"
urlpatterns = [
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign-out"),
    path("password/", accounts.password_change, name="password"),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/", accounts.PasswordResetSentView.as_view(), name="password-reset-sent"
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/", accounts.PasswordResetDoneView.as_view(), name="password-reset-done"
    ),
    path("", dashboard.dashboard, name="dashboard"),
    path("events/", dashboard.events, name="events"),
    path("imports/", imports.imports, name="imports"),
    path("imports/jobs/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/import/", imports.import_job_import, name="import_job_import"),
    path("years/", years.years, name="years"),
    path("years/add/", years.year_add, name="year-add"),
    path(year, years.year_detail, name="year"),
    path(year + "freeze/", publication.year_freeze, name="year-freeze"),
    path(year + "schedule/", publication.year_schedule_view, name="year-schedule"),
    path(year + "publish-due/", publication.year_publish_due, name="year-publish-due"),
    path(year + "revisions/", publication.revision_prepare_view, name="revision-prepare"),
    path(
        year + "revisions/<int:number>/approve/",
        publication.revision_approve_view,
        name="revision-approve",
    ),
    path(
        year + "revisions/<int:number>/schedule/",
        publication.revision_schedule_view,
        name="revision-schedule",
    ),
    path(year + "narrative/", narrative.narrative, name="narrative"),
    path(year + "letters/", letters.letters, name="letters"),
    path(year + "letters/generate/", letters.letters_generate_view, name="letters-generate"),
    path(year + "letters/send/", letters.letters_send_view, name="letters-send"),
    path(letter, letters.letter_detail, name="letter"),
    path(letter + "<int:number>.html", letters.letter_html, name="letter-html"),
    path(letter + "<int:number>.pdf", letters.letter_pdf, name="letter-pdf"),
    path(letter + "paragraph/", narrative.paragraph, name="letter-paragraph"),
    path(letter + "approve/", letters.letter_approve_view, name="letter-approve"),
    path(letter + "send/", letters.letter_send_view, name="letter-send"),
    path(letter + "correct/", letters.letter_correct_view, name="letter-correct"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<int:pk>/requeue/", outbox.outbox_requeue_view, name="outbox-requeue"),
    path("officers/", officers.officers, name="officers"),
    path("officers/<int:pk>/approve/", officers.officer_approve_view, name="officer-approve"),
    path("users/", users.users, name="users"),
    path("users/add/", users.user_add, name="user-add"),
    path("users/<int:pk>/roles/", users.user_roles, name="user-roles"),
]
