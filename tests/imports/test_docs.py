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
