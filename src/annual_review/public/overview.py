"""What happened to every complaint decided, and England's figures, from the frozen figures.

Everything here is read from a published year's figures as frozen at publication (or its
latest public revision), through `year_statistics()`; nothing is counted from the decision
table. A version frozen before outcomes and categories were kept in full says so ("not
available for this version") rather than having them worked out afresh.

Values are plain numbers (the JSON twins carry them); the `..._text` properties are the page's
display text, which the twins leave out.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annual_review.casework.models import Category, Outcome
from annual_review.public.charts import BarChart, share_chart
from annual_review.public.published import public_figures, published_years
from annual_review.register.models import ComparisonGroup
from annual_review.remembered import cached_frozen
from annual_review.statistics.calculations import OrganisationStatistics, rate
from annual_review.statistics.display import format_count, format_per_100k, format_percentage
from annual_review.workflow.figures import PublishedFigures
from annual_review.workflow.snapshots import UNSPLIT_OUTCOME

NOT_AVAILABLE = "Not available for this version"
ENGLAND = "England"
# The group column's heading (short, so three columns fit a phone); the group's name is said
# beside the table.
GROUP = "Group"

# How the Ombudsman's own pages sort the decisions: complaints that were not for it (yet),
# complaints assessed and closed, and complaints investigated (upheld or not).
NOT_FOR_OMBUDSMAN = (
    Outcome.INCOMPLETE_OR_INVALID,
    Outcome.REFERRED_BACK,
    Outcome.ADVICE_GIVEN,
)
ASSESSED_AND_CLOSED = (Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES,)
INVESTIGATED = (Outcome.UPHELD, Outcome.NOT_UPHELD)

# Plain definitions, shown beside the overview (and in docs/METHODOLOGY.md).
DEFINITIONS: dict[str, str] = {
    "decisions": "Every complaint and enquiry about the council that the Ombudsman decided in "
    "the year, whatever the outcome.",
    "not_for_ombudsman": "Complaints the Ombudsman could not take on, or not yet: incomplete "
    "or invalid, referred back to the council because it had not had the chance to answer "
    "them first, or settled with advice.",
    "assessed_and_closed": "Complaints the Ombudsman assessed and closed after initial "
    "enquiries, without investigating, for example because there was not enough sign of "
    "fault or injustice.",
    "investigated": "Complaints the Ombudsman looked at in detail, ending in a decision that "
    "the complaint was upheld or not upheld.",
    "upheld": "Investigated complaints where the Ombudsman found the council at fault.",
}


# --- the tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One count and its share of a whole (None when this version's figures do not say)."""

    count: int | None
    share: float | None

    @property
    def available(self) -> bool:
        return self.count is not None

    @property
    def count_text(self) -> str:
        return NOT_AVAILABLE if self.count is None else format_count(self.count)

    @property
    def share_text(self) -> str:
        return "" if self.share is None else format_percentage(self.share)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    # 0 for a step of the overview, 1 for a part of the step above it.
    level: int
    # What the share is a share of ("decisions", "investigations").
    share_of: str
    cells: list[Cell]


@dataclass(frozen=True)
class FiguresTable:
    """Rows of counts for several columns: the council, its group (all members) and England."""

    columns: list[str]
    rows: list[Row]

    @property
    def available(self) -> bool:
        return all(c.available for r in self.rows for c in r.cells)


@dataclass(frozen=True)
class _Totals:
    outcomes: dict[str, int]
    categories: dict[str, int]
    # False when a member's version was frozen without its full outcome or category counts.
    outcomes_known: bool
    categories_known: bool

    def outcome(self, outcomes: Iterable[str]) -> int:
        return sum(self.outcomes.get(str(o), 0) for o in outcomes)

    @property
    def decisions(self) -> int:
        return sum(self.outcomes.values())


def _totals(rows: Iterable[OrganisationStatistics]) -> _Totals:
    outcomes: dict[str, int] = {}
    categories: dict[str, int] = {}
    outcomes_known = categories_known = True
    for row in rows:
        for key, value in row.counts.outcomes.items():
            outcomes[key] = outcomes.get(key, 0) + value
        for key, value in row.counts.categories.items():
            categories[key] = categories.get(key, 0) + value
        if UNSPLIT_OUTCOME in row.counts.outcomes:
            outcomes_known = False
        if row.counts.decisions and not row.counts.categories:
            categories_known = False
    return _Totals(outcomes, categories, outcomes_known, categories_known)


def _cell(count: int | None, whole: int | None) -> Cell:
    if count is None:
        return Cell(None, None)
    return Cell(count, rate(count, whole or 0))


def _overview_rows(columns: Sequence[_Totals]) -> list[Row]:
    def step(key: str, label: str, level: int, outcomes: Sequence[str] | None) -> Row:
        cells = []
        for t in columns:
            if key == "decisions":
                cells.append(Cell(t.decisions, None))
            elif key == "upheld":
                cells.append(_cell(t.outcome(INVESTIGATED[:1]), t.outcome(INVESTIGATED)))
            elif key == "investigated":
                cells.append(_cell(t.outcome(INVESTIGATED), t.decisions))
            else:
                known = t.outcomes_known
                cells.append(_cell(t.outcome(outcomes or ()) if known else None, t.decisions))
        share_of = {"decisions": "", "upheld": "investigations"}.get(key, "decisions")
        return Row(key, label, level, share_of, cells)

    return [
        step("decisions", "Complaints and enquiries decided", 0, None),
        step("not_for_ombudsman", "Not for the Ombudsman", 0, NOT_FOR_OMBUDSMAN),
        step("incomplete_or_invalid", "Incomplete or invalid", 1, (Outcome.INCOMPLETE_OR_INVALID,)),
        step("referred_back", "Referred back for local resolution", 1, (Outcome.REFERRED_BACK,)),
        step("advice_given", "Advice given", 1, (Outcome.ADVICE_GIVEN,)),
        step("assessed_and_closed", "Assessed and closed", 0, ASSESSED_AND_CLOSED),
        step("investigated", "Investigated", 0, INVESTIGATED),
        step("upheld", "Upheld", 1, INVESTIGATED[:1]),
    ]


def _category_rows(columns: Sequence[_Totals]) -> list[Row]:
    rows = []
    for value, label in Category.choices:
        cells = [
            _cell(t.categories.get(value, 0), t.decisions)
            if t.categories_known
            else Cell(None, None)
            for t in columns
        ]
        rows.append(Row(value, str(label), 0, "decisions", cells))
    # The council's largest categories first; categories nobody had complaints about go last.
    return sorted(rows, key=lambda r: (-(r.cells[0].count or 0), -(r.cells[-1].count or 0)))


@dataclass(frozen=True)
class CouncilOverview:
    """A council's complaint overview and decisions by category, against its group and England."""

    year: str
    outcomes: FiguresTable
    categories: FiguresTable
    definitions: dict[str, str]
    # The comparison group the "Group" column adds up ("" for a body in no group).
    group: str = ""
    # The council's share of its decisions in each service against its group's (or England's).
    chart: BarChart | None = None


def _categories_chart(table: FiguresTable, group: str) -> BarChart | None:
    if not table.available or len(table.columns) < 2:
        return None
    other = f"{group} (all)" if group else ENGLAND
    rows = [
        (r.label, r.cells[0].share, r.cells[0].share_text, r.cells[1].share, r.cells[1].share_text)
        for r in table.rows
        if r.cells[0].count or r.cells[1].count
    ]
    if not rows:
        return None
    return share_chart(
        key="categories",
        label="Decisions by service",
        rows=rows,
        council_name=table.columns[0],
        group_name=other,
    )


def _group_label(group: str) -> str:
    return str(ComparisonGroup(group).label) if group else ""


def council_overview(*, year: str, code: str, name: str = "") -> CouncilOverview | None:
    """The overview of one council's decisions in a published year, from its frozen figures
    (its column headed `name`, by default the council's full name)."""
    figures = public_figures(year)
    version = figures.version

    def build() -> CouncilOverview | None:
        stats = figures.statistics
        row = stats.for_code(code)
        if row is None:
            return None
        names = [name or row.name]
        columns = [_totals([row])]
        if row.comparison_group:
            members = [o for o in stats.organisations if o.comparison_group == row.comparison_group]
            names.append(GROUP)
            columns.append(_totals(members))
        names.append(ENGLAND)
        columns.append(_totals(stats.organisations))
        categories = FiguresTable(names, _category_rows(columns))
        group = _group_label(row.comparison_group)
        return CouncilOverview(
            year=year,
            outcomes=FiguresTable(names, _overview_rows(columns)),
            categories=categories,
            definitions=DEFINITIONS,
            group=group,
            chart=_categories_chart(categories, group),
        )

    key = ("council_overview", year, version.number, version.sha256, code, name)
    value: CouncilOverview | None = cached_frozen(key, build)
    return value


# --- England -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NationalFigures:
    """England's totals and rates for one published year (every organisation, pooled)."""

    year: str
    version: int
    organisations: int
    decisions: int
    investigations: int
    upheld: int
    uphold_rate: float | None
    # England's residents: the areas of every council that is not a county council (districts,
    # unitary councils, metropolitan and London boroughs cover England once) with a population
    # estimate; how many of those areas have none is said (their residents are left out).
    population: int | None
    areas_without_population: int
    upheld_per_100k: float | None
    compliance_outcomes: int
    compliant: int
    compliance_rate: float | None
    satisfactory_remedies: int
    satisfactory_remedy_rate: float | None

    @property
    def decisions_text(self) -> str:
        return format_count(self.decisions)

    @property
    def investigations_text(self) -> str:
        return format_count(self.investigations)

    @property
    def upheld_text(self) -> str:
        return format_count(self.upheld)

    @property
    def uphold_rate_text(self) -> str:
        return format_percentage(self.uphold_rate)

    @property
    def upheld_per_100k_text(self) -> str:
        return format_per_100k(self.upheld_per_100k)

    @property
    def compliance_rate_text(self) -> str:
        return format_percentage(self.compliance_rate)

    @property
    def satisfactory_remedy_rate_text(self) -> str:
        return format_percentage(self.satisfactory_remedy_rate)


def national_from(
    *, year: str, version: int, organisations: Sequence[OrganisationStatistics]
) -> NationalFigures:
    """England's figures: all organisations' counts added up, then divided (a pooled rate)."""
    upheld = sum(o.upheld for o in organisations)
    investigations = sum(o.investigations for o in organisations)
    outcomes = sum(o.compliance_outcomes for o in organisations)
    compliant = sum(o.counts.compliant for o in organisations)
    remedies = sum(o.satisfactory_remedies for o in organisations)
    residents = [
        o
        for o in organisations
        if o.comparison_group and o.comparison_group != ComparisonGroup.COUNTY
    ]
    population = sum(o.population or 0 for o in residents) or None
    return NationalFigures(
        year=year,
        version=version,
        organisations=len(organisations),
        decisions=sum(o.counts.decisions for o in organisations),
        investigations=investigations,
        upheld=upheld,
        uphold_rate=rate(upheld, investigations),
        population=population,
        areas_without_population=sum(1 for o in residents if not o.population),
        upheld_per_100k=upheld / population * 100_000 if population else None,
        compliance_outcomes=outcomes,
        compliant=compliant,
        compliance_rate=rate(compliant, outcomes),
        satisfactory_remedies=remedies,
        satisfactory_remedy_rate=rate(remedies, upheld),
    )


def national_of(*, figures: PublishedFigures) -> NationalFigures:
    """England's figures from one public version of a year's figures (kept with the version)."""
    version = figures.version

    def build() -> NationalFigures:
        return national_from(
            year=version.year,
            version=version.number,
            organisations=figures.statistics.organisations,
        )

    value: NationalFigures = cached_frozen(
        ("national", version.year, version.number, version.sha256), build
    )
    return value


def national_figures(*, year: str) -> NationalFigures:
    """England's figures for a published year, from its current public version."""
    return national_of(figures=public_figures(year))


def national_years() -> list[NationalFigures]:
    """England's figures for every published year, latest first."""
    return [national_figures(year=label) for label in published_years()]
