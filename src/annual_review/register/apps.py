from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "annual_review.register"
    verbose_name = "Register of organisations"
