"""The public site's addresses, as people can guess and share them.

Each page's data twin is at the same address with `.json` (listings also `.csv`) instead of the
trailing slash; the home page's twins are `/index.json` and `/index.csv` (see twins.py).
"""

from django.urls import path

from annual_review import converters  # noqa: F401  (registers <segment:...>)
from annual_review.public import information, twin_views, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("index.json", twin_views.home_json, name="home_json"),
    path("index.csv", twin_views.home_csv, name="home_csv"),
    path("accessibility/", information.accessibility, name="accessibility"),
    path("privacy/", information.privacy, name="privacy"),
    path("contact/", information.contact, name="contact"),
    path("how-to-complain/", information.complain, name="complain"),
    path("councils/", views.council_list, name="council_list"),
    path("councils.json", twin_views.council_list_json, name="council_list_json"),
    path("councils.csv", twin_views.council_list_csv, name="council_list_csv"),
    path("councils/<slug:slug>/", views.council_latest, name="council_latest"),
    path("councils/<slug:slug>.json", twin_views.council_latest_json, name="council_latest_json"),
    path("councils/<slug:slug>/<segment:year>/", views.council_year, name="council_year"),
    path(
        "councils/<slug:slug>/<segment:year>.json",
        twin_views.council_year_json,
        name="council_year_json",
    ),
    path(
        "councils/<slug:slug>/<segment:year>/decisions.csv",
        twin_views.council_decisions_csv,
        name="council_decisions_csv",
    ),
    path("councils/<slug:slug>/<segment:year>/letter/", views.letter_html, name="letter_html"),
    path("councils/<slug:slug>/<segment:year>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path(
        "councils/<slug:slug>/<segment:year>/letter-v<int:number>.pdf",
        views.letter_superseded_pdf,
        name="letter_superseded_pdf",
    ),
    path("decisions/", views.decision_search, name="decision_search"),
    path("decisions.json", twin_views.decision_search_json, name="decision_search_json"),
    path("decisions.csv", twin_views.decision_search_csv, name="decision_search_csv"),
    path("decisions/<segment:reference>/", views.decision_detail, name="decision_detail"),
    path(
        "decisions/<segment:reference>.json",
        twin_views.decision_detail_json,
        name="decision_detail_json",
    ),
    path("about/", views.about, name="about"),
    path("revisions/", views.revisions, name="revisions"),
    path("revisions.json", twin_views.revisions_json, name="revisions_json"),
    path("revisions.csv", twin_views.revisions_csv, name="revisions_csv"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-site.xml", views.sitemap_site, name="sitemap_site"),
    path("sitemap-councils.xml", views.sitemap_councils, name="sitemap_councils"),
    path("sitemap-decisions-<segment:year>.xml", views.sitemap_decisions, name="sitemap_decisions"),
]
