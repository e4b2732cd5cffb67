"""Columns of an import file and the parsers that turn their text into values."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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
SEVERAL_EMAILS = "holds more than one email address; give one address per row"
NOT_ASCII_DIGITS = "holds digits other than 0-9 ({digit}, U+{code:04X}); type the number with 0-9"
UNDERSCORE_NUMBER = "is not a number: write it without '_' (1000 or 1,000)"
EXPONENT_NUMBER = "is not written as a plain number (no exponent such as 1e30)"
SUB_PENNY = "has fractions of a penny; give at most two decimal places"
AMOUNT_TOO_LARGE = "is more than {limit}, the largest amount that can be stored"
COUNT_TOO_LARGE = "is more than {limit:,}, the largest whole number that can be stored"
DATE_TOO_EARLY = "is before {earliest} ({why})"
DATE_TOO_LATE = "is after {latest} ({why})"
EXCEL_SERIAL = (
    "looks like an Excel serial date (it would be {day}); format the cells as dates "
    "or write YYYY-MM-DD"
)
BAD_REFERENCE = (
    "a reference may hold only letters A-Z, digits, single spaces, '-', '_' and '.' "
    "(never '..'), and starts and ends with a letter or digit"
)

# What the database columns hold (Recommendation.amount: 12 digits, 2 decimal places;
# PositiveIntegerField: at most 2**31 - 1 on every database Django supports).
AMOUNT_MAX = Decimal("9999999999.99")
COUNT_MAX = 2**31 - 1
# The Local Government Ombudsman (the Commission for Local Administration in England) was
# created by the Local Government Act 1974 and began work on 1 April 1974; no record of ours
# can be older.
OMBUDSMAN_START = date(1974, 4, 1)
OMBUDSMAN_WHY = "the Ombudsman began work on 1 April 1974"
# Excel's day 0 (serial dates count days from here, with its 1900 leap-year quirk absorbed).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL = re.compile(r"^[0-9]{5}(\.[0-9]+)?$")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
# Plain ASCII digits only: Python's int() and Decimal() also read full-width and Arabic-Indic
# digits and underscores, which no spreadsheet writes and a person would not recognise.
_COUNT = re.compile(r"^[0-9][0-9,]*$")
_AMOUNT = re.compile(r"^[0-9][0-9,]*(\.[0-9]+)?$|^\.[0-9]+$")
_REFERENCE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]| (?! ))*(?<=[A-Za-z0-9])$")


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


def days_ahead(days: int) -> Callable[[], date]:
    """The latest date of a range that moves with the calendar: today plus `days`."""
    return lambda: date.today() + timedelta(days=days)


class DateParser:
    """Dates as YYYY-MM-DD or DD/MM/YYYY, within a range, remembered because files repeat them.

    `earliest` is a fixed date; `latest` is worked out when an import starts (e.g. tomorrow),
    and `why_late` says why later dates are refused.
    """

    def __init__(
        self,
        *,
        earliest: date = OMBUDSMAN_START,
        latest: Callable[[], date] | None = None,
        why_late: str = "tomorrow is the latest date a record can have",
    ) -> None:
        self.earliest = earliest
        self.latest = latest or days_ahead(1)
        self.why_late = why_late
        self._seen: dict[str, date] = {}
        self._latest_day = self.latest()

    def __call__(self, text: str) -> date:
        found = self._seen.get(text)
        if found is not None:
            return found
        latest = self.latest()
        if latest != self._latest_day or len(self._seen) > 100_000:
            # A new day moves the range; a long-running worker must not grow without end.
            self._seen.clear()
            self._latest_day = latest
        match = _ISO.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
        else:
            match = _UK.match(text)
            if not match:
                raise ValueError(_date_refusal(text))
            d, m, y = (int(g) for g in match.groups())
        try:
            found = date(y, m, d)
        except ValueError:
            raise ValueError(IMPOSSIBLE_DATE) from None
        if found < self.earliest:
            if self.earliest == OMBUDSMAN_START:
                why = OMBUDSMAN_WHY
            else:
                why = "the earliest date accepted here"
            raise ValueError(DATE_TOO_EARLY.format(earliest=self.earliest, why=why))
        if found > latest:
            raise ValueError(DATE_TOO_LATE.format(latest=latest, why=self.why_late))
        self._seen[text] = found
        return found


def _date_refusal(text: str) -> str:
    """Why a text is not a date; an Excel serial number (45078) is named as one."""
    if _EXCEL_SERIAL.match(text):
        day = _EXCEL_EPOCH + timedelta(days=int(float(text)))
        return EXCEL_SERIAL.format(day=day.isoformat())
    return BAD_DATE


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


def _number_refusal(text: str, default: str) -> str:
    """Why a text is not a plain number: foreign digits, underscores, exponents, or `default`."""
    for character in text:
        if character.isdigit() and not "0" <= character <= "9":
            return NOT_ASCII_DIGITS.format(digit=character, code=ord(character))
    if "_" in text:
        return UNDERSCORE_NUMBER
    if re.match(r"^[0-9.]+[eE][+-]?[0-9]+$", text):
        return EXPONENT_NUMBER
    return default


def parse_count(text: str) -> int:
    cleaned = text.replace(",", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if cleaned.startswith("-") and _COUNT.match(cleaned[1:]):
        raise ValueError(NEGATIVE)
    if not _COUNT.match(cleaned):
        raise ValueError(_number_refusal(text, BAD_INTEGER))
    value = int(cleaned)
    if value > COUNT_MAX:
        raise ValueError(COUNT_TOO_LARGE.format(limit=COUNT_MAX))
    return value


def parse_amount(text: str) -> Decimal:
    cleaned = text.replace("£", "").strip()
    if cleaned.startswith("-") and _AMOUNT.match(cleaned[1:]):
        raise ValueError(NEGATIVE)
    if not _AMOUNT.match(cleaned):
        raise ValueError(_number_refusal(cleaned, BAD_AMOUNT))
    value = Decimal(cleaned.replace(",", ""))
    pence = value.quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    if pence != value:
        raise ValueError(SUB_PENNY)
    if pence > AMOUNT_MAX:
        raise ValueError(AMOUNT_TOO_LARGE.format(limit=f"£{AMOUNT_MAX:,}"))
    return pence


def parse_email(text: str) -> str:
    """One email address, as Django's EmailField would accept it (and sending can use)."""
    if any(separator in text for separator in ",;") or any(c.isspace() for c in text):
        parts = [p for p in re.split(r"[,;\s]+", text) if p]
        if len(parts) > 1 and all(_EMAIL.match(p) for p in parts):
            raise ValueError(SEVERAL_EMAILS)
        raise ValueError(BAD_EMAIL)
    if not _EMAIL.match(text):
        raise ValueError(BAD_EMAIL)
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(BAD_EMAIL) from None
    return text


def parse_reference(text: str) -> str:
    """A case reference, safe in an address: ASCII letters, digits, single spaces, - _ ."""
    if ".." in text or not _REFERENCE.match(text):
        raise ValueError(BAD_REFERENCE)
    return text


def references_valid(references: list[str]) -> bool:
    """Whether every text of a column is a valid reference (a whole column at a time)."""
    match = _REFERENCE.match
    return all(map(match, references)) and not any(".." in text for text in references)
