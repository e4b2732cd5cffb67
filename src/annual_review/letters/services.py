"""Storing editable letter content: a year's narrative and one organisation's paragraph."""

from datetime import date

from django.db import transaction

from annual_review.letters.models import Narrative, OrganisationParagraph
from annual_review.letters.prose import markdown_check
from annual_review.register.models import Organisation
from annual_review.years.periods import period_parse

EMPTY_NARRATIVE = "The narrative is empty: a letter needs at least one paragraph."


def narrative_check(*, year: str, body: str) -> int:
    """Validate a narrative as letters would use it; returns how many blocks it has."""
    period_parse(year)
    blocks = markdown_check(body)
    if not blocks:
        raise ValueError(EMPTY_NARRATIVE)
    return len(blocks)


@transaction.atomic
def narrative_load(
    *, year: str, body: str, source_name: str = "", letter_date: date | None = None
) -> Narrative:
    """Store (or replace) a reporting year's narrative, used by every letter of that year."""
    narrative_check(year=year, body=body)
    label = period_parse(year).label
    narrative, _ = Narrative.objects.update_or_create(
        reporting_year=label,
        defaults={"body": body, "source_name": source_name, "letter_date": letter_date},
    )
    return narrative


@transaction.atomic
def organisation_paragraph_load(
    *, organisation: Organisation, year: str, body: str
) -> OrganisationParagraph | None:
    """Store one organisation's own paragraph for a year; an empty body removes it."""
    label = period_parse(year).label
    if not body.strip():
        OrganisationParagraph.objects.filter(
            organisation=organisation, reporting_year=label
        ).delete()
        return None
    markdown_check(body)
    paragraph, _ = OrganisationParagraph.objects.update_or_create(
        organisation=organisation, reporting_year=label, defaults={"body": body}
    )
    return paragraph
