from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "annual_review.letters"
    label = "letters"
    verbose_name = "Annual review letters"
