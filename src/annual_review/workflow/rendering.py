"""The workflow's one door to the letters app: build and render a letter, found lazily.

The letters app (`annual_review.letters`) owns how a letter is built and rendered:
`letter_build(*, organisation, year, stats=None)`, `letter_render_html(*, letter, standalone=True)`
and `letter_render_pdf(*, letter)`. The workflow only stores what they return, so it looks them
up at call time and says clearly when they are missing; tests may replace `renderer_get`.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps

from annual_review.register.models import Organisation
from annual_review.years.models import ReportingYear

LETTERS_UNAVAILABLE = (
    "Letters cannot be rendered: the letters app does not provide {name}() yet "
    "(looked in annual_review.letters and its modules {modules})."
)
LETTERS_NOT_INSTALLED = "Letters cannot be rendered: the letters app is not installed."
LETTERS_MODULES = ("services", "selectors", "rendering", "render", "build")
UNKNOWN_TEMPLATE_VERSION = "unknown"


class LettersUnavailable(RuntimeError):
    pass


class Renderer(Protocol):
    def build(
        self, *, organisation: Organisation, year: ReportingYear, stats: Any = None
    ) -> Any: ...

    def html(self, *, letter: Any) -> str: ...

    def pdf(self, *, letter: Any) -> bytes: ...

    def template_version(self, *, letter: Any) -> str: ...


def _find(name: str) -> Callable[..., Any]:
    if not apps.is_installed("annual_review.letters"):
        raise LettersUnavailable(LETTERS_NOT_INSTALLED)
    candidates = ["annual_review.letters"] + [f"annual_review.letters.{m}" for m in LETTERS_MODULES]
    for module_name in candidates:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, name, None)
        if callable(function):
            return function
    raise LettersUnavailable(LETTERS_UNAVAILABLE.format(name=name, modules=LETTERS_MODULES))


def _template_version_constant() -> str | None:
    for module_name in ["annual_review.letters"] + [
        f"annual_review.letters.{m}" for m in LETTERS_MODULES
    ]:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        value = getattr(module, "TEMPLATE_VERSION", None)
        if value:
            return str(value)
    return None


@dataclass(frozen=True)
class LettersAppRenderer:
    """Calls the letters app's functions."""

    def build(self, *, organisation: Organisation, year: ReportingYear, stats: Any = None) -> Any:
        # The letters app takes the year as its label ("2023-24") or the period; pass the label.
        return _find("letter_build")(organisation=organisation, year=year.label, stats=stats)

    def html(self, *, letter: Any) -> str:
        return str(_find("letter_render_html")(letter=letter, standalone=True))

    def pdf(self, *, letter: Any) -> bytes:
        return bytes(_find("letter_render_pdf")(letter=letter))

    def template_version(self, *, letter: Any) -> str:
        version = getattr(letter, "template_version", None) or _template_version_constant()
        return str(version or UNKNOWN_TEMPLATE_VERSION)


_renderer: Renderer = LettersAppRenderer()


def renderer_get() -> Renderer:
    return _renderer


def renderer_set(renderer: Renderer) -> Renderer:
    """Replace the renderer (tests); returns the previous one."""
    global _renderer
    previous, _renderer = _renderer, renderer
    return previous
