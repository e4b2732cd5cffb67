"""Production headers and checks: `check --deploy` is clean, CSP/HSTS/HTTPS redirect are set
from the environment, and development says that its secret key is public."""

import base64
import hashlib
import re

import pytest
from django.conf import settings

from annual_review.settings import PACKAGE_DIR
from annual_review.staff.checks import PUBLIC_KEY_WARNING
from tests.environment import cli_run, settings_probe

PRODUCTION = {
    "ANNUAL_REVIEW_ENV": "production",
    "SECRET_KEY": "a-production-secret-of-more-than-fifty-characters-0123456789",
    "ALLOWED_HOSTS": "annual-review.example.org",
    "ANNUAL_REVIEW_BASE_URL": "https://annual-review.example.org",
}


def test_check_deploy_is_clean_in_production(tmp_path):
    """`annual-review check --deploy` reports nothing with production's defaults."""
    result = cli_run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_names_https_turned_off(tmp_path):
    """Turning the redirect and HSTS off from the environment is seen by the deploy check."""
    result = cli_run(
        tmp_path,
        "check",
        "--deploy",
        **PRODUCTION,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_development_says_the_secret_key_is_public(tmp_path):
    """Without SECRET_KEY, development commands warn once that the key is public."""
    result = cli_run(tmp_path, "check")
    assert result.stderr.count(PUBLIC_KEY_WARNING) == 1
    assert "annual_review.W001" in result.stderr
    quiet = cli_run(tmp_path, "check", SECRET_KEY="a-local-secret-" + "k" * 40)
    assert PUBLIC_KEY_WARNING not in quiet.stderr


SETTINGS_PROBE = (
    "from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "False 0 False False None"),
        (PRODUCTION, "True 31536000 True False None"),
        (
            {
                **PRODUCTION,
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_HSTS_SECONDS": "600",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
                "SECURE_HSTS_PRELOAD": "1",
                "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
            },
            "False 600 False True ('HTTP_X_FORWARDED_PROTO', 'https')",
        ),
    ],
)
def test_https_settings_come_from_the_environment(tmp_path, environment, expected):
    """HTTPS redirect and HSTS are on in production, off in development, each settable."""
    assert settings_probe(tmp_path, SETTINGS_PROBE, **environment) == expected


@pytest.mark.django_db
@pytest.mark.urls("annual_review.urls")
def test_pages_carry_the_content_security_policy(client):
    """Every answer carries the policy: scripts from the site and the one hashed inline script."""
    response = client.get("/about/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script
    assert client.get("/api/v1/years.json")["Content-Security-Policy"] == policy


def test_the_inline_script_hash_is_the_scripts():
    """The hash in the policy is that of the inline script in the site's layout, so a change
    to the script without its hash fails here, not in visitors' browsers."""
    base = (PACKAGE_DIR / "public" / "templates" / "public" / "base.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", base, re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in settings.CSP_INLINE_SCRIPT_HASHES
