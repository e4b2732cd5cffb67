from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "annual_review.imports"
    verbose_name = "Imports"
