"""A reporting year as stored: when its figures and letters become public."""

from datetime import datetime

from django.db import models
from django.utils import timezone

from annual_review.years.periods import ReportingPeriod


class ReportingYearQuerySet(models.QuerySet["ReportingYear"]):
    def published(self, *, now: datetime | None = None) -> "ReportingYearQuerySet":
        return self.filter(publish_at__isnull=False, publish_at__lte=now or timezone.now())


class ReportingYear(models.Model):
    """One reporting year ("2023-24"). Nothing of it is public before `publish_at`."""

    label = models.CharField(max_length=7, unique=True)
    first_year = models.PositiveSmallIntegerField(unique=True)
    publish_at = models.DateTimeField(null=True, blank=True)

    objects = ReportingYearQuerySet.as_manager()

    class Meta:
        ordering = ["-first_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def period(self) -> ReportingPeriod:
        return ReportingPeriod(self.first_year)
