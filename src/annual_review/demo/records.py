"""The demonstration dataset's records as the generator makes them (not yet stored): councils,
decisions, recommendations, compliance outcomes and contacts, ready to be written as import files."""

from dataclasses import dataclass, field
from datetime import date

from annual_review.years.periods import ReportingPeriod


@dataclass(frozen=True)
class DemoCouncil:
    """A council of the register, as the generator needs it."""

    code: str
    name: str
    type: str
    population: int
    # Its lifetime (None: before 2019-20 / still existing); a year has the councils of its time.
    start: date | None = None
    end: date | None = None

    def existed_in(self, period: ReportingPeriod) -> bool:
        return (self.start is None or self.start <= period.end) and (
            self.end is None or self.end > period.start
        )


@dataclass
class DemoDecision:
    council: DemoCouncil
    category: str
    decision_date: date
    outcome: str = ""
    satisfactory_remedy: bool = False
    public_report: bool = False
    received_date: date | None = None
    reference: str = ""
    summary: str = ""
    exact: bool = False


@dataclass(frozen=True)
class DemoRecommendation:
    reference: str
    kind: str
    description: str
    due_date: date
    amount: int | None


@dataclass(frozen=True)
class DemoCompliance:
    reference: str
    outcome_date: date
    outcome: str


@dataclass
class DemoDataset:
    """The generated records, ready to be written as import files."""

    decisions: list[DemoDecision] = field(default_factory=list)
    recommendations: list[DemoRecommendation] = field(default_factory=list)
    compliance: list[DemoCompliance] = field(default_factory=list)
    contacts: list[tuple[str, ...]] = field(default_factory=list)
