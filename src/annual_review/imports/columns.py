"""Columns of an import file and the parsers that turn their text into values."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

Parser = Callable[[str], Any]

REQUIRED = "a value is required"
TOO_LONG = "is longer than {limit} characters"
FORMULA = "starts like a spreadsheet formula (=, +, -, @); remove the leading character"
BAD_DATE = "is not a date (use YYYY-MM-DD or DD/MM/YYYY)"
IMPOSSIBLE_DATE = "is not a real date"
BAD_YES_NO = "must be yes or no"
BAD_CHOICE = "is not one of: {choices}"
BAD_INTEGER = "is not a whole number"
NEGATIVE = "must not be negative"
BAD_AMOUNT = "is not an amount in pounds (e.g. 250 or 1,250.50)"
BAD_EMAIL = "is not an email address"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def header_normalise(header: str) -> str:
    """Header names are case-insensitive; spaces and hyphens count as underscores."""
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").casefold())


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    max_length: int = 200
    aliases: tuple[str, ...] = field(default_factory=tuple)


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula (CSV injection); signed numbers are fine."""
    return bool(text) and text[0] in FORMULA_STARTS and not _NUMBER.match(text)


class DateParser:
    """Dates as YYYY-MM-DD or DD/MM/YYYY, remembered because files repeat the same dates."""

    def __init__(self) -> None:
        self._seen: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        found = self._seen.get(text)
        if found is not None:
            return found
        match = _ISO.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
        else:
            match = _UK.match(text)
            if not match:
                raise ValueError(BAD_DATE)
            d, m, y = (int(g) for g in match.groups())
        try:
            found = date(y, m, d)
        except ValueError:
            raise ValueError(IMPOSSIBLE_DATE) from None
        self._seen[text] = found
        return found


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def parse_yes_no(text: str) -> bool:
    folded = text.casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(BAD_YES_NO)


def choice_parser(choices: dict[str, str]) -> Parser:
    """Accept a choice's value or its label, in any case: "not_upheld" or "Not upheld"."""
    lookup: dict[str, str] = {}
    for value, label in choices.items():
        for form in (value, label, value.replace("_", " ")):
            lookup[form.casefold()] = value
    allowed = ", ".join(choices)

    def parse(text: str) -> str:
        found = lookup.get(text.casefold())
        if found is None:
            raise ValueError(BAD_CHOICE.format(choices=allowed))
        return found

    return parse


def parse_text(text: str) -> str:
    return text


def parse_count(text: str) -> int:
    cleaned = text.replace(",", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(BAD_INTEGER)
    value = int(cleaned)
    if value < 0:
        raise ValueError(NEGATIVE)
    return value


def parse_amount(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("£", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(BAD_AMOUNT) from None
    if not value.is_finite():
        raise ValueError(BAD_AMOUNT)
    if value < 0:
        raise ValueError(NEGATIVE)
    return value.quantize(Decimal("0.01"))


def parse_email(text: str) -> str:
    if not _EMAIL.match(text):
        raise ValueError(BAD_EMAIL)
    return text
