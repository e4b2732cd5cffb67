"""What the statistics sections of a letter say, from one organisation's figures.

The project's own wording. Every figure goes through statistics/display.py, counted nouns agree
with their numbers, a zero denominator is said in words, and there is no average sentence where
there is no comparison group (or no average).
"""

from annual_review.letters.letter import Bar, Block, Chart, Inline, StatisticsSection
from annual_review.statistics.calculations import GroupAverages, OrganisationStatistics
from annual_review.statistics.display import format_count, format_per_100k, format_percentage

UPHELD_HEADING = "Complaints upheld"
COMPLIANCE_HEADING = "Compliance with our recommendations"
REMEDY_HEADING = "Satisfactory remedies you provided"
STATISTICS_HEADING = "Your complaint statistics for {year}"

UPHOLD_RATE = "We upheld {rate} of the complaints we investigated about you."
NO_INVESTIGATIONS = (
    "We did not complete any investigations about you in the period {period}, "
    "so there is no uphold rate to report."
)
GROUP_AVERAGE = "The average across {group} was {rate}."
PER_100K = "That is {rate} per 100,000 residents."
NO_POPULATION = (
    "We hold no population figure for your area, so there is no rate per 100,000 residents."
)
GROUP_PER_100K = "The average across {group} was {rate} per 100,000 residents."
BASIS = "These figures are based on {count} in the period {period}."

COMPLIANCE_RATE = (
    "We were satisfied that you had carried out our recommendations in {rate} of the cases "
    "we checked."
)
NO_COMPLIANCE = (
    "We did not check compliance with any of our recommendations to you in the period {period}, "
    "so there is no compliance rate to report."
)
COMPLIANCE_NOTE = (
    "In {cases} we were not satisfied that our recommendations had been carried out. Failing to "
    "comply is rare, and a compliance rate below 100% is a cause for concern: we ask you to look "
    "again at {those} through your scrutiny arrangements, and at what {it_they} about how "
    "recommendations are followed up."
)

REMEDY_RATE = (
    "In {rate} of the complaints we upheld, you had already offered a satisfactory remedy "
    "before the complaint reached us."
)
NO_UPHELD = (
    "We did not uphold any complaints about you in the period {period}, so there is no "
    "satisfactory remedy rate to report."
)

CHART_ALT = "Bar chart of the {measure}: {bars}."
AVERAGE_LABEL = "{group} average"

# Counted nouns: singular, plural.
INVESTIGATION = ("investigation", "investigations")
UPHELD_DECISION = ("upheld decision", "upheld decisions")
COMPLIANCE_OUTCOME = ("compliance outcome", "compliance outcomes")
REMEDY_DECISION = ("satisfactory remedy decision", "satisfactory remedy decisions")
CASE = ("case", "cases")
THOSE_CASES = ("that case", "those cases")
IT_THEY = ("it shows", "they show")


def noun_for(count: int, noun: tuple[str, str]) -> str:
    """The noun that agrees with a count: 1 investigation, 0 or 2 investigations."""
    return noun[0] if count == 1 else noun[1]


def counted(count: int, noun: tuple[str, str]) -> str:
    return f"{format_count(count)} {noun_for(count, noun)}"


def _sentence(template: str, **bold: str) -> tuple[Inline, ...]:
    """A sentence with its {fields} filled in bold: the figures stand out in both renderings."""
    runs: list[Inline] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        if before:
            runs.append(Inline(before))
        runs.append(Inline(bold[name], strong=True))
    if rest:
        runs.append(Inline(rest))
    return tuple(runs)


def _plain(text: str) -> tuple[Inline, ...]:
    return (Inline(text),)


def _chart(
    *,
    measure: str,
    short_name: str,
    value: float | None,
    value_text: str,
    group_label: str | None,
    group_value: float | None,
    group_text: str,
    maximum: float | None = None,
) -> Chart | None:
    if value is None:
        return None
    bars = [Bar(label=short_name, value=value, value_text=value_text)]
    if group_label and group_value is not None:
        bars.append(Bar(label=group_label, value=group_value, value_text=group_text, average=True))
    if maximum is None:
        # Scale per-100,000 figures to the larger bar, leaving room for its label.
        maximum = max(bar.value for bar in bars) * 1.25 or 1.0
    alt = CHART_ALT.format(
        measure=measure, bars=", ".join(f"{bar.label} {bar.value_text}" for bar in bars)
    )
    return Chart(measure=measure, bars=tuple(bars), maximum=maximum, alt=alt)


def _rate_chart(
    *,
    measure: str,
    attribute: str,
    row: OrganisationStatistics,
    group: GroupAverages | None,
    short_name: str,
    group_label: str | None,
) -> Chart | None:
    """The chart of one of the three proportions (0 to 1) against the group's average."""
    value = getattr(row, attribute)
    group_value = getattr(group, attribute) if group else None
    return _chart(
        measure=measure,
        short_name=short_name,
        value=value,
        value_text=format_percentage(value),
        group_label=group_label,
        group_value=group_value,
        group_text=format_percentage(group_value),
        maximum=1.0,
    )


def statistics_sections(
    *,
    row: OrganisationStatistics,
    group: GroupAverages | None,
    group_name: str,
    short_name: str,
    period_text: str,
) -> tuple[StatisticsSection, ...]:
    """The three statistics sections of one organisation's letter."""
    average_label = AVERAGE_LABEL.format(group=group_name) if group else None

    def average(value: float | None, template: str, text: str) -> list[Block]:
        if group is None or value is None:
            return []
        # Only the figure is bold: the group's name goes in first.
        sentence = template.format(group=group_name, rate="{rate}")
        return [Block("paragraph", _sentence(sentence, rate=text))]

    # Complaints upheld
    blocks: list[Block] = []
    if row.investigations:
        rate_text = format_percentage(row.uphold_rate, words=True)
        blocks.append(Block("paragraph", _sentence(UPHOLD_RATE, rate=rate_text)))
        group_rate = group.uphold_rate if group else None
        blocks += average(group_rate, GROUP_AVERAGE, format_percentage(group_rate, words=True))
    else:
        blocks.append(Block("paragraph", _plain(NO_INVESTIGATIONS.format(period=period_text))))
    blocks.append(
        Block(
            "callout",
            _plain(noun_for(row.upheld, UPHELD_DECISION)),
            figure=format_count(row.upheld),
        )
    )
    if row.upheld_per_100k is None:
        blocks.append(Block("paragraph", _plain(NO_POPULATION)))
    else:
        blocks.append(
            Block("paragraph", _plain(PER_100K.format(rate=format_per_100k(row.upheld_per_100k))))
        )
    group_per_100k = group.upheld_per_100k if group else None
    if group is not None and group_per_100k is not None:
        blocks.append(
            Block(
                "paragraph",
                _plain(
                    GROUP_PER_100K.format(group=group_name, rate=format_per_100k(group_per_100k))
                ),
            )
        )
    if row.investigations:
        blocks.append(
            Block(
                "paragraph",
                _plain(
                    BASIS.format(
                        count=counted(row.investigations, INVESTIGATION), period=period_text
                    )
                ),
            )
        )
    upheld = StatisticsSection(
        key="upheld",
        heading=UPHELD_HEADING,
        blocks=tuple(blocks),
        chart=_rate_chart(
            measure="uphold rate",
            attribute="uphold_rate",
            row=row,
            group=group,
            short_name=short_name,
            group_label=average_label,
        ),
    )

    # Compliance with recommendations
    blocks = []
    if row.compliance_outcomes:
        rate_text = format_percentage(row.compliance_rate, words=True)
        blocks.append(Block("paragraph", _sentence(COMPLIANCE_RATE, rate=rate_text)))
        group_rate = group.compliance_rate if group else None
        blocks += average(group_rate, GROUP_AVERAGE, format_percentage(group_rate, words=True))
        blocks.append(
            Block(
                "paragraph",
                _plain(
                    BASIS.format(
                        count=counted(row.compliance_outcomes, COMPLIANCE_OUTCOME),
                        period=period_text,
                    )
                ),
            )
        )
        not_complied = row.compliance_outcomes - row.counts.compliant
        if not_complied:
            blocks.append(
                Block(
                    "note",
                    _plain(
                        COMPLIANCE_NOTE.format(
                            cases=counted(not_complied, CASE),
                            those=noun_for(not_complied, THOSE_CASES),
                            it_they=noun_for(not_complied, IT_THEY),
                        )
                    ),
                )
            )
    else:
        blocks.append(Block("paragraph", _plain(NO_COMPLIANCE.format(period=period_text))))
    compliance = StatisticsSection(
        key="compliance",
        heading=COMPLIANCE_HEADING,
        blocks=tuple(blocks),
        chart=_rate_chart(
            measure="compliance rate",
            attribute="compliance_rate",
            row=row,
            group=group,
            short_name=short_name,
            group_label=average_label,
        ),
    )

    # Satisfactory remedy provided by the organisation
    blocks = []
    if row.upheld:
        rate_text = format_percentage(row.satisfactory_remedy_rate, words=True)
        blocks.append(Block("paragraph", _sentence(REMEDY_RATE, rate=rate_text)))
        group_rate = group.satisfactory_remedy_rate if group else None
        blocks += average(group_rate, GROUP_AVERAGE, format_percentage(group_rate, words=True))
        blocks.append(
            Block(
                "callout",
                _plain(noun_for(row.satisfactory_remedies, REMEDY_DECISION)),
                figure=format_count(row.satisfactory_remedies),
            )
        )
        blocks.append(
            Block(
                "paragraph",
                _plain(
                    BASIS.format(count=counted(row.upheld, UPHELD_DECISION), period=period_text)
                ),
            )
        )
    else:
        blocks.append(Block("paragraph", _plain(NO_UPHELD.format(period=period_text))))
    remedy = StatisticsSection(
        key="remedy",
        heading=REMEDY_HEADING,
        blocks=tuple(blocks),
        chart=_rate_chart(
            measure="satisfactory remedy rate",
            attribute="satisfactory_remedy_rate",
            row=row,
            group=group,
            short_name=short_name,
            group_label=average_label,
        ),
    )
    return (upheld, compliance, remedy)
