"""Editable letter content: each year's narrative and an optional paragraph for one organisation."""

from django.db import models

from annual_review.register.models import Organisation


class Narrative(models.Model):
    """The Markdown paragraphs that change every year (introduction, news, guidance...).

    Keyed by the reporting year's label so a narrative can be loaded before the year's records.
    Without a row the package's default wording is used.
    """

    reporting_year = models.CharField(max_length=7, unique=True)
    body = models.TextField(help_text="Markdown: headings, paragraphs, lists, bold, links.")
    letter_date = models.DateField(
        null=True, blank=True, help_text="The date the letters carry; today's date if empty."
    )
    source_name = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reporting_year"]

    def __str__(self) -> str:
        return f"Narrative {self.reporting_year}"


class OrganisationParagraph(models.Model):
    """Words for one organisation's letter only, e.g. the Ombudsman's concerns about it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="letter_paragraphs"
    )
    reporting_year = models.CharField(max_length=7)
    body = models.TextField(help_text="Markdown.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reporting_year"], name="letter_paragraph_once_a_year"
            )
        ]
        ordering = ["reporting_year", "organisation"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.reporting_year}"
