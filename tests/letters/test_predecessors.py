"""Letters through reorganisations: a year's letters go to the councils existing on the
letter's date, and a successor's letter carries its predecessors' figures for the year."""

from datetime import date

import pytest

from annual_review.letters.predecessors import PREDECESSOR_HEADING
from annual_review.letters.render import letter_render_html, letter_render_pdf, letter_render_text
from annual_review.letters.selectors import letters_build
from annual_review.statistics.selectors import statistics_compute
from tests.imports.files import decisions_text, import_content

pytestmark = pytest.mark.django_db

CUMBERLAND_PREDECESSORS = {
    "Allerdale Borough Council": 1,
    "Carlisle City Council": 2,
    "Copeland Borough Council": 3,
    "Cumbria County Council": 4,
}


@pytest.fixture
def cumbria_2022(tmp_path):  # noqa: ANN001, ANN201
    """Upheld decisions in 2022-23 for Cumberland's predecessors: 1, 2, 3 and 4 of them."""
    rows = [
        f"22{org}{n:05d},{name},2022-10-03,,Housing,upheld,,,"
        for org, (name, upheld) in enumerate(CUMBERLAND_PREDECESSORS.items())
        for n in range(upheld)
    ]
    report = import_content(tmp_path, "decisions", decisions_text(*rows))
    assert report.ok, report.errors


def test_cumberlands_2022_23_letter_includes_its_predecessors_figures(cumbria_2022):
    """Dated after 1 April 2023, the 2022-23 letters go to Cumberland (with Allerdale's,
    Carlisle's, Copeland's and Cumbria's figures, each headed with its name) and not to the
    four abolished councils; Westmorland and Furness's letter also carries Cumbria's."""
    letters = {
        letter.organisation_code: letter
        for letter in letters_build(
            year="2022-23", stats=statistics_compute(year="2022-23"), letter_date=date(2023, 7, 20)
        )
    }
    assert not {"ALL", "CAR", "COP", "CMA", "BAR", "EDN", "SLA"} & set(letters)
    assert len(letters) == 317
    cumberland = letters["CBD"]
    headings = [section.heading for section in cumberland.sections]
    for name, upheld in CUMBERLAND_PREDECESSORS.items():
        heading = PREDECESSOR_HEADING.format(name=name, end="1 April 2023", year="2022-23")
        assert heading in headings
        section = cumberland.sections[headings.index(heading)]
        items = [item[0].text for item in section.blocks[1].items]
        assert f"Upheld: {upheld} (uphold rate 100%)" in items
    text = letter_render_text(letter=cumberland)
    assert "Cumbria County Council (abolished on 1 April 2023): figures for 2022-23" in text
    assert "Cumbria County Council (abolished on 1 April 2023)" in letter_render_html(
        letter=cumberland
    )
    assert letter_render_pdf(letter=cumberland).startswith(b"%PDF")
    westmorland = [s.heading for s in letters["WAF"].sections]
    assert any(h.startswith("Cumbria County Council") for h in westmorland)
    assert not any(h.startswith("Allerdale") for h in westmorland)


def test_letters_dated_before_the_reorganisation_go_to_the_old_councils(cumbria_2022):
    """2022-23 letters dated before 1 April 2023 go to Allerdale and the others, with their own
    figures, and not to Cumberland."""
    letters = {
        letter.organisation_code: letter
        for letter in letters_build(
            year="2022-23", stats=statistics_compute(year="2022-23"), letter_date=date(2023, 3, 20)
        )
    }
    assert {"ALL", "CAR", "COP", "CMA"} <= set(letters) and "CBD" not in letters
    assert len(letters) == 333


def test_2019_20_letters_go_to_the_councils_existing_on_their_date():
    """2019-20 letters dated July 2020: Northamptonshire and its districts get theirs;
    Aylesbury Vale, abolished on 1 April 2020, gets none and Buckinghamshire Council's letter
    carries its figures; North Northamptonshire does not exist yet."""
    letters = {
        letter.organisation_code: letter
        for letter in letters_build(
            year="2019-20", stats=statistics_compute(year="2019-20"), letter_date=date(2020, 7, 20)
        )
    }
    assert {"NTH", "COR", "KET"} <= set(letters)
    assert not {"AYL", "BKM", "NNT", "WNT"} & set(letters)
    headings = [s.heading for s in letters["BUC"].sections]
    assert any(
        h.startswith("Aylesbury Vale District Council (abolished on 1 April 2020)")
        for h in headings
    )
