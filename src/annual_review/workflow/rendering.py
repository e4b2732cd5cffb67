"""The workflow's one door to the letters app: build and render a letter.

The letters app (`annual_review.letters`) owns how a letter is built and rendered; the workflow
chooses the figures it is built from (`letters_figures`) and stores what it returns. Tests may replace the renderer (`renderer_set`).
"""

from dataclasses import dataclass
from typing import Any, Protocol

from annual_review import letters
from annual_review.register.models import Organisation
from annual_review.workflow.figures import letters_figures
from annual_review.years.models import ReportingYear


class LettersUnavailable(RuntimeError):
    """A renderer that cannot render letters (a test's stand-in may raise it)."""


class Renderer(Protocol):
    def build(
        self, *, organisation: Organisation, year: ReportingYear, stats: Any = None
    ) -> Any: ...

    def html(self, *, letter: Any) -> str: ...

    def pdf(self, *, letter: Any) -> bytes: ...

    def template_version(self, *, letter: Any) -> str: ...


@dataclass(frozen=True)
class LettersAppRenderer:
    """Calls the letters app's functions."""

    def build(self, *, organisation: Organisation, year: ReportingYear, stats: Any = None) -> Any:
        """The letter from `stats`, by default the figures the year's letters are made from."""
        # The letters app takes the year as its label ("2023-24") or the period; pass the label.
        if stats is None:
            stats = letters_figures(year=year.label)
        return letters.letter_build(organisation=organisation, year=year.label, stats=stats)

    def html(self, *, letter: Any) -> str:
        return str(letters.letter_render_html(letter=letter, standalone=True))

    def pdf(self, *, letter: Any) -> bytes:
        return bytes(letters.letter_render_pdf(letter=letter))

    def template_version(self, *, letter: Any) -> str:
        return str(getattr(letter, "template_version", None) or letters.TEMPLATE_VERSION)


_renderer: Renderer = LettersAppRenderer()


def renderer_get() -> Renderer:
    return _renderer


def renderer_set(renderer: Renderer) -> Renderer:
    """Replace the renderer (tests); returns the previous one."""
    global _renderer
    previous, _renderer = _renderer, renderer
    return previous
