"""The statistics of the annual review, as plain functions over counts (no database here)."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Literal

GroupMethod = Literal["mean", "pooled"]
Z_95 = 1.959963984540054
PROPORTIONS = ("uphold_rate", "compliance_rate", "satisfactory_remedy_rate")


def rate(numerator: int, denominator: int) -> float | None:
    """A proportion; undefined (None), not 0, when nothing was counted."""
    return numerator / denominator if denominator else None


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95% by default); None with no trials."""
    if trials == 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    # At p = 0 (or 1) the bound is exactly 0 (or 1); floating point leaves a crumb of 1e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - margin)
    high = 1.0 if successes == trials else min(1.0, centre + margin)
    return low, high


@dataclass(frozen=True)
class Counts:
    """What was counted for one organisation in one reporting year."""

    outcomes: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    satisfactory_remedies: int = 0
    compliance_outcomes: int = 0
    compliant: int = 0

    @property
    def upheld(self) -> int:
        return self.outcomes.get("upheld", 0)

    @property
    def not_upheld(self) -> int:
        return self.outcomes.get("not_upheld", 0)

    @property
    def investigations(self) -> int:
        return self.upheld + self.not_upheld

    @property
    def decisions(self) -> int:
        return sum(self.outcomes.values())


@dataclass(frozen=True)
class OrganisationStatistics:
    organisation_id: int
    organisation_code: str
    gss_code: str
    name: str
    comparison_group: str
    counts: Counts
    population: int | None
    population_year: int | None

    @property
    def investigations(self) -> int:
        return self.counts.investigations

    @property
    def upheld(self) -> int:
        return self.counts.upheld

    @property
    def compliance_outcomes(self) -> int:
        return self.counts.compliance_outcomes

    @property
    def satisfactory_remedies(self) -> int:
        return self.counts.satisfactory_remedies

    @property
    def uphold_rate(self) -> float | None:
        return rate(self.upheld, self.investigations)

    @property
    def upheld_per_100k(self) -> float | None:
        if not self.population:
            return None
        return self.upheld / self.population * 100_000

    @property
    def compliance_rate(self) -> float | None:
        return rate(self.counts.compliant, self.compliance_outcomes)

    @property
    def satisfactory_remedy_rate(self) -> float | None:
        return rate(self.satisfactory_remedies, self.upheld)

    def interval(self, measure: str) -> tuple[float, float] | None:
        """The 95% Wilson interval of one of the three proportions."""
        successes, trials = {
            "uphold_rate": (self.upheld, self.investigations),
            "compliance_rate": (self.counts.compliant, self.compliance_outcomes),
            "satisfactory_remedy_rate": (self.satisfactory_remedies, self.upheld),
        }[measure]
        return wilson_interval(successes, trials)


@dataclass(frozen=True)
class GroupAverages:
    """A comparison group's averages and how many members each is based on."""

    group: str
    members: int
    uphold_rate: float | None
    upheld_per_100k: float | None
    compliance_rate: float | None
    satisfactory_remedy_rate: float | None
    contributing: dict[str, int] = field(default_factory=dict)


def _mean(values: Iterable[float | None]) -> tuple[float | None, int]:
    kept = [v for v in values if v is not None]
    if not kept:
        return None, 0
    # fmean can land one unit in the last place outside the members' range; keep it inside.
    return min(max(fmean(kept), min(kept)), max(kept)), len(kept)


def group_averages(
    group: str, members: Sequence[OrganisationStatistics], method: GroupMethod = "mean"
) -> GroupAverages:
    """Average the members' rates.

    "mean": the mean of members' rates, leaving out members whose denominator is zero; for the
    per-100,000 figure every member with a population counts. "pooled": group totals divided by
    group totals.
    """
    with_population = [m for m in members if m.population]
    if method == "pooled":
        upheld = sum(m.upheld for m in members)
        investigations = sum(m.investigations for m in members)
        compliant = sum(m.counts.compliant for m in members)
        outcomes = sum(m.compliance_outcomes for m in members)
        remedies = sum(m.satisfactory_remedies for m in members)
        population = sum(m.population or 0 for m in with_population)
        upheld_pop = sum(m.upheld for m in with_population)
        return GroupAverages(
            group=group,
            members=len(members),
            uphold_rate=rate(upheld, investigations),
            upheld_per_100k=(upheld_pop / population * 100_000) if population else None,
            compliance_rate=rate(compliant, outcomes),
            satisfactory_remedy_rate=rate(remedies, upheld),
            contributing={
                "uphold_rate": sum(1 for m in members if m.investigations),
                "upheld_per_100k": len(with_population),
                "compliance_rate": sum(1 for m in members if m.compliance_outcomes),
                "satisfactory_remedy_rate": sum(1 for m in members if m.upheld),
            },
        )
    uphold, n_uphold = _mean(m.uphold_rate for m in members)
    per_100k, n_pop = _mean(m.upheld_per_100k for m in with_population)
    compliance, n_compliance = _mean(m.compliance_rate for m in members)
    remedy, n_remedy = _mean(m.satisfactory_remedy_rate for m in members)
    return GroupAverages(
        group=group,
        members=len(members),
        uphold_rate=uphold,
        upheld_per_100k=per_100k,
        compliance_rate=compliance,
        satisfactory_remedy_rate=remedy,
        contributing={
            "uphold_rate": n_uphold,
            "upheld_per_100k": n_pop,
            "compliance_rate": n_compliance,
            "satisfactory_remedy_rate": n_remedy,
        },
    )
