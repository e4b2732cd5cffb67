"""What a staff address names (a year, an organisation's letter), found or answered with 404."""

from django.shortcuts import get_object_or_404

from annual_review.register.models import Organisation
from annual_review.workflow.models import LetterVersion
from annual_review.workflow.selectors import letter_current
from annual_review.years.models import ReportingYear


def year_or_404(label: str) -> ReportingYear:
    return get_object_or_404(ReportingYear, label=label)


def letter_or_404(
    label: str, code: str
) -> tuple[ReportingYear, Organisation, LetterVersion | None]:
    """The year, the organisation and its current letter (None before a draft exists)."""
    year = year_or_404(label)
    organisation = get_object_or_404(Organisation, code=code)
    return year, organisation, letter_current(organisation=organisation, year=year)
