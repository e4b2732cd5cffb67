"""The public site's addresses, as people can guess and share them."""

from django.urls import path

from annual_review.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("councils/", views.council_list, name="council_list"),
    path("councils/<slug:slug>/", views.council_latest, name="council_latest"),
    path("councils/<slug:slug>/<str:year>/", views.council_year, name="council_year"),
    path("councils/<slug:slug>/<str:year>/letter/", views.letter_html, name="letter_html"),
    path("councils/<slug:slug>/<str:year>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("decisions/", views.decision_search, name="decision_search"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision_detail"),
    path("about/", views.about, name="about"),
]
