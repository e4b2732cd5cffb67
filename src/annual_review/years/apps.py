from django.apps import AppConfig


class YearsConfig(AppConfig):
    name = "annual_review.years"
    verbose_name = "Reporting years"
