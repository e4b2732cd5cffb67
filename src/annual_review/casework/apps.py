from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "annual_review.casework"
    verbose_name = "Casework records"
