"""Django app configuration for the demonstration dataset and the demo commands."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "annual_review.demo"
    label = "demo"
    verbose_name = "Demonstration data"
