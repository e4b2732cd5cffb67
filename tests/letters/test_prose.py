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


def test_block_using_an_unset_placeholder_is_left_out():
    """A paragraph or list item whose placeholder has no value goes; the rest stays."""
    source = "Kept {year}.\n\nGone on {publication_date}.\n\n- kept\n- gone {contact}\n"
    blocks = markdown_blocks(
        source, values={"year": "2023-24", "publication_date": "", "contact": ()}
    )
    assert [b.kind for b in blocks] == ["paragraph", "bullets"]
    assert blocks[0].inlines == (Inline("Kept 2023-24."),)
    assert blocks[1].items == ((Inline("kept"),),)


def test_linked_placeholder_values_become_links_in_text_and_destinations():
    """A link value is spliced in as a link; in a Markdown link destination it gives the href."""
    site = (Inline("https://example.org/", href="https://example.org/"),)
    (bare,) = markdown_blocks("See **{site_url}** now.", values={"site_url": site})
    assert bare.inlines == (
        Inline("See "),
        Inline("https://example.org/", strong=True, href="https://example.org/"),
        Inline(" now."),
    )
    (named,) = markdown_blocks("[our site]({site_url})", values={"site_url": site})
    assert named.inlines == (Inline("our site", href="https://example.org/"),)
    assert markdown_blocks("[our site]({site_url})", values={"site_url": ()}) == ()
