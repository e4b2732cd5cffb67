"""Annual review letters: built once from a year's statistics, rendered as HTML and PDF.

The public functions are importable from here (loaded on first use, so that Django can import
this package before its apps are ready): letter_build, letters_build, letter_render_html,
letter_render_pdf, letter_render_text, letters_write, letter_file_read, narrative_load, TEMPLATE_VERSION.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "letter_build": "annual_review.letters.selectors",
    "letters_build": "annual_review.letters.selectors",
    "letter_recipient_ids": "annual_review.letters.selectors",
    "Letter": "annual_review.letters.letter",
    "letter_render_html": "annual_review.letters.render",
    "letter_render_pdf": "annual_review.letters.render",
    "letter_render_text": "annual_review.letters.render",
    "TEMPLATE_VERSION": "annual_review.letters.render",
    "letters_write": "annual_review.letters.batch",
    "letter_file_read": "annual_review.letters.batch",
    "narrative_load": "annual_review.letters.services",
    "organisation_paragraph_load": "annual_review.letters.services",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
