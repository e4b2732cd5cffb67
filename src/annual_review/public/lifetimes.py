"""A council's place in time on its page: when it began or was abolished, the councils before
and after it, its county or its districts, and why a figure per 100,000 may be missing."""

from dataclasses import dataclass, field
from datetime import date

from annual_review.register.models import Organisation, Population
from annual_review.web.caching import cached_value
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


@dataclass(frozen=True)
class _Member:
    """What a council page says of an organisation of the register."""

    name: str
    slug: str
    start_date: date | None
    end_date: date | None
    parent_id: int | None


@dataclass(frozen=True)
class _Register:
    """The register's organisations and links, in name order, read once per site version for
    every council page (three queries instead of several for each council mentioned)."""

    members: dict[int, _Member]
    successors: dict[int, list[int]]
    predecessors: dict[int, list[int]]
    children: dict[int, list[int]]
    population_years: dict[int, list[int]]


def _register() -> _Register:
    def build() -> _Register:
        members = {
            pk: _Member(name, slug, start, end, parent)
            for pk, name, slug, start, end, parent in Organisation.objects.order_by(
                "name", "id"
            ).values_list("id", "name", "slug", "start_date", "end_date", "parent_id")
        }
        # Positions in the database's own name order (its collation, as `order_by("name")`).
        rank = {pk: i for i, pk in enumerate(members)}
        successors: dict[int, list[int]] = {}
        predecessors: dict[int, list[int]] = {}
        links = Organisation.successors.through.objects.values_list(
            "from_organisation_id", "to_organisation_id"
        )
        for before, after in links:
            successors.setdefault(before, []).append(after)
            predecessors.setdefault(after, []).append(before)
        children: dict[int, list[int]] = {}
        for pk, member in members.items():
            if member.parent_id is not None:
                children.setdefault(member.parent_id, []).append(pk)
        for found in (successors, predecessors):
            for ids in found.values():
                ids.sort(key=rank.__getitem__)
        population_years: dict[int, list[int]] = {}
        for pk, year in Population.objects.order_by("year").values_list("organisation_id", "year"):
            population_years.setdefault(pk, []).append(year)
        return _Register(members, successors, predecessors, children, population_years)

    value: _Register = cached_value(("register_links",), build)
    return value


def _exists_in(member: _Member, period: ReportingPeriod) -> bool:
    """As `OrganisationQuerySet.in_period`: on at least one day of the reporting year."""
    return (member.start_date is None or member.start_date <= period.end) and (
        member.end_date is None or member.end_date > period.start
    )


def _link(pk: int, register: _Register, years: list[str]) -> CouncilLink:
    member = register.members[pk]
    linked = any(_exists_in(member, ReportingPeriod(int(label[:4]))) for label in years)
    return CouncilLink(member.name, member.slug, _day(member.end_date), linked)


def council_years(*, organisation_id: int, years: list[str]) -> list[str]:
    """The reporting years (labels, as given) during which the organisation existed."""
    member = _register().members.get(organisation_id)
    if member is None:
        return []
    return [label for label in years if _exists_in(member, ReportingPeriod(int(label[:4])))]


def council_lifetime_build(
    *, organisation_id: int, period: ReportingPeriod, has_population: bool, years: list[str]
) -> CouncilLifetime:
    """The council's lifetime as its page for `period` shows it; `years` are the published
    years (a council mentioned is linked only if it has a page in one of them)."""
    register = _register()
    if organisation_id not in register.members:
        raise Organisation.DoesNotExist(f"No organisation {organisation_id}")
    member = register.members[organisation_id]
    districts = [
        pk
        for pk in register.children.get(organisation_id, [])
        if _exists_in(register.members[pk], period)
    ]
    return CouncilLifetime(
        started=_day(member.start_date),
        ended=_day(member.end_date),
        successors=[
            _link(pk, register, years) for pk in register.successors.get(organisation_id, [])
        ],
        predecessors=[
            _link(pk, register, years) for pk in register.predecessors.get(organisation_id, [])
        ],
        county=_link(member.parent_id, register, years) if member.parent_id is not None else None,
        districts=[_link(pk, register, years) for pk in districts],
        population_note=""
        if has_population
        else _population_note(member, register.population_years.get(organisation_id, []), period),
    )


def _population_note(member: _Member, years: list[int], period: ReportingPeriod) -> str:
    if years:
        return NO_POPULATION_YET.format(earliest=years[0], year=period.label)
    if member.end_date is not None:
        return NO_POPULATION_ABOLISHED.format(day=_day(member.end_date))
    return NO_POPULATION_ANY
