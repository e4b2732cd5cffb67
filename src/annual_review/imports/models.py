"""The record of every committed import, and the background import jobs of the staff pages."""

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


class ImportJob(models.Model):
    """An import run in the background for the staff page: the staged file, how far the run
    is, and its report when done. A check job that passed can be followed by one commit job."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the task worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped by an unexpected error"

    kind = models.CharField(max_length=24)
    file_name = models.CharField(max_length=255)
    path = models.CharField(max_length=1000, help_text="the staged file, removed after the run")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    commit = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=dict, blank=True)
    followed_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="checked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        verb = "import" if self.commit else "check"
        return f"{verb} {self.kind} {self.file_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
