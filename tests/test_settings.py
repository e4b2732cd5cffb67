"""Settings from the environment: production refuses to start without a secret key."""

import ast
import subprocess

from annual_review.settings import BASE_URL_MISSING, SECRET_KEY_MISSING
from tests.environment import python_run, settings_probe

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def _start(tmp_path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Start Python with the project's settings and the given environment; nothing else set."""
    return python_run(tmp_path, "-c", CHECK, **environment)


def test_production_without_secret_key_refuses_to_start(tmp_path):
    """ANNUAL_REVIEW_ENV=production and no SECRET_KEY: start-up fails and says why."""
    result = _start(tmp_path, ANNUAL_REVIEW_ENV="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert SECRET_KEY_MISSING in result.stderr


def test_production_with_empty_secret_key_refuses_to_start(tmp_path):
    """An empty SECRET_KEY counts as missing."""
    result = _start(tmp_path, ANNUAL_REVIEW_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert SECRET_KEY_MISSING in result.stderr


def test_production_with_secret_key_starts_without_debug(tmp_path):
    """With a secret key production starts, and debugging is off."""
    result = _start(
        tmp_path,
        ANNUAL_REVIEW_ENV="production",
        SECRET_KEY="x" * 50,
        ANNUAL_REVIEW_BASE_URL="https://annual-review.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_without_a_base_address_refuses_to_start(tmp_path):
    """Production needs the site's public address (sitemap.xml, links in emails): without it,
    or with an empty one, start-up fails and says why, instead of using 127.0.0.1:8000."""
    for unset in ({}, {"ANNUAL_REVIEW_BASE_URL": " "}):
        result = _start(tmp_path, ANNUAL_REVIEW_ENV="production", SECRET_KEY="x" * 50, **unset)
        assert result.returncode != 0
        assert BASE_URL_MISSING in result.stderr


def test_development_starts_without_a_secret_key(tmp_path):
    """Development needs no configuration at all."""
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_bad_group_average_setting_refuses_to_start(tmp_path):
    """The group average method is 'mean' or 'pooled'; anything else stops start-up."""
    result = _start(tmp_path, ANNUAL_REVIEW_GROUP_AVERAGE="median")
    assert result.returncode != 0
    assert "ANNUAL_REVIEW_GROUP_AVERAGE" in result.stderr


LETTER_CHECK = (
    "from django.conf import settings as s; "
    "print(repr((s.ANNUAL_REVIEW_OMBUDSMAN_NAME, s.ANNUAL_REVIEW_SIGNATORY_NAME, "
    "s.ANNUAL_REVIEW_SIGNATORY_TITLES, s.ANNUAL_REVIEW_CONTACT_EMAIL, "
    "s.ANNUAL_REVIEW_CONTACT_TELEPHONE, s.ANNUAL_REVIEW_FEEDBACK_URL)))"
)


def _letter_settings(tmp_path, **environment: str) -> tuple:
    return ast.literal_eval(settings_probe(tmp_path, LETTER_CHECK, **environment))


def test_letter_settings_take_the_demo_values_outside_production(tmp_path):
    """Unset in development: the demo's fictional signatory and example contacts."""
    name, signatory, titles, email, telephone, survey = _letter_settings(tmp_path)
    assert name == "Local Government and Social Care Ombudsman"
    assert (signatory, email, telephone) == (
        "Alex Example",
        "annual-review@example.org",
        "0306 999 0123",
    )
    assert titles[1] == "Chair, Commission for Local Administration in England"
    assert survey.startswith("https://")


def test_unset_letter_settings_are_empty_in_production_and_set_ones_are_read(tmp_path):
    """In production an unset letter setting is empty (left out of letters); set ones are used."""
    values = _letter_settings(
        tmp_path,
        ANNUAL_REVIEW_ENV="production",
        SECRET_KEY="x" * 50,
        ANNUAL_REVIEW_BASE_URL="https://annual-review.example.org",
        ANNUAL_REVIEW_SIGNATORY_NAME="Pat Signer",
        ANNUAL_REVIEW_SIGNATORY_TITLES="Ombudsman| Chair ",
    )
    assert values == (
        "Local Government and Social Care Ombudsman",
        "Pat Signer",
        ["Ombudsman", "Chair"],
        "",
        "",
        "",
    )
