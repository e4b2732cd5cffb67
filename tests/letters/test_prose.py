"""Narrative Markdown: what letters can show, placeholders, and no way to inject markup."""

import pytest

from annual_review.letters.letter import Block, Inline
from annual_review.letters.prose import UNSUPPORTED_MARKDOWN, markdown_blocks, placeholders_fill
from annual_review.letters.services import EMPTY_NARRATIVE, narrative_check


def test_headings_paragraphs_lists_emphasis_and_links():
    """The Markdown a narrative needs becomes the letter's blocks."""
    source = (
        "## News\n\nA *new* code\nfor **complaints**.\n\n"
        "- one [link](https://example.org/code)\n- two\n"
    )
    assert markdown_blocks(source, values={}) == (
        Block("heading", (Inline("News"),)),
        Block(
            "paragraph",
            (
                Inline("A "),
                Inline("new", emphasis=True),
                Inline(" code for "),
                Inline("complaints", strong=True),
                Inline("."),
            ),
        ),
        Block(
            "bullets",
            items=(
                (Inline("one "), Inline("link", href="https://example.org/code")),
                (Inline("two"),),
            ),
        ),
    )


def test_known_placeholders_are_filled_and_others_left_alone():
    """{year} is filled; {unknown} and stray braces are kept as written."""
    assert placeholders_fill("{year} {unknown} {", {"year": "2023-24"}) == "2023-24 {unknown} {"


def test_html_in_a_narrative_stays_text():
    """Raw HTML is never passed through: it is shown as the characters typed."""
    (block,) = markdown_blocks("Hello <script>alert(1)</script>", values={})
    assert block.inlines == (Inline("Hello <script>alert(1)</script>"),)


def test_unsafe_link_targets_are_not_links():
    """javascript: links are refused by the parser and stay plain text."""
    (block,) = markdown_blocks("[click](javascript:alert(1))", values={})
    assert all(run.href == "" for run in block.inlines)


def test_code_blocks_are_refused():
    """A letter has no place for code: the narrative is refused with a reason."""
    with pytest.raises(ValueError) as error:
        markdown_blocks("```\ncode\n```\n", values={})
    assert str(error.value) == UNSUPPORTED_MARKDOWN.format(kind="code or HTML blocks")


def test_an_empty_narrative_is_refused():
    """A year's narrative needs at least one paragraph."""
    with pytest.raises(ValueError) as error:
        narrative_check(year="2023-24", body="  \n")
    assert str(error.value) == EMPTY_NARRATIVE
