"""Issue 16's pages and fixes in Chromium: the public-sector pages, the registration form with
its error summary and the decision filters' errors pass axe-core; "Show on the map" is hidden
once JavaScript switches the map in place."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


# The pages themselves are in test_every_page.py, at two widths; this is their error state.
def test_the_decision_filters_error_state_has_no_serious_accessibility_violations(page):
    """axe-core finds no serious or critical problem when the filters are wrong."""
    page.goto("/decisions/?council=nonexistent&from=2024-13-45")
    assert axe_violations(page) == []


def test_registration_errors_are_summarised_accessibly(page):
    """Submitting the empty form shows the error summary ("Error:" title) and passes axe."""
    page.goto("/monitoring-officers/register/")
    page.click("button:has-text('Register')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


def test_show_on_the_map_is_hidden_with_javascript(page):
    """With scripts on the map switches in place, so its submit button is not shown."""
    page.goto("/")
    page.wait_for_function(
        "document.querySelector('[data-app-map-submit]').classList.contains('govuk-!-display-none')"
    )
    assert not page.locator("[data-app-map-submit]").is_visible()
