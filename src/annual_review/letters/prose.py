"""Editable letter prose: Markdown read into the letter's blocks, with a few named placeholders.

Markdown is parsed into plain data (headings, paragraphs, bullet lists of emphasised or linked
text) rather than passed through as HTML, so the HTML and the PDF are made from the same
blocks and nothing typed into a narrative can inject markup into either.
"""

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from annual_review.letters.letter import Block, Inline

# The names a narrative may use in braces, e.g. "the year ending {year_end}". A paragraph,
# heading or list item that uses one whose value is not set (no publication date yet, no
# contact email configured...) is left out of the letter, rather than printed half-filled.
PLACEHOLDERS = {
    "year": "the reporting year, e.g. 2023-24",
    "year_end": "the last day of the reporting year, e.g. 31 March 2024",
    "period": "the reporting period, e.g. 1 April 2023 to 31 March 2024",
    "organisation": "the organisation's name",
    "ombudsman": "the Ombudsman's organisation name (settings)",
    "comparison_group": "the organisation's comparison group, e.g. District Councils",
    "publication_date": "the day the year's figures are scheduled to be published",
    "site_url": "the public site's address, as a link",
    "council_url": "the address of the organisation's page for the year, as a link",
    "registration_url": "the address of the Monitoring Officers' registration page, as a link",
    "feedback_url": "the address of the survey about the Ombudsman's service, as a link",
    "contact_email": "the contact email address (settings), as a link",
    "contact_telephone": "the contact telephone number (settings)",
    "contact": "how to contact us: 'email us at ... or telephone us on ...' (what is set)",
    "signatory": "the name of the person who signs the letter (settings)",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Link destinations arrive percent-encoded from the Markdown parser.
HREF_PLACEHOLDER = re.compile(r"(?:\{|%7B)([a-z_]+)(?:\}|%7D)")
# A placeholder's value: plain text, or runs of text (links) spliced into the sentence.
Value = str | tuple[Inline, ...]
UNSUPPORTED_MARKDOWN = (
    "The narrative uses Markdown that letters cannot show ({kind}); use headings, paragraphs, "
    "bullet lists, bold, italics and links."
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark without raw HTML: a narrative is text, never markup.
    return MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=16)
def _tokens(source: str) -> tuple[Token, ...]:
    # A batch fills the same narrative for every organisation: parse it once.
    return tuple(_parser().parse(source))


def placeholders_fill(text: str, values: Mapping[str, Value]) -> str:
    """Replace known {name}s with their text; anything else in braces is left as written."""

    def text_of(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        return value if isinstance(value, str) else "".join(run.text for run in value)

    return PLACEHOLDER.sub(text_of, text)


class _Unset(Exception):
    """A block uses a placeholder whose value is not set: the block is left out."""


def _href_fill(href: str, values: Mapping[str, Value]) -> str:
    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        if not value:
            raise _Unset
        if isinstance(value, str):
            return value
        return next((run.href for run in value if run.href), "".join(r.text for r in value))

    return HREF_PLACEHOLDER.sub(fill, href)


def _text_runs(
    text: str, values: Mapping[str, Value], *, strong: bool, emphasis: bool, href: str
) -> list[Inline]:
    """A text with its placeholders filled: linked values keep their links (unless the text
    around them is a link already)."""
    runs: list[Inline] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        value = values.get(match.group(1))
        if value is None:
            continue
        if not value:
            raise _Unset
        runs.append(Inline(text[position : match.start()], strong, emphasis, href))
        if isinstance(value, str):
            runs.append(Inline(value, strong, emphasis, href))
        else:
            runs.extend(
                Inline(run.text, strong or run.strong, emphasis or run.emphasis, href or run.href)
                for run in value
            )
        position = match.end()
    runs.append(Inline(text[position:], strong, emphasis, href))
    return [run for run in runs if run.text]


def _inlines(token: Token, values: Mapping[str, Value]) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    strong = emphasis = 0
    href = ""
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            href = _href_fill(str(child.attrs.get("href", "")), values)
        elif kind == "link_close":
            href = ""
        elif kind in {"text", "code_inline", "softbreak", "hardbreak", "image"}:
            text = " " if kind in {"softbreak", "hardbreak"} else child.content
            for run in _text_runs(
                text, values, strong=strong > 0, emphasis=emphasis > 0, href=href
            ):
                previous = runs[-1] if runs else None
                if previous and (previous.strong, previous.emphasis, previous.href) == (
                    run.strong,
                    run.emphasis,
                    run.href,
                ):
                    runs[-1] = Inline(previous.text + run.text, run.strong, run.emphasis, run.href)
                else:
                    runs.append(run)
    return tuple(runs)


def markdown_blocks(source: str, *, values: Mapping[str, Value]) -> tuple[Block, ...]:
    """Headings, paragraphs and bullet lists of a Markdown text, placeholders filled.

    A block (or list item) using a placeholder whose value is empty is left out.
    """
    tokens = _tokens(source)
    blocks: list[Block] = []
    items: list[tuple[Inline, ...]] = []
    depth = 0  # list nesting: paragraphs inside a list item belong to the item
    in_heading = False
    for token in tokens:
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            depth += 1
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            depth -= 1
            if depth == 0 and items:
                blocks.append(Block(kind="bullets", items=tuple(items)))
                items = []
        elif kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "inline":
            try:
                runs = _inlines(token, values)
            except _Unset:
                continue
            if not runs:
                continue
            if in_heading:
                blocks.append(Block(kind="heading", inlines=runs))
            elif depth:
                items.append(runs)
            else:
                blocks.append(Block(kind="paragraph", inlines=runs))
        elif kind in {"fence", "code_block", "html_block"}:
            raise ValueError(UNSUPPORTED_MARKDOWN.format(kind="code or HTML blocks"))
        elif kind == "table_open":
            raise ValueError(UNSUPPORTED_MARKDOWN.format(kind="tables"))
    return tuple(blocks)


def markdown_check(source: str) -> Sequence[Block]:
    """Parse a narrative as it would be used, raising ValueError if letters cannot show it."""
    return markdown_blocks(source, values={})
