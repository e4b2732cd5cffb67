"""Django app configuration for the open data downloads."""

from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "annual_review.opendata"
    label = "opendata"
    verbose_name = "Open data downloads"
