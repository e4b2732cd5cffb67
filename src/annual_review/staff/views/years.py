"""Reporting years: the list, adding one, and a year's draft figures against the year before."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annual_review.staff.forms import MeasureForm, ReasonForm, ScheduleForm, YearForm
from annual_review.staff.roles import ANY_ROLE, PREPARERS, role_required
from annual_review.staff.views.lookups import year_or_404
from annual_review.statistics.display import format_per_100k, format_percentage
from annual_review.workflow.publication import year_get
from annual_review.workflow.revisions import figures_staff_context
from annual_review.workflow.selectors import (
    COMPARED_MEASURES,
    RATES,
    events_recent,
    figures_compare,
    figures_current,
    figures_history,
    letter_status_counts,
)
from annual_review.years.models import ReportingYear


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
    year = year_or_404(label)
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
            "figures_history": figures_history(year=year),
            **figures_staff_context(year=year),
            "schedule_form": ScheduleForm(initial={"publish_at": year.publish_at}),
            "reason_form": ReasonForm(),
            "counts": letter_status_counts(year=year),
            "events": events_recent(year=year, limit=50),
        },
    )
