"""The measures the public pages show (uphold rate, per 100,000, compliance, remedies): their
wording, formatting, the small-number rule and the uncertainty sentence."""

from collections.abc import Callable
from dataclasses import dataclass

from annual_review.statistics.calculations import OrganisationStatistics
from annual_review.statistics.display import format_count, format_per_100k, format_percentage

# Figures based on fewer cases than this are not coloured on the map: with so few, chance alone
# moves them a long way (the council's page still shows them, with their uncertainty). For the
# figure per 100,000 residents the cases are the upheld decisions: one upheld decision among the
# Isles of Scilly's 2,226 residents is 44.9 per 100,000, which says nothing about the council.
MINIMUM_CASES = 10


# Below this many cases the uncertainty sentence says the figure "could easily" be far off.
SMALL_COUNT = 30


NOT_ENOUGH_CASES = "Too few cases"


NO_DATA = "No data"


@dataclass(frozen=True)
class Measure:
    """One figure the map can be coloured by."""

    key: str
    label: str
    explanation: str
    percentage: bool
    basis_one: str
    basis_many: str
    trials: Callable[[OrganisationStatistics], int]
    # The map legend's reading of its colours, lightest first.
    direction: str
    # Coloured against councils of the same comparison group rather than on one scale for
    # England (see MapPage and docs/METHODOLOGY.md, "The map").
    within_group: bool = False

    def value(self, row: OrganisationStatistics) -> float | None:
        return getattr(row, self.key)

    def format(self, value: float | None) -> str:
        return format_percentage(value) if self.percentage else format_per_100k(value)

    def basis(self, count: int) -> str:
        return f"{format_count(count)} {self.basis_one if count == 1 else self.basis_many}"

    def __reduce__(self) -> tuple[Callable[[str], "Measure"], tuple[str]]:
        # Pickled by name (values go into Django's cache): `trials` is a lambda.
        return _measure_named, (self.key,)


def _measure_named(key: str) -> Measure:
    return MEASURES[key]


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "uphold_rate",
            "Uphold rate",
            "Of the complaints investigated in detail, the share where the council was at fault.",
            True,
            "investigation",
            "investigations",
            lambda r: r.investigations,
            "Lighter: a smaller share upheld. Darker: a larger share upheld.",
        ),
        Measure(
            "upheld_per_100k",
            "Upheld decisions per 100,000 residents",
            "Upheld decisions for every 100,000 people living in the area.",
            False,
            "upheld decision",
            "upheld decisions",
            lambda r: r.upheld,
            "Lighter: fewer upheld decisions per resident than councils of the same kind. "
            "Darker: more.",
            within_group=True,
        ),
        Measure(
            "compliance_rate",
            "Compliance rate",
            "Of the cases where the Ombudsman checked whether the council did what it "
            "recommended, the share where it had (on time or late).",
            True,
            "compliance outcome",
            "compliance outcomes",
            lambda r: r.compliance_outcomes,
            "Lighter: complied less often. Darker: complied more often.",
        ),
        Measure(
            "satisfactory_remedy_rate",
            "Satisfactory remedy rate",
            "Of the upheld cases, the share where the council had already put things right "
            "before the complaint reached the Ombudsman.",
            True,
            "upheld investigation",
            "upheld investigations",
            lambda r: r.upheld,
            "Lighter: fewer already put right. Darker: more already put right.",
        ),
    )
}


DEFAULT_MEASURE = "uphold_rate"


KEY_MEASURES = ("uphold_rate", "compliance_rate", "satisfactory_remedy_rate")


def measure_enough(measure: Measure, row: OrganisationStatistics) -> bool:
    """Whether the map colours the row's figure: it has one, based on enough cases."""
    return measure.trials(row) >= MINIMUM_CASES and measure.value(row) is not None


def uncertainty_text(
    *, successes: int, trials: int, measure: Measure, interval: tuple[float, float] | None
) -> str:
    """The 95% Wilson interval in plain English, blunter when the count is small."""
    if trials == 0 or interval is None:
        return f"There were no {measure.basis_many} this year, so there is no rate."
    low = format_percentage(interval[0], words=True)
    high = format_percentage(interval[1], words=True)
    basis = measure.basis(trials)
    if trials < SMALL_COUNT:
        return f"Based on {basis}, so this could easily be anywhere between {low} and {high}."
    return (
        f"Based on {basis}. Allowing for chance, the underlying rate is probably "
        f"between {low} and {high}."
    )
