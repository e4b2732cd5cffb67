"""Staff pages. Each view checks the role, parses input, calls one service and shows the result."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from annual_review.imports.jobs import import_job_create, import_job_follow
from annual_review.imports.models import ImportJob, ImportRecord
from annual_review.register.models import Organisation
from annual_review.staff.forms import (
    ApproveForm,
    ImportForm,
    MeasureForm,
    NarrativeForm,
    ParagraphForm,
    QueuedPasswordResetForm,
    ReasonForm,
    RolesForm,
    ScheduleForm,
    StaffUserCreationForm,
    YearForm,
)
from annual_review.staff.roles import ANY_ROLE, Role, role_required, roles_of
from annual_review.staff.services import user_create, user_roles_set
from annual_review.staff.tasks import staged_import_run
from annual_review.staff.uploads import upload_stage
from annual_review.statistics.display import format_per_100k, format_percentage
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import (
    letter_correct,
    letter_draft_pdf,
    letter_draft_refresh,
    letters_generate,
    narrative_save,
    paragraph_save,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import (
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
    YearFigures,
)
from annual_review.workflow.monitoring_officers import officer_approve
from annual_review.workflow.outbox import outbox_requeue
from annual_review.workflow.publication import figures_freeze, publish_due, year_get, year_schedule
from annual_review.workflow.rendering import LettersUnavailable
from annual_review.workflow.revisions import figures_staff_context
from annual_review.workflow.selectors import (
    COMPARED_MEASURES,
    RATES,
    events_recent,
    figures_compare,
    figures_current,
    letter_current,
    letter_status_counts,
    letters_of_year,
)
from annual_review.workflow.sending import letter_send, letters_send
from annual_review.years.models import ReportingYear

PREPARERS = (Role.ANALYST, Role.APPROVER)
OUTBOX_QUEUED = "{count} email(s) queued; the outbox sends them within a few minutes."
OUTBOX_DELIVERY = (
    "The outbox sends queued emails within a few minutes (the scheduled send-letters "
    "command), never while a page waits."
)


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


def _year(label: str) -> ReportingYear:
    return get_object_or_404(ReportingYear, label=label)


def _letter(label: str, code: str) -> tuple[ReportingYear, Organisation, LetterVersion | None]:
    year = _year(label)
    organisation = get_object_or_404(Organisation, code=code)
    return year, organisation, letter_current(organisation=organisation, year=year)


def _refused(request: HttpRequest, refusal: Exception) -> None:
    messages.error(request, str(refusal))


@role_required(*ANY_ROLE)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/dashboard.html",
        {
            "roles": sorted(roles_of(request.user)),
            "years": ReportingYear.objects.all(),
            "failed": OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count(),
            "waiting": OfficerRegistration.objects.filter(
                status=OfficerRegistration.Status.CONFIRMED
            ).count(),
        },
    )


@role_required(*ANY_ROLE)
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password (a first password from an administrator, say)."""
    form = PasswordChangeForm(cast(User, request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        update_session_auth_hash(request, form.save())
        messages.success(request, "Your password is changed.")
        return redirect("staff:dashboard")
    return render(request, "staff/password.html", {"form": form})


@role_required(*ANY_ROLE)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/events.html", {"events": events_recent(limit=500)})


# Imports ---------------------------------------------------------------------------------------


UPLOAD_NOT_SAVED = (
    "The uploaded file could not be kept for checking ({reason}); nothing was imported. "
    "Tell the system's administrator."
)


@role_required(Role.ANALYST)
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file of any kind the CLI imports; the task worker checks (and imports) it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            staged = upload_stage(
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
            )
        except OSError as failure:  # an unwritable or full data folder
            messages.error(request, UPLOAD_NOT_SAVED.format(reason=failure.strerror or failure))
            return redirect("staff:imports")
        job = import_job_create(
            path=staged.path,
            file_name=staged.name,
            kind=staged.kind,
            year=staged.year,
            commit=request.POST.get("action") == "commit",
            user=cast(User, request.user),
        )
        staged_import_run.enqueue(job.pk)
        return redirect("staff:import_job", pk=job.pk)
    return render(
        request,
        "staff/imports.html",
        {
            "form": form,
            "jobs": ImportJob.objects.select_related("requested_by")[:20],
            "history": ImportRecord.objects.all()[:100],
        },
    )


@role_required(Role.ANALYST)
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its stage while it runs (the page reloads itself), then its report."""
    job = get_object_or_404(ImportJob, pk=pk)
    return render(request, "staff/import_job.html", {"job": job, "report": job.report})


@role_required(Role.ANALYST)
@require_POST
def import_job_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import exactly the file a clean check job checked, as a new background job."""
    get_object_or_404(ImportJob, pk=pk)
    try:
        job = import_job_follow(job_id=pk, user=cast(User, request.user))
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("staff:import_job", pk=pk)
    staged_import_run.enqueue(job.pk)
    return redirect("staff:import_job", pk=job.pk)


# Years -----------------------------------------------------------------------------------------


@role_required(*ANY_ROLE)
@require_GET
def years(request: HttpRequest) -> HttpResponse:
    return render(
        request, "staff/years.html", {"years": ReportingYear.objects.all(), "form": YearForm()}
    )


@role_required(*PREPARERS)
@require_POST
def year_add(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for e in form.errors.get("label", [])))
        return redirect("staff:years")
    year = year_get(label=form.cleaned_data["label"])
    return redirect("staff:year", label=year.label)


def _shown(measure: str, value: float | int | None) -> str:
    if value is None:
        return "–"
    if measure in RATES:
        return format_percentage(float(value))
    if measure == "upheld_per_100k":
        return format_per_100k(float(value))
    return str(value)


def _change_shown(measure: str, change: float | None) -> str:
    if change is None:
        return "–"
    if measure in RATES:
        points = format_per_100k(abs(change) * 100)
        return f"{'+' if change >= 0 else '−'}{points} points"
    shown = format_per_100k(abs(change)) if measure == "upheld_per_100k" else str(abs(int(change)))
    return f"{'+' if change >= 0 else '−'}{shown}"


@role_required(*ANY_ROLE)
@require_GET
def year_detail(request: HttpRequest, label: str) -> HttpResponse:
    """A year's draft figures against the previous year's, largest changes first."""
    year = _year(label)
    form = MeasureForm(request.GET or None)
    measure = (form.cleaned_data.get("measure") if form.is_valid() else None) or "investigations"
    changes = [
        {
            "change": c,
            "previous": _shown(measure, c.previous),
            "current": _shown(measure, c.current),
            "difference": _change_shown(measure, c.change),
        }
        for c in figures_compare(year=year, measure=measure)
    ]
    return render(
        request,
        "staff/year.html",
        {
            "year": year,
            "measure": measure,
            "measure_name": COMPARED_MEASURES[measure],
            "measures": COMPARED_MEASURES,
            "changes": changes,
            "figures": figures_current(year=year),
            "figures_history": YearFigures.objects.filter(year=year).order_by("-number"),
            **figures_staff_context(year=year),
            "schedule_form": ScheduleForm(initial={"publish_at": year.publish_at}),
            "reason_form": ReasonForm(),
            "counts": letter_status_counts(year=year),
            "events": events_recent(year=year, limit=50),
        },
    )


@role_required(Role.APPROVER)
@require_POST
def year_freeze(request: HttpRequest, label: str) -> HttpResponse:
    year = _year(label)
    reason = request.POST.get("reason", "")
    try:
        figures = figures_freeze(year=year, actor=request.user, reason=reason)
    except WorkflowError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, f"{year} figures frozen (version {figures.number}).")
    return redirect("staff:year", label=year.label)


@role_required(Role.APPROVER)
@require_POST
def year_schedule_view(request: HttpRequest, label: str) -> HttpResponse:
    year = _year(label)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a date and time.")
        return redirect("staff:year", label=year.label)
    try:
        year_schedule(year=year, publish_at=form.cleaned_data["publish_at"], actor=request.user)
    except WorkflowError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, f"{year} will be published at the time set.")
    return redirect("staff:year", label=year.label)


@role_required(Role.APPROVER)
@require_POST
def year_publish_due(request: HttpRequest, label: str) -> HttpResponse:
    report = publish_due(actor=request.user)
    messages.success(
        request,
        f"{report.letters} letter(s) published; years newly public: "
        f"{', '.join(report.years) or 'none'}.",
    )
    return redirect("staff:year", label=label)


# Letters ---------------------------------------------------------------------------------------


@role_required(*PREPARERS)
@require_GET
def letters(request: HttpRequest, label: str) -> HttpResponse:
    year = _year(label)
    rows = letters_of_year(year=year)
    shown = request.GET.get("status", "")
    return render(
        request,
        "staff/letters.html",
        {
            "year": year,
            "rows": [r for r in rows if r.status == shown] if shown else rows,
            "shown": shown,
            "counts": letter_status_counts(year=year),
        },
    )


@role_required(Role.ANALYST)
def narrative(request: HttpRequest, label: str) -> HttpResponse:
    """Edit the year's narrative: the wording every letter of the year shares."""
    from annual_review.letters.selectors import narrative_source

    year = _year(label)
    body, letter_date = narrative_source(year=year.label)
    form = NarrativeForm(request.POST or None, initial={"body": body, "letter_date": letter_date})
    if request.method == "POST" and form.is_valid():
        try:
            touched = narrative_save(
                year=year,
                body=form.cleaned_data["body"],
                letter_date=form.cleaned_data["letter_date"],
                actor=request.user,
                source_name="staff narrative page",
            )
        except (WorkflowError, LettersUnavailable) as refusal:
            form.add_error("body", str(refusal))
        else:
            messages.success(
                request,
                f"Narrative saved. {touched} unsent letter(s) now need approving by someone "
                "else; regenerate the drafts to see it in them.",
            )
            return redirect("staff:letters", label=year.label)
    return render(request, "staff/narrative.html", {"year": year, "form": form})


@role_required(Role.ANALYST)
@require_POST
def paragraph(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, _ = _letter(label, code)
    form = ParagraphForm(request.POST)
    if form.is_valid():
        try:
            paragraph_save(
                organisation=organisation,
                year=year,
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except (WorkflowError, LettersUnavailable) as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, "Paragraph saved; the draft shows it.")
    return redirect("staff:letter", label=year.label, code=organisation.code)


@role_required(Role.ANALYST)
@require_POST
def letters_generate_view(request: HttpRequest, label: str) -> HttpResponse:
    year = _year(label)
    try:
        report = letters_generate(year=year, actor=request.user)
    except LettersUnavailable as missing:
        _refused(request, missing)
    else:
        messages.success(
            request,
            f"Drafts: {report.created} new, {report.updated} updated, {report.unchanged} "
            f"unchanged; {report.frozen} approved or sent letters left as they are.",
        )
    return redirect("staff:letters", label=year.label)


@role_required(Role.APPROVER)
@require_POST
def letters_send_view(request: HttpRequest, label: str) -> HttpResponse:
    year = _year(label)
    report = letters_send(year=year, actor=request.user)
    messages.success(request, f"{len(report.sent)} letter(s) queued for sending.")
    messages.info(request, OUTBOX_DELIVERY)
    for letter, reason in report.refused:
        messages.error(request, f"{letter.organisation.name}: {reason}")
    return redirect("staff:outbox")


@role_required(*PREPARERS)
@require_GET
def letter_detail(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = _letter(label, code)
    problem = None
    if letter is not None and not letter.frozen:
        try:
            letter = letter_draft_refresh(letter=letter)
        except LettersUnavailable as missing:
            problem = str(missing)
    versions = LetterVersion.objects.filter(organisation=organisation, year=year).order_by(
        "-number"
    )
    from annual_review.letters.models import OrganisationParagraph

    own = OrganisationParagraph.objects.filter(
        organisation=organisation, reporting_year=year.label
    ).first()
    return render(
        request,
        "staff/letter.html",
        {
            "paragraph_form": ParagraphForm(initial={"body": own.body if own else ""}),
            "can_edit": Role.ANALYST in roles_of(request.user),
            "year": year,
            "organisation": organisation,
            "letter": letter,
            "problem": problem,
            "versions": versions.defer("pdf", "html"),
            "approve_form": ApproveForm(
                initial={"seen_sha256": letter.html_sha256 if letter else ""}
            ),
            "reason_form": ReasonForm(),
            "events": events_recent(year=year, organisation=organisation, limit=100),
            "messages_sent": OutboxMessage.objects.filter(letter__in=versions),
            "can_approve": Role.APPROVER in roles_of(request.user),
        },
    )


def _version(label: str, code: str, number: int) -> LetterVersion:
    return get_object_or_404(
        LetterVersion, year__label=label, organisation__code=code, number=number
    )


@role_required(*PREPARERS)
@require_GET
@xframe_options_sameorigin
def letter_html(request: HttpRequest, label: str, code: str, number: int) -> HttpResponse:
    """The stored HTML of a version: frozen once approved, the last rendered draft before."""
    letter = _version(label, code, number)
    response = HttpResponse(letter.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "script-src 'none'"
    return response


@role_required(*PREPARERS)
@require_GET
def letter_pdf(request: HttpRequest, label: str, code: str, number: int) -> HttpResponse:
    letter = _version(label, code, number)
    try:
        pdf = letter_draft_pdf(letter=letter)
    except LettersUnavailable as missing:
        return HttpResponse(str(missing), status=503, content_type="text/plain")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{letter.organisation.slug}-{letter.year.label}-v{number}.pdf"'
    )
    return response


@role_required(Role.APPROVER)
@require_POST
def letter_approve_view(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = _letter(label, code)
    form = ApproveForm(request.POST)
    if letter is None or not form.is_valid():
        messages.error(request, "There is no draft to approve.")
    else:
        try:
            letter_approve(
                letter=letter, actor=request.user, seen_sha256=form.cleaned_data["seen_sha256"]
            )
        except (WorkflowError, LettersUnavailable) as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, f"{organisation.name}'s letter is approved.")
    return redirect("staff:letter", label=year.label, code=organisation.code)


@role_required(Role.APPROVER)
@require_POST
def letter_send_view(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = _letter(label, code)
    if letter is None:
        messages.error(request, "There is no letter to send.")
    else:
        try:
            queued = letter_send(letter=letter, actor=request.user)
        except WorkflowError as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, OUTBOX_QUEUED.format(count=len(queued)))
    return redirect("staff:letter", label=year.label, code=organisation.code)


@role_required(*PREPARERS)
@require_POST
def letter_correct_view(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = _letter(label, code)
    form = ReasonForm(request.POST)
    if letter is None or not form.is_valid():
        messages.error(request, "Give the reason for the correction.")
    else:
        try:
            letter_correct(letter=letter, reason=form.cleaned_data["reason"], actor=request.user)
        except (WorkflowError, LettersUnavailable) as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, "A new draft version was started.")
    return redirect("staff:letter", label=year.label, code=organisation.code)


# Outbox, officers, users -----------------------------------------------------------------------


@role_required(*PREPARERS)
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    queued = OutboxMessage.objects.select_related("letter__organisation").defer("body_html")
    return render(
        request,
        "staff/outbox.html",
        {
            "failed": queued.filter(status=OutboxMessage.Status.FAILED),
            "waiting": queued.filter(
                status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
            ),
            "sent": queued.filter(status=OutboxMessage.Status.SENT).order_by("-sent_at")[:200],
        },
    )


@role_required(Role.APPROVER)
@require_POST
def outbox_requeue_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        outbox_requeue(message=get_object_or_404(OutboxMessage, pk=pk), actor=request.user)
    except WorkflowError as refusal:
        _refused(request, refusal)
    return redirect("staff:outbox")


@role_required(Role.APPROVER)
@require_GET
def officers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/officers.html",
        {"registrations": OfficerRegistration.objects.select_related("organisation")},
    )


@role_required(Role.APPROVER)
@require_POST
def officer_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        officer_approve(
            registration=get_object_or_404(OfficerRegistration, pk=pk), actor=request.user
        )
    except WorkflowError as refusal:
        _refused(request, refusal)
    return redirect("staff:officers")


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
