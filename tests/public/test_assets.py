"""The committed front-end assets: built, gzip copies current, nothing of GOV.UK's brand."""

import gzip
from pathlib import Path

import pytest

import annual_review.public

STATIC = Path(annual_review.public.__file__).parent / "static" / "public"


@pytest.mark.parametrize("name", ["site.css", "site.js"])
def test_gzip_copies_match(name):
    """WhiteNoise serves the .gz copy to browsers: it must be the same file (run the build)."""
    assert gzip.decompress((STATIC / f"{name}.gz").read_bytes()) == (STATIC / name).read_bytes()


def test_css_is_built_without_govuk_font_or_crown():
    """The site uses system fonts, not GDS Transport, and the stylesheet loads no font files."""
    css = (STATIC / "site.css").read_text()
    assert ".govuk-header" in css and ".app-map" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "system-ui" in css
