"""A council's annual letter on the public site, through the letters app (imported lazily)."""

import importlib
from dataclasses import dataclass
from typing import Any

from annual_review.public.caching import cached_value
from annual_review.public.selectors import (
    NotFound,
    council_find,
    letter_module_available,
    year_choose,
    year_statistics,
)
from annual_review.register.models import Organisation

LETTERS_UNAVAILABLE = "Annual letters are not available on this site yet."


@dataclass(frozen=True)
class PublicLetterHtml:
    council_name: str
    slug: str
    year: str
    html: str


@dataclass(frozen=True)
class PublicLetterPdf:
    file_name: str
    content: bytes


def _letters_module() -> Any:
    if not letter_module_available():
        raise NotFound(LETTERS_UNAVAILABLE)
    return importlib.import_module("annual_review.letters")


def _letter(slug: str, year: str) -> Any:
    organisation_id, _council = council_find(slug=slug)
    chosen = year_choose(year)
    module = _letters_module()
    organisation = Organisation.objects.get(pk=organisation_id)
    return module.letter_build(
        organisation=organisation, year=chosen, stats=year_statistics(chosen)
    )


def public_letter_html(*, slug: str, year: str) -> PublicLetterHtml:
    """The letter for a published year as an HTML fragment to embed in the site's page."""
    organisation_id, council = council_find(slug=slug)
    chosen = year_choose(year)

    def build() -> str:
        module = _letters_module()
        return module.letter_render_html(letter=_letter(slug, chosen), standalone=False)

    html = cached_value(("letter_html", organisation_id, chosen), build)
    return PublicLetterHtml(council_name=council.name, slug=slug, year=chosen, html=html)


def public_letter_pdf(*, slug: str, year: str) -> PublicLetterPdf:
    """The letter for a published year as a PDF to download."""
    organisation_id, _council = council_find(slug=slug)
    chosen = year_choose(year)

    def build() -> bytes:
        return _letters_module().letter_render_pdf(letter=_letter(slug, chosen))

    content = cached_value(("letter_pdf", organisation_id, chosen), build)
    return PublicLetterPdf(file_name=f"{slug}-annual-review-{chosen}.pdf", content=content)
