"""The letter's section for councils its organisation succeeded: their figures for the year,
each clearly labelled with the council's name and the day it was abolished."""

from datetime import date

from annual_review.letters.letter import Block, Inline, StatisticsSection
from annual_review.statistics.calculations import OrganisationStatistics
from annual_review.statistics.display import format_count, format_per_100k, format_percentage

PREDECESSOR_HEADING = "{name} (abolished on {end}): figures for {year}"
PREDECESSOR_INTRO = (
    "{name} existed during {year} and was succeeded by {successor} on {end}. These are its "
    "figures for the year; it receives no letter of its own."
)
NEW_ORGANISATION = (
    "{successor} came into being on {start}, after {year} ended, so it has no figures of its "
    "own for the year. The figures below are those of the councils it succeeded."
)
PREDECESSOR_INVESTIGATIONS = "Detailed investigations: {count}"
PREDECESSOR_UPHELD = "Upheld: {count} (uphold rate {rate})"
PREDECESSOR_PER_100K = "Upheld decisions per 100,000 residents: {rate}"
PREDECESSOR_NO_POPULATION = (
    "Upheld decisions per 100,000 residents: not given, as we hold no population estimate "
    "for its area for {year}"
)
PREDECESSOR_COMPLIANCE = "Compliance with our recommendations: {rate} of {count} checked"
PREDECESSOR_REMEDIES = "Satisfactory remedies already offered: {rate} of upheld complaints"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _item(text: str) -> tuple[Inline, ...]:
    return (Inline(text),)


def new_organisation_section(*, successor: str, start: date, year: str) -> StatisticsSection:
    """The opening of a letter to an organisation that did not exist during the year."""
    text = NEW_ORGANISATION.format(successor=successor, start=_day(start), year=year)
    return StatisticsSection(
        key="new-organisation",
        heading=successor,
        blocks=(Block("paragraph", _item(text)),),
        chart=None,
    )


def predecessor_section(
    *, row: OrganisationStatistics, end: date, successor: str, year: str, code: str
) -> StatisticsSection:
    """One predecessor's figures for the year, headed with its name and its end."""
    items = [
        _item(PREDECESSOR_INVESTIGATIONS.format(count=format_count(row.investigations))),
        _item(
            PREDECESSOR_UPHELD.format(
                count=format_count(row.upheld), rate=format_percentage(row.uphold_rate)
            )
        ),
        _item(
            PREDECESSOR_NO_POPULATION.format(year=year)
            if row.upheld_per_100k is None
            else PREDECESSOR_PER_100K.format(rate=format_per_100k(row.upheld_per_100k))
        ),
        _item(
            PREDECESSOR_COMPLIANCE.format(
                rate=format_percentage(row.compliance_rate),
                count=format_count(row.compliance_outcomes),
            )
        ),
        _item(PREDECESSOR_REMEDIES.format(rate=format_percentage(row.satisfactory_remedy_rate))),
    ]
    intro = PREDECESSOR_INTRO.format(name=row.name, year=year, successor=successor, end=_day(end))
    return StatisticsSection(
        key=f"predecessor-{code.lower()}",
        heading=PREDECESSOR_HEADING.format(name=row.name, end=_day(end), year=year),
        blocks=(Block("paragraph", _item(intro)), Block("bullets", items=tuple(items))),
        chart=None,
    )
