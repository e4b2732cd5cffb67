"""The pages a public-sector site must have: accessibility, privacy, contact, how to complain."""

import re

import pytest

from annual_review.public.information import INFORMATION_ADDRESSES, INFORMATION_PAGES

pytestmark = pytest.mark.django_db

CONTACT = {
    "ANNUAL_REVIEW_OMBUDSMAN_NAME": "Local Government and Social Care Ombudsman",
    "ANNUAL_REVIEW_CONTACT_EMAIL": "reviews@ombudsman.example",
    "ANNUAL_REVIEW_CONTACT_TELEPHONE": "0300 061 0614",
    "ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS": ["PO Box 1234", "Coventry", "CV4 0EH"],
}


@pytest.mark.parametrize(("address", "title"), [(a, t) for a, _template, t in INFORMATION_PAGES])
def test_each_page_is_linked_from_every_footer(client, settings, address, title):
    """Each page answers at its address with its own title, and the footer of the home page, a
    staff page and an officer page links to it."""
    for name, value in CONTACT.items():
        setattr(settings, name, value)
    html = client.get(address).content.decode()
    assert client.get(address).status_code == 200
    assert f"<title>{title} –" in html
    for page in ("/", "/staff/sign-in/", "/monitoring-officers/register/", "/no-such-page/"):
        footer = client.get(page).content.decode().split('<footer class="govuk-footer">')[1]
        assert f'href="{address}">{title}</a>' in footer


@pytest.mark.parametrize("address", ["/contact/", "/how-to-complain/", "/privacy/"])
def test_pages_give_the_addresses_from_settings(client, settings, address):
    """Email, telephone and postal address come from settings, each as a usable link."""
    for name, value in CONTACT.items():
        setattr(settings, name, value)
    html = client.get(address).content.decode()
    assert 'href="mailto:reviews@ombudsman.example">reviews@ombudsman.example</a>' in html
    assert 'href="tel:03000610614">0300 061 0614</a>' in html
    assert re.search(
        r"<address[^>]*>Local Government and Social Care Ombudsman<br>PO Box 1234", html
    )


def test_unset_addresses_are_left_out(client, settings):
    """An unset email or telephone is left out, not shown empty; with none the page says so."""
    settings.ANNUAL_REVIEW_CONTACT_EMAIL = "reviews@ombudsman.example"
    settings.ANNUAL_REVIEW_CONTACT_TELEPHONE = ""
    settings.ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS = []
    html = client.get("/contact/").content.decode()
    assert "mailto:reviews@ombudsman.example" in html
    assert "Telephone" not in html and "tel:" not in html and "<address" not in html
    settings.ANNUAL_REVIEW_CONTACT_EMAIL = ""
    html = client.get("/contact/").content.decode()
    assert "mailto:" not in html
    assert "has not been given the Ombudsman's contact details" in html


def test_sitemap_and_export_list_the_pages(client):
    """Search engines and the static export know the four pages."""
    from annual_review.opendata.pages import SITE_PAGES

    sitemap = client.get("/sitemap-site.xml").content.decode()
    for address in INFORMATION_ADDRESSES:
        assert f"{address}</loc>" in sitemap
        assert address in SITE_PAGES


def test_council_pages_invite_their_monitoring_officer_to_register(client, settings, two_years):
    """A council's page links its Monitoring Officer to the registration form."""
    settings.ANNUAL_REVIEW_BASE_URL = "https://annual-review.example"
    page = client.get("/councils/bromsgrove/").content.decode()
    assert (
        '<a class="govuk-link" href="https://annual-review.example/monitoring-officers/register/">'
        in page.split("<footer")[0]
    )
