from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "annual_review.statistics"
    label = "annual_statistics"
    verbose_name = "Statistics"
