"""A council's place in time on its page: when it began or was abolished, the councils before
and after it, its county or its districts, and why a figure per 100,000 may be missing."""

from dataclasses import dataclass, field
from datetime import date

from annual_review.register.models import Organisation, Population
from annual_review.years.periods import ReportingPeriod

ABOLISHED = "Abolished on {day}, succeeded by {successors}."
STARTED = "Began on {day}, succeeding {predecessors}."
NO_POPULATION_ANY = (
    "We hold no population estimate for this council's area, so it has no figure per 100,000 "
    "residents."
)
NO_POPULATION_ABOLISHED = (
    "This council was abolished on {day} and the population estimates we hold do not cover "
    "its area, so it has no figure per 100,000 residents."
)
NO_POPULATION_YET = (
    "Our earliest population estimate for this council's area is for mid-{earliest}, after "
    "{year} began, so there is no figure per 100,000 residents for {year}."
)


@dataclass(frozen=True)
class CouncilLink:
    """A council the page mentions; `linked` only where it has a page (a published year in its
    lifetime: Suffolk Coastal, abolished in April 2019, has none)."""

    name: str
    slug: str
    ended: str = ""
    linked: bool = True


@dataclass(frozen=True)
class CouncilLifetime:
    """What the page says about the council through time (empty lists where nothing applies)."""

    started: str = ""
    ended: str = ""
    successors: list[CouncilLink] = field(default_factory=list)
    predecessors: list[CouncilLink] = field(default_factory=list)
    county: CouncilLink | None = None
    districts: list[CouncilLink] = field(default_factory=list)
    population_note: str = ""

    @property
    def abolished_text(self) -> str:
        if not self.ended:
            return ""
        return ABOLISHED.format(day=self.ended, successors=_names(self.successors))

    @property
    def started_text(self) -> str:
        if not self.started or not self.predecessors:
            return ""
        return STARTED.format(day=self.started, predecessors=_names(self.predecessors))


def _names(links: list[CouncilLink]) -> str:
    names = [link.name for link in links]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _link(organisation: Organisation, years: list[str]) -> CouncilLink:
    linked = bool(council_years(organisation_id=organisation.id, years=years))
    return CouncilLink(organisation.name, organisation.slug, _day(organisation.end_date), linked)


def council_years(*, organisation_id: int, years: list[str]) -> list[str]:
    """The reporting years (labels, as given) during which the organisation existed."""
    in_years = Organisation.objects.filter(id=organisation_id)
    return [
        label for label in years if in_years.in_period(ReportingPeriod(int(label[:4]))).exists()
    ]


def council_lifetime_build(
    *, organisation_id: int, period: ReportingPeriod, has_population: bool, years: list[str]
) -> CouncilLifetime:
    """The council's lifetime as its page for `period` shows it; `years` are the published
    years (a council mentioned is linked only if it has a page in one of them)."""
    organisation = Organisation.objects.select_related("parent").get(id=organisation_id)
    county = organisation.parent
    districts = organisation.children.in_period(period).order_by("name")
    return CouncilLifetime(
        started=_day(organisation.start_date),
        ended=_day(organisation.end_date),
        successors=[_link(o, years) for o in organisation.successors.order_by("name")],
        predecessors=[_link(o, years) for o in organisation.predecessors.order_by("name")],
        county=_link(county, years) if county is not None else None,
        districts=[_link(o, years) for o in districts],
        population_note="" if has_population else _population_note(organisation, period),
    )


def _population_note(organisation: Organisation, period: ReportingPeriod) -> str:
    years = sorted(
        Population.objects.filter(organisation=organisation).values_list("year", flat=True)
    )
    if years:
        return NO_POPULATION_YET.format(earliest=years[0], year=period.label)
    if organisation.end_date is not None:
        return NO_POPULATION_ABOLISHED.format(day=_day(organisation.end_date))
    return NO_POPULATION_ANY
