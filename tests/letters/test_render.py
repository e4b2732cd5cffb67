"""Rendering: the seed letter's PDF text (acceptance), tagged PDF, HTML, and the two agreeing."""

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annual_review.casework.models import DatasetLabel
from annual_review.letters.letter import Letter
from annual_review.letters.render import (
    BY_EMAIL,
    SIGN_OFF,
    letter_render_html,
    letter_render_pdf,
)
from annual_review.letters.selectors import DEMONSTRATION_BANNER, letter_build
from tests.factories import DatasetLabelFactory
from tests.letters.conftest import SEED_DATE

pytestmark = pytest.mark.django_db

# Every figure of the seed letter, the period and the recipient (issue 3's acceptance test).
SEED_FIGURES = [
    "50%",
    "63%",
    "1 upheld decision",
    "1 per 100,000 residents",
    "1.2",
    "2 investigations",
    "100%",
    "99%",
    "1 compliance outcome",
    "0%",
    "21%",
    "0 satisfactory remedy decisions",
    "1 April 2023 to 31 March 2024",
    "Ms Hanley",
    "Interim Chief Executive",
    "Bromsgrove District Council",
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """pdftotext's reading of the PDF, without the running header and page numbers."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [
        line
        for line in text.splitlines()
        if not re.fullmatch(r"Page \d+ of \d+|.+ · Annual review letter \d{4}-\d{2}", line.strip())
    ]
    return normalise("\n".join(lines))


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in output.splitlines())
    }


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (not the <style> or <title> of its head)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in {"style", "head", "svg"}:
            self.skip += 1

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in {"style", "head", "svg"}:
            self.skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return normalise("".join(parser.parts))


def letter_paragraphs(letter: Letter) -> list[str]:
    """Every paragraph the letter says, as plain text."""
    blocks = list(letter.narrative) + list(letter.organisation_paragraph)
    blocks += [block for section in letter.sections for block in section.blocks]
    texts = []
    for block in blocks:
        for runs in block.items or (block.inlines,):
            text = "".join(run.text for run in runs)
            texts.append(normalise(f"{block.figure} {text}" if block.figure else text))
    texts += [section.heading for section in letter.sections]
    texts += [*letter.recipient.lines, letter.recipient.salutation, letter.title, letter.date_text]
    texts += [*letter.copied_to, letter.signatory.name, BY_EMAIL, SIGN_OFF]
    return [t for t in texts if t]


@pytest.fixture
def seed_letter(bromsgrove, chief_executive, seed_stats, seed_publication) -> Letter:
    return letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=SEED_DATE
    )


def test_seed_pdf_shows_every_figure_of_the_seed_letter(seed_letter, tmp_path, poppler):
    """Acceptance: pdftotext of Bromsgrove's PDF shows all the seed letter's figures."""
    text = pdf_text(letter_render_pdf(letter=seed_letter), tmp_path)
    missing = [figure for figure in SEED_FIGURES if figure not in text]
    assert missing == []


def test_pdf_is_tagged_a4_with_title_and_language(seed_letter, tmp_path, poppler):
    """PDF/UA: a structure tree, the document's language and title; A4 pages, numbered."""
    pdf = letter_render_pdf(letter=seed_letter)
    info = pdf_info(pdf, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Annual review letter 2023-24: Bromsgrove District Council"
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang (en-GB)" in pdf or b"/Lang(en-GB)" in pdf
    assert b"pdfuaid:part" in pdf  # the PDF/UA-1 identification in the XMP metadata
    pages = int(info["Pages"])
    raw = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert [f"Page {n} of {pages}" in raw for n in range(1, pages + 1)] == [True] * pages


def test_pdf_charts_carry_their_text_alternative(seed_letter):
    """Each chart is a tagged figure whose alternative text gives its figures."""
    pdf = letter_render_pdf(letter=seed_letter)
    for section in seed_letter.sections:
        assert section.chart is not None
        assert section.chart.alt.encode() in pdf


def test_same_letter_gives_the_same_pdf(seed_letter):
    """The PDF is reproducible: the letter's date is its timestamp."""
    assert letter_render_pdf(letter=seed_letter) == letter_render_pdf(letter=seed_letter)


def test_html_and_pdf_say_the_same_thing(seed_letter, tmp_path, poppler):
    """Every paragraph of the letter appears in both renderings."""
    html = html_text(letter_render_html(letter=seed_letter))
    pdf = pdf_text(letter_render_pdf(letter=seed_letter), tmp_path)
    paragraphs = letter_paragraphs(seed_letter)
    assert [p for p in paragraphs if p not in html] == []
    # A long address breaks across lines where the PDF has no space: compare without spaces.
    pdf_letters = re.sub(r"\s", "", pdf)
    assert [p for p in paragraphs if re.sub(r"\s", "", p) not in pdf_letters] == []


def test_demonstration_banner_is_in_both_renderings(bromsgrove, seed_stats, tmp_path, poppler):
    """A letter made from demonstration data says so visibly, in HTML and PDF."""
    DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO)
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert DEMONSTRATION_BANNER in html_text(letter_render_html(letter=letter))
    assert DEMONSTRATION_BANNER in pdf_text(letter_render_pdf(letter=letter), tmp_path)


def test_standalone_html_is_a_whole_accessible_page(seed_letter):
    """A page with language, title, one h1, inline CSS with print rules, labelled charts."""
    html = letter_render_html(letter=seed_letter)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<title>Annual review letter 2023-24: Bromsgrove District Council</title>" in html
    assert html.count("<h1") == 1
    assert "@media print" in html
    assert html.count('role="img"') == 3
    assert '<title id="arl-chart-upheld-title">Bar chart of the uphold rate: Bromsgrove 50%' in html
    assert '<time datetime="2024-07-17">17 July 2024</time>' in html


def test_fragment_embeds_in_another_page(seed_letter):
    """The fragment has no page furniture, starts at h2 and uses only arl- classes."""
    html = letter_render_html(letter=seed_letter, standalone=False)
    assert html.lstrip().startswith('<article class="arl-letter" lang="en-GB"')
    assert "<html" not in html and "<style" not in html and "<h1" not in html
    assert '<h2 id="arl-title"' in html
    classes = {c for attr in re.findall(r'class="([^"]*)"', html) for c in attr.split()}
    assert classes and all(c.startswith("arl-") for c in classes)


def test_text_typed_into_a_paragraph_cannot_inject_markup(
    bromsgrove, seed_stats, tmp_path, poppler
):
    """HTML and Typst syntax in editable content come out as the characters typed."""
    from annual_review.letters.models import OrganisationParagraph

    typed = 'Watch <script>alert("x")</script> and #pagebreak() $x$ [link] *'
    OrganisationParagraph.objects.create(
        organisation=bromsgrove, reporting_year="2023-24", body=typed.replace("*", "\\*")
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    html = letter_render_html(letter=letter)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert typed in pdf_text(letter_render_pdf(letter=letter), tmp_path)


def test_characters_the_font_cannot_draw_do_not_stop_the_pdf(
    bromsgrove, seed_stats, tmp_path, poppler, caplog
):
    """PDF/UA refuses undrawable text: such characters become "?" in the PDF (and are logged).

    Accents, Welsh letters, dashes, curly quotes and the euro sign are in the shipped font and
    kept; the HTML keeps everything.
    """
    from annual_review.letters.glyphs import REPLACEMENT
    from annual_review.letters.models import OrganisationParagraph

    OrganisationParagraph.objects.create(
        organisation=bromsgrove, reporting_year="2023-24", body="Café Ŵ — “quoted” € 中 ✓"
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    with caplog.at_level("WARNING", logger="annual_review.letters.glyphs"):
        pdf = letter_render_pdf(letter=letter)
    assert f"Café Ŵ — “quoted” € {REPLACEMENT} {REPLACEMENT}" in pdf_text(pdf, tmp_path)
    assert "✓中" in caplog.text
    assert "Café Ŵ — “quoted” € 中 ✓" in html_text(letter_render_html(letter=letter))


LETTER_ADDRESSES = (
    "https://councils.example.org/councils/bromsgrove/2023-24/",
    "https://councils.example.org/monitoring-officers/register/",
    "https://survey.example.org/ombudsman-service/",
    "mailto:annual-review@example.org",
)


def test_every_address_is_a_working_link_in_the_pdf_and_the_html(seed_letter):
    """The council's page, the registration page, the survey and the email are links in both."""
    pdf = letter_render_pdf(letter=seed_letter)
    html = letter_render_html(letter=seed_letter)
    for address in LETTER_ADDRESSES:
        assert f"/URI ({address})".encode() in pdf or f"/URI({address})".encode() in pdf, address
        assert f'href="{address}"' in html, address


def test_pdf_names_the_publication_date_the_site_and_the_signatory(seed_letter, tmp_path, poppler):
    """Acceptance: the publication day and site, signed by the configured signatory under the
    organisation's letterhead, with every section of the seed letter."""
    text = pdf_text(letter_render_pdf(letter=seed_letter), tmp_path)
    assert text.startswith("Local Government and Social Care Ombudsman 17 July 2024")
    assert "on 24 July 2024" in text and "Your council's performance" in text
    assert "Yours sincerely Alex Example Local Government and Social Care Ombudsman" in text
    for heading in (
        "What the figures show",
        "Comparing similar authorities",
        "Publication",
        "Complaint handling and training",
        "Your view of our service",
        "Complaints upheld",
        "Compliance with our recommendations",
        "Satisfactory remedies you provided",
    ):
        assert heading in text, heading


def test_standalone_html_fetches_the_letters_font_from_the_site(seed_letter):
    """The standalone letter names the site's copy of its font, by absolute address; the
    fragment (on the site, beside letter-fonts.css) carries no font rules of its own."""
    html = letter_render_html(letter=seed_letter)
    assert seed_letter.fonts_url == "https://councils.example.org/static/letters/fonts/"
    assert (
        'url("https://councils.example.org/static/letters/fonts/LiberationSans-Regular.ttf")'
        in html
    )
    assert 'url("fonts/' not in html
    assert "@font-face" not in letter_render_html(letter=seed_letter, standalone=False)
