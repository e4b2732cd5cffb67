"""The wording of letters: the year's narrative and an organisation's own paragraph."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annual_review.staff.forms import NarrativeForm, ParagraphForm
from annual_review.staff.roles import Role, role_required
from annual_review.staff.views.lookups import letter_or_404, year_or_404
from annual_review.workflow.drafting import narrative_save, paragraph_save
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.rendering import LettersUnavailable


@role_required(Role.ANALYST)
def narrative(request: HttpRequest, label: str) -> HttpResponse:
    """Edit the year's narrative: the wording every letter of the year shares."""
    from annual_review.letters.selectors import narrative_source

    year = year_or_404(label)
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
    year, organisation, _ = letter_or_404(label, code)
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
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Paragraph saved; the draft shows it.")
    return redirect("staff:letter", label=year.label, code=organisation.code)
