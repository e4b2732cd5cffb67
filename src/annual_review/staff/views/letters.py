"""A year's letters and each letter's page: generate drafts, preview, approve, send, correct."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from annual_review.staff.forms import ApproveForm, ParagraphForm, ReasonForm
from annual_review.staff.roles import PREPARERS, Role, role_required, roles_of
from annual_review.staff.views.lookups import letter_or_404, year_or_404
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import (
    letter_correct,
    letter_draft_pdf,
    letter_draft_refresh,
    letters_generate,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import LetterVersion, OutboxMessage
from annual_review.workflow.rendering import LettersUnavailable
from annual_review.workflow.selectors import events_recent, letter_status_counts, letters_of_year
from annual_review.workflow.sending import letter_send, letters_send

OUTBOX_QUEUED = "{count} email(s) queued; the outbox sends them within a few minutes."
OUTBOX_DELIVERY = (
    "The outbox sends queued emails within a few minutes (the scheduled send-letters "
    "command), never while a page waits."
)


@role_required(*PREPARERS)
@require_GET
def letters(request: HttpRequest, label: str) -> HttpResponse:
    year = year_or_404(label)
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
@require_POST
def letters_generate_view(request: HttpRequest, label: str) -> HttpResponse:
    year = year_or_404(label)
    try:
        report = letters_generate(year=year, actor=request.user)
    except LettersUnavailable as missing:
        messages.error(request, str(missing))
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
    year = year_or_404(label)
    report = letters_send(year=year, actor=request.user)
    messages.success(request, f"{len(report.sent)} letter(s) queued for sending.")
    messages.info(request, OUTBOX_DELIVERY)
    for letter, reason in report.refused:
        messages.error(request, f"{letter.organisation.name}: {reason}")
    return redirect("staff:outbox")


@role_required(*PREPARERS)
@require_GET
def letter_detail(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = letter_or_404(label, code)
    problem = None
    if letter is not None and not letter.frozen:
        try:
            letter = letter_draft_refresh(letter=letter)
        except LettersUnavailable as missing:
            problem = str(missing)
    versions = LetterVersion.objects.filter(organisation=organisation, year=year).order_by(
        "-number"
    )
    from annual_review.letters.selectors import paragraph_source

    own = paragraph_source(organisation=organisation, year=year.label)
    return render(
        request,
        "staff/letter.html",
        {
            "paragraph_form": ParagraphForm(initial={"body": own}),
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
    year, organisation, letter = letter_or_404(label, code)
    form = ApproveForm(request.POST)
    if letter is None or not form.is_valid():
        messages.error(request, "There is no draft to approve.")
    else:
        try:
            letter_approve(
                letter=letter, actor=request.user, seen_sha256=form.cleaned_data["seen_sha256"]
            )
        except (WorkflowError, LettersUnavailable) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{organisation.name}'s letter is approved.")
    return redirect("staff:letter", label=year.label, code=organisation.code)


@role_required(Role.APPROVER)
@require_POST
def letter_send_view(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = letter_or_404(label, code)
    if letter is None:
        messages.error(request, "There is no letter to send.")
    else:
        try:
            queued = letter_send(letter=letter, actor=request.user)
        except WorkflowError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, OUTBOX_QUEUED.format(count=len(queued)))
    return redirect("staff:letter", label=year.label, code=organisation.code)


@role_required(*PREPARERS)
@require_POST
def letter_correct_view(request: HttpRequest, label: str, code: str) -> HttpResponse:
    year, organisation, letter = letter_or_404(label, code)
    form = ReasonForm(request.POST)
    if letter is None or not form.is_valid():
        messages.error(request, "Give the reason for the correction.")
    else:
        try:
            letter_correct(letter=letter, reason=form.cleaned_data["reason"], actor=request.user)
        except (WorkflowError, LettersUnavailable) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "A new draft version was started.")
    return redirect("staff:letter", label=year.label, code=organisation.code)
