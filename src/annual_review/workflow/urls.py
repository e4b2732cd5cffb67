"""Public pages of the workflow: Monitoring Officers register and confirm; anyone unsubscribes."""

from django.urls import path

from annual_review import converters  # noqa: F401  (registers <segment:...>)
from annual_review.workflow import views

app_name = "officers"
urlpatterns = [
    path("register/", views.officer_register_view, name="register"),
    path("confirm/<segment:token>/", views.officer_confirm_view, name="confirm"),
    path("unsubscribe/<segment:token>/", views.unsubscribe_view, name="unsubscribe"),
]
