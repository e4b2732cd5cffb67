"""Django app configuration for the public JSON API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "annual_review.api"
    label = "api"
    verbose_name = "Public JSON API"
