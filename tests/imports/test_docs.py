"""docs/DATA.md documents every import kind and every column, as the code defines them."""

from pathlib import Path

import pytest

from annual_review.imports.kinds import IMPORT_KINDS

DATA_DOC = Path(__file__).resolve().parents[2] / "docs" / "DATA.md"


@pytest.mark.parametrize("kind", sorted(IMPORT_KINDS))
def test_every_column_of_every_kind_is_documented(kind):
    """Each kind has its own section, listing each of its columns."""
    text = DATA_DOC.read_text(encoding="utf-8")
    heading = f"## `{kind}"
    assert heading in text
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    for column in IMPORT_KINDS[kind].columns:
        assert f"`{column.name}`" in section, column.name


def test_the_documented_ranges_are_the_ones_the_code_checks():
    """The limits stated in docs/DATA.md are the constants the checks use."""
    from annual_review.imports.columns import AMOUNT_MAX, COUNT_MAX, OMBUDSMAN_START
    from annual_review.imports.kinds.register import (
        POPULATION_FIRST_YEAR,
        POPULATION_MAX,
        POPULATION_MIN,
    )
    from annual_review.imports.tables import XLSX_MAX_RATIO, XLSX_MAX_UNPACKED
    from annual_review.years.periods import FIRST_REPORTING_YEAR, LAST_REPORTING_YEAR

    text = " ".join(DATA_DOC.read_text(encoding="utf-8").split())
    assert f"no date is before {OMBUDSMAN_START:%-d %B %Y}" in text
    assert f"amounts at most £{AMOUNT_MAX:,}" in text
    assert f"whole numbers at most {COUNT_MAX:,}" in text
    assert f"from {POPULATION_FIRST_YEAR} to the current year" in text
    assert f"from {POPULATION_MIN:,} to {POPULATION_MAX:,}" in text
    assert f"more than {XLSX_MAX_UNPACKED // 1024**3} GiB in all" in text
    assert f"more than {XLSX_MAX_RATIO} times its packed size" in text
    first, last = FIRST_REPORTING_YEAR, LAST_REPORTING_YEAR
    assert f"from {first}-{(first + 1) % 100:02d} to {last}-{(last + 1) % 100:02d}" in text
