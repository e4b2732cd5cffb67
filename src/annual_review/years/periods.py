"""Reporting years: "2023-24" runs from 1 April 2023 to 31 March 2024."""

import re
from dataclasses import dataclass
from datetime import date

YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")
BAD_YEAR_LABEL = "A reporting year is written like 2023-24 (two consecutive years); got {value!r}."
# The Ombudsman began work on 1 April 1974: no reporting year is earlier. The latest is far
# enough ahead for any plan, and keeps every year's dates real (9999-00 would end in 10000).
FIRST_REPORTING_YEAR = 1974
LAST_REPORTING_YEAR = 2099
YEAR_OUT_OF_RANGE = (
    "A reporting year is one from 1974-75 (when the Ombudsman began) to 2099-00; got {value!r}."
)


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    first_year: int

    @property
    def label(self) -> str:
        return f"{self.first_year}-{(self.first_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.first_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.first_year + 1, 3, 31)

    @property
    def period_text(self) -> str:
        return f"1 April {self.first_year} to 31 March {self.first_year + 1}"

    def previous(self) -> "ReportingPeriod":
        return ReportingPeriod(self.first_year - 1)

    def __str__(self) -> str:
        return self.label


def period_parse(value: str) -> ReportingPeriod:
    match = YEAR_LABEL.match(value.strip())
    if not match:
        raise ValueError(BAD_YEAR_LABEL.format(value=value))
    first = int(match.group(1))
    if (first + 1) % 100 != int(match.group(2)):
        raise ValueError(BAD_YEAR_LABEL.format(value=value))
    if not FIRST_REPORTING_YEAR <= first <= LAST_REPORTING_YEAR:
        raise ValueError(YEAR_OUT_OF_RANGE.format(value=value))
    return ReportingPeriod(first)


def period_containing(day: date) -> ReportingPeriod:
    """The reporting year a date falls in: 31 March 2024 is in 2023-24, 1 April 2024 in 2024-25."""
    return ReportingPeriod(day.year if day.month >= 4 else day.year - 1)
