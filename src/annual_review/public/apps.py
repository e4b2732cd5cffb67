"""The public site: the map, council pages, decisions search and the notes on the data."""

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "annual_review.public"
    label = "public"
    verbose_name = "Public site"
    default_auto_field = "django.db.models.BigAutoField"
