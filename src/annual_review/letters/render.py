"""Rendering a Letter: HTML (standalone or a fragment for the public site), PDF with Typst, text.

All three read the same Letter, so they say the same thing. The PDF is made by one Typst
compiler per process, reused for every letter, with the package's own font.
"""

import hashlib
import json
import threading
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Literal

import typst
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from annual_review.letters.glyphs import data_printable, font_coverage, missing_log
from annual_review.letters.letter import Block, Chart, Inline, Letter

PACKAGE = Path(str(resources.files("annual_review.letters")))
TYPST_TEMPLATE = PACKAGE / "typst" / "letter.typ"
# In static/ so that the public site serves the same font to browsers (letter-fonts.css).
FONTS_DIR = PACKAGE / "static" / "letters" / "fonts"
FONT_FILES = tuple(sorted(FONTS_DIR.glob("*.ttf")))
CSS_FILE = PACKAGE / "static" / "letters" / "letter.css"
FONTS_CSS_FILE = PACKAGE / "static" / "letters" / "letter-fonts.css"
HTML_TEMPLATES = ("letters/letter.html", "letters/_letter.html")
# Raise on purpose when the letter's layout changes in a way the checksum of the files misses.
TEMPLATE_SERIES = "1"
PDF_STANDARDS: Literal["ua-1"] = "ua-1"
BY_EMAIL = "By email"
SIGN_OFF = "Yours sincerely"
COPIED_TO = "Copied to"


def _template_version() -> str:
    """The series plus a digest of every file that shapes a rendering (templates, CSS, code)."""
    digest = hashlib.sha256()
    files = [TYPST_TEMPLATE, CSS_FILE, FONTS_CSS_FILE, Path(__file__)]
    files += [PACKAGE / "templates" / name for name in HTML_TEMPLATES]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{TEMPLATE_SERIES}+{digest.hexdigest()[:12]}"


TEMPLATE_VERSION = _template_version()


# --- HTML ---------------------------------------------------------------------------------


def _inlines_html(runs: tuple[Inline, ...]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.strong:
            text = f"<strong>{text}</strong>"
        if run.emphasis:
            text = f"<em>{text}</em>"
        if run.href:
            # An address shown as itself is not printed a second time after it (letter.css).
            bare = run.text in {run.href, run.href.removeprefix("mailto:")}
            css = ' class="arl-link--bare"' if bare else ""
            text = f'<a href="{escape(run.href)}"{css}>{text}</a>'
        parts.append(text)
    return "".join(parts)


def _blocks_html(blocks: tuple[Block, ...], *, heading_level: int) -> SafeString:
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(
                f'<h{heading_level} class="arl-heading">{_inlines_html(block.inlines)}</h{heading_level}>'
            )
        elif block.kind == "bullets":
            items = "".join(f"<li>{_inlines_html(item)}</li>" for item in block.items)
            parts.append(f'<ul class="arl-list">{items}</ul>')
        elif block.kind == "callout":
            parts.append(
                f'<p class="arl-callout"><span class="arl-callout__figure">{escape(block.figure)}</span> '
                f'<span class="arl-callout__label">{_inlines_html(block.inlines)}</span></p>'
            )
        elif block.kind == "note":
            parts.append(f'<p class="arl-note">{_inlines_html(block.inlines)}</p>')
        else:
            parts.append(f"<p>{_inlines_html(block.inlines)}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text was escaped above


def chart_svg(chart: Chart, *, ident: str) -> SafeString:
    """A horizontal bar chart as inline SVG, labelled for assistive technology by its alt text.

    Each bar's label sits above it, so that long council names are never cut off.
    """
    width, bar_width, row = 480, 400, 40
    height = row * len(chart.bars) + 4
    title_id = f"{ident}-title"
    parts = [
        f'<svg class="arl-chart__svg" role="img" aria-labelledby="{title_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.alt)}</title>',
    ]
    for index, bar in enumerate(chart.bars):
        y = index * row
        share = min(bar.value / chart.maximum, 1.0) if chart.maximum else 0.0
        length = max(bar_width * share, 0.0)
        kind = "average" if bar.average else "organisation"
        parts.append(
            f'<text x="0" y="{y + 13}" class="arl-chart__label">{escape(bar.label)}</text>'
            f'<rect x="0" y="{y + 18}" width="{length:.1f}" height="16" '
            f'class="arl-chart__bar arl-chart__bar--{kind}"/>'
            f'<text x="{length + 6:.1f}" y="{y + 31}" '
            f'class="arl-chart__value">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text was escaped above


@lru_cache(maxsize=1)
def _css() -> str:
    return CSS_FILE.read_text("utf-8")


@lru_cache(maxsize=8)
def _fonts_css(fonts_url: str) -> str:
    """The @font-face rules with the site's absolute font addresses (a standalone letter is
    opened anywhere, so a relative address would point nowhere); "" without an address."""
    if not fonts_url:
        return ""
    return FONTS_CSS_FILE.read_text("utf-8").replace('url("fonts/', f'url("{fonts_url}')


def letter_render_html(*, letter: Letter, standalone: bool = True) -> str:
    """The letter as HTML: a whole page (with its CSS inline), or a fragment to embed.

    The fragment starts its headings at h2, for pages that have their own h1; its classes are
    all `arl-...` and its stylesheet is static/letters/letter.css.
    """
    top = 1 if standalone else 2
    sections = [
        {
            "section": section,
            "blocks": _blocks_html(section.blocks, heading_level=top + 3),
            "chart": chart_svg(section.chart, ident=f"arl-chart-{section.key}")
            if section.chart
            else None,
        }
        for section in letter.sections
    ]
    context = {
        "letter": letter,
        "css": _fonts_css(letter.fonts_url) + _css(),
        "h1": f"h{top}",
        "h2": f"h{top + 1}",
        "h3": f"h{top + 2}",
        "narrative": _blocks_html(letter.narrative, heading_level=top + 1),
        "organisation_paragraph": _blocks_html(
            letter.organisation_paragraph, heading_level=top + 1
        ),
        "sections": sections,
        "by_email": BY_EMAIL,
        "sign_off": SIGN_OFF,
        "copied_to": COPIED_TO,
    }
    template = HTML_TEMPLATES[0] if standalone else HTML_TEMPLATES[1]
    return render_to_string(template, context)


# --- PDF ----------------------------------------------------------------------------------

_local = threading.local()


def _compiler() -> typst.Compiler:
    """One compiler per thread (and so per process), reused: fonts are loaded only once."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(
            str(TYPST_TEMPLATE),
            root=str(TYPST_TEMPLATE.parent),
            font_paths=[str(FONTS_DIR)],
            ignore_system_fonts=True,
        )
        _local.compiler = compiler
    return compiler


def letter_render_pdf(*, letter: Letter) -> bytes:
    """The letter as an A4, tagged PDF/UA-1 document with its title and language set.

    The letter's date is the PDF's timestamp, so the same letter always gives the same bytes.
    """
    timestamp = datetime(letter.date.year, letter.date.month, letter.date.day, tzinfo=UTC)
    text = letter.as_json()
    if not text.isascii():
        coverage = font_coverage(FONT_FILES)
        if any(ord(char) not in coverage for char in set(text) if not char.isascii()):
            # PDF/UA forbids text the font cannot draw: replace it (HTML keeps it), say so.
            missing: set[str] = set()
            data = data_printable(letter.as_dict(), coverage=coverage, missing=missing)
            missing_log(letter.organisation_name, missing)
            text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    result = _compiler().compile(
        format="pdf",
        sys_inputs={"letter": text},
        pdf_standards=PDF_STANDARDS,
        timestamp=int(timestamp.timestamp()),
    )
    # One PDF document: compile returns bytes (a list only for per-page image formats).
    assert isinstance(result, bytes)
    return result


# --- Text ---------------------------------------------------------------------------------


def _inlines_text(runs: tuple[Inline, ...]) -> str:
    """Text with each link's address after it in angle brackets, unless the text is the address."""
    parts = []
    for run in runs:
        parts.append(run.text)
        if run.href and run.text not in {run.href, run.href.removeprefix("mailto:")}:
            parts.append(f" <{run.href}>")
    return "".join(parts)


def _blocks_text(blocks: tuple[Block, ...], *, heading_mark: str) -> list[str]:
    lines = []
    for block in blocks:
        if block.kind == "heading":
            lines.append(f"{heading_mark} {_inlines_text(block.inlines)}")
        elif block.kind == "bullets":
            lines.extend(f"- {_inlines_text(item)}" for item in block.items)
        elif block.kind == "callout":
            lines.append(f"{block.figure} {_inlines_text(block.inlines)}")
        else:
            lines.append(_inlines_text(block.inlines))
    return lines


def letter_render_text(*, letter: Letter) -> str:
    """The letter as plain text, one paragraph a line: what golden tests compare."""
    lines = [letter.banner] if letter.banner else []
    lines += [letter.ombudsman, letter.date_text, BY_EMAIL, *letter.recipient.lines]
    lines += [letter.recipient.salutation, f"# {letter.title}"]
    lines += _blocks_text(letter.narrative, heading_mark="##")
    lines += _blocks_text(letter.organisation_paragraph, heading_mark="##")
    lines += [SIGN_OFF, letter.signatory.name, *letter.signatory.titles]
    lines += [f"{COPIED_TO}:", *(f"- {line}" for line in letter.copied_to)]
    lines.append(f"## {letter.statistics_heading}")
    for section in letter.sections:
        lines.append(f"### {section.heading}")
        lines += _blocks_text(section.blocks, heading_mark="####")
        if section.chart:
            lines.append(f"[Chart] {section.chart.alt}")
    return "\n".join(lines) + "\n"
