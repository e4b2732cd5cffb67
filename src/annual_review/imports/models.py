"""The record of every committed import, and what kind of data the database holds."""

from django.db import models


class ImportRecord(models.Model):
    """One committed import: who, when, which file (by checksum) and what it changed."""

    kind = models.CharField(max_length=24)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()
    skipped = models.PositiveIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class DatasetLabel(models.Model):
    """Says what the database holds. Demonstration data is labelled so every page can say so."""

    class Kind(models.TextChoices):
        REAL = "real", "Real records"
        DEMO = "demo", "Demonstration data (generated, not real decisions)"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REAL)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
