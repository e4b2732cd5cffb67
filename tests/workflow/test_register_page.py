"""The Monitoring Officer registration page in the site's design: GOV.UK form markup, an error
summary linking each error to its field, "Error:" in the title, a privacy notice, and links to
it from the site."""

import html
import re

import pytest
from django.urls import reverse

from annual_review.register.models import Organisation
from annual_review.workflow.monitoring_officers import NAME_NOT_PLAIN

pytestmark = pytest.mark.django_db


def test_the_empty_form_uses_the_design_system(client):
    """Labelled GOV.UK inputs, the councils in a GOV.UK select, a privacy notice link, no
    error summary and a plain title."""
    page = client.get(reverse("officers:register")).content.decode()
    assert "<title>Register as a Monitoring Officer –" in page
    assert "govuk-error-summary" not in page
    assert re.search(r'<label class="govuk-label" for="id_name">', page)
    assert re.search(r'<input class="govuk-input" id="id_name" name="name" type="text"', page)
    assert re.search(r'<input class="govuk-input" id="id_email" name="email" type="email"', page)
    assert '<select class="govuk-select" id="id_organisation" name="organisation"' in page
    hartlepool = Organisation.objects.get(code="HPL")
    assert f'<option value="{hartlepool.pk}">Hartlepool' in page
    assert 'href="/privacy/">privacy notice</a>' in page
    assert "{{" not in page and "{%" not in page


def test_errors_are_summarised_and_named_in_the_title(client):
    """A refused name and a missing council: the title starts "Error:", the summary links each
    error to its field, the fields are marked, and what was typed is kept."""
    response = client.post(
        reverse("officers:register"),
        {"name": "Refund at evil.example", "organisation": "", "email": "mo@hartlepool.example"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Register as a Monitoring Officer –" in page
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert f'<a href="#id_name">{html.escape(NAME_NOT_PLAIN)}</a>' in summary
    assert '<a href="#id_organisation">' in summary
    assert "govuk-input govuk-input--error" in page and "govuk-select govuk-select--error" in page
    assert 'aria-describedby="name-error"' in page
    assert 'value="mo@hartlepool.example"' in page


def test_a_refusal_of_the_whole_form_is_in_the_summary(client, monkeypatch):
    """A limit reached (429) shows its reason in the error summary."""
    from annual_review.workflow import views
    from annual_review.workflow.events import WorkflowError

    def refuse(**_kwargs: object) -> None:
        raise WorkflowError("Too many registrations: try again later.")

    monkeypatch.setattr(views, "officer_register", refuse)
    response = client.post(
        reverse("officers:register"),
        {
            "name": "Morgan Officer",
            "organisation": Organisation.objects.get(code="HPL").pk,
            "email": "mo@hartlepool.example",
        },
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Error: " in page
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "<li>Too many registrations: try again later.</li>" in summary


def test_the_site_links_to_the_form(client, settings):
    """Every page's footer links to the form at the site's own address (so a static copy of the
    site links to the server's form)."""
    settings.ANNUAL_REVIEW_BASE_URL = "https://annual-review.example"
    page = client.get("/about/").content.decode()
    footer = page.split('<footer class="govuk-footer">')[1]
    assert 'href="https://annual-review.example/monitoring-officers/register/"' in footer
