"""Staff URLs, mounted at /staff/. Every view but sign-in, sign-out and password reset requires
a role."""

from django.urls import path

from annual_review.staff import revisions, views

app_name = "staff"
year = "years/<str:label>/"
letter = year + "letters/<str:code>/"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/", views.password_change, name="password"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("", views.dashboard, name="dashboard"),
    path("events/", views.events, name="events"),
    path("imports/", views.imports, name="imports"),
    path("imports/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/import/", views.import_job_import, name="import_job_import"),
    path("years/", views.years, name="years"),
    path("years/add/", views.year_add, name="year-add"),
    path(year, views.year_detail, name="year"),
    path(year + "freeze/", views.year_freeze, name="year-freeze"),
    path(year + "schedule/", views.year_schedule_view, name="year-schedule"),
    path(year + "publish-due/", views.year_publish_due, name="year-publish-due"),
    path(year + "revisions/", revisions.revision_prepare_view, name="revision-prepare"),
    path(
        year + "revisions/<int:number>/approve/",
        revisions.revision_approve_view,
        name="revision-approve",
    ),
    path(
        year + "revisions/<int:number>/schedule/",
        revisions.revision_schedule_view,
        name="revision-schedule",
    ),
    path(year + "narrative/", views.narrative, name="narrative"),
    path(year + "letters/", views.letters, name="letters"),
    path(year + "letters/generate/", views.letters_generate_view, name="letters-generate"),
    path(year + "letters/send/", views.letters_send_view, name="letters-send"),
    path(letter, views.letter_detail, name="letter"),
    path(letter + "<int:number>.html", views.letter_html, name="letter-html"),
    path(letter + "<int:number>.pdf", views.letter_pdf, name="letter-pdf"),
    path(letter + "paragraph/", views.paragraph, name="letter-paragraph"),
    path(letter + "approve/", views.letter_approve_view, name="letter-approve"),
    path(letter + "send/", views.letter_send_view, name="letter-send"),
    path(letter + "correct/", views.letter_correct_view, name="letter-correct"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/requeue/", views.outbox_requeue_view, name="outbox-requeue"),
    path("officers/", views.officers, name="officers"),
    path("officers/<int:pk>/approve/", views.officer_approve_view, name="officer-approve"),
    path("users/", views.users, name="users"),
    path("users/add/", views.user_add, name="user-add"),
    path("users/<int:pk>/roles/", views.user_roles, name="user-roles"),
]
