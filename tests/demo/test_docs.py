"""docs/DATA.md documents the demo's commands and options, and says the data are not real."""

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
    parser = DemoCommand().create_parser("annual-review", "demo")
    options = {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and action.dest not in {"help", "version", "verbosity"}
    }
    own = {"--no-serve", "--fresh", "--port", "--years", "--councils"}
    assert own <= options
    for option in own:
        assert option in text, option
    assert "generated, not real" in text.casefold()
