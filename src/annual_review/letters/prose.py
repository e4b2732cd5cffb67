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

# The names a narrative may use in braces, e.g. "the year ending {year_end}".
PLACEHOLDERS = {
    "year": "the reporting year, e.g. 2023-24",
    "year_end": "the last day of the reporting year, e.g. 31 March 2024",
    "period": "the reporting period, e.g. 1 April 2023 to 31 March 2024",
    "organisation": "the organisation's name",
    "ombudsman": "the Ombudsman's organisation name (settings)",
    "comparison_group": "the organisation's comparison group, e.g. District Councils",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
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


def placeholders_fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known {name}s; anything else in braces is left as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _inlines(token: Token, values: Mapping[str, str]) -> tuple[Inline, ...]:
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
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = ""
        elif kind in {"text", "code_inline", "softbreak", "hardbreak", "image"}:
            text = " " if kind in {"softbreak", "hardbreak"} else child.content
            text = placeholders_fill(text, values)
            run = Inline(text=text, strong=strong > 0, emphasis=emphasis > 0, href=href)
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


def markdown_blocks(source: str, *, values: Mapping[str, str]) -> tuple[Block, ...]:
    """Headings, paragraphs and bullet lists of a Markdown text, placeholders filled."""
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
            runs = _inlines(token, values)
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
