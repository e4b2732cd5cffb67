"""docs/DATA.md documents the demo's commands and options, and says the data are not real."""

import re
from pathlib import Path

from annual_review.demo.management.commands.demo import Command as DemoCommand

DATA_MD = Path(__file__).resolve().parents[2] / "docs" / "DATA.md"


def test_every_demo_command_and_option_is_documented() -> None:
    """Each command line a person types for the demo appears in docs/DATA.md."""
    text = DATA_MD.read_text(encoding="utf-8")
    for command in (
        "annual-review demo",
        "annual-review serve",
        "annual-review generate decisions",
    ):
        assert command in text
    usage = DemoCommand().create_parser("annual-review", "demo").format_help()
    options = set(re.findall(r"--[a-z][a-z-]*", usage))
    own = {"--no-serve", "--fresh", "--port", "--years", "--councils"}
    assert own <= options
    for option in own:
        assert option in text, option
    assert "generated, not real" in text.casefold()
