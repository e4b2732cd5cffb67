"""The demonstration dataset: calibrated to the national figures, complete and deterministic."""

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from annual_review.casework.models import Category, Outcome
from annual_review.demo.calibration import DEMO_YEARS, YEAR_TARGETS
from annual_review.demo.files import DEMO_FILES, NOTICE_FILE, dataset_write
from annual_review.demo.generator import dataset_generate
from annual_review.demo.records import DemoDataset
from annual_review.demo.selectors import demo_councils_list, demo_slice_choose
from annual_review.years.periods import period_containing, period_parse

TOLERANCE = 0.05
# The module's fixtures read the register, so the test database must be set up even when this
# file runs alone (pytest-django sets up only the databases its collected tests ask for).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def councils(django_db_setup, django_db_blocker):  # noqa: ANN001
    with django_db_blocker.unblock():
        return demo_councils_list()


@pytest.fixture(scope="module")
def full(councils) -> DemoDataset:  # noqa: ANN001
    return dataset_generate(councils=councils)


def _by_year(dataset: DemoDataset) -> dict[str, Counter[str]]:
    years: dict[str, Counter[str]] = defaultdict(Counter)
    for d in dataset.decisions:
        counts = years[period_containing(d.decision_date).label]
        counts["decisions"] += 1
        counts[d.outcome] += 1
        counts["remedies"] += d.satisfactory_remedy
        counts["public_reports"] += d.public_report
    return years


def _within(value: float, target: float) -> bool:
    return abs(value - target) <= TOLERANCE * target


def test_the_register_has_317_councils_with_populations(councils) -> None:  # noqa: ANN001
    """The generator spreads the national figures over the 317 current councils and the 48
    abolished since April 2019, each with a population (a share of its successor's for those
    the bundled estimates leave out)."""
    assert len([c for c in councils if c.end is None]) == 317
    assert len(councils) == 365
    assert all(c.population > 0 for c in councils)


def test_each_year_has_the_councils_of_its_time(full) -> None:  # noqa: ANN001
    """2019-20 has Northamptonshire's councils and no North Northamptonshire; 2021-22 the
    reverse; 2023-24 has Cumberland and no Allerdale; no decision falls outside its council's
    lifetime."""
    by_year: dict[str, set[str]] = defaultdict(set)
    for d in full.decisions:
        by_year[period_containing(d.decision_date).label].add(d.council.code)
        assert d.council.start is None or d.council.start <= d.decision_date
        assert d.council.end is None or d.decision_date < d.council.end
    assert {"NTH", "COR", "KET", "AYL"} <= by_year["2019-20"]
    assert not {"NNT", "WNT", "BUC"} & by_year["2019-20"]
    assert {"NNT", "WNT"} <= by_year["2021-22"] and "COR" not in by_year["2021-22"]
    assert "CBD" in by_year["2023-24"] and "ALL" not in by_year["2023-24"]
    assert len(by_year["2019-20"]) == 343 and len(by_year["2023-24"]) == 317


def test_national_totals_and_uphold_rates_match_the_published_figures(full) -> None:  # noqa: ANN001
    """Per year, decisions, investigations and the uphold rate are within 5% of the targets."""
    years = _by_year(full)
    assert sorted(years) == list(DEMO_YEARS)
    for label, counts in years.items():
        target = YEAR_TARGETS[label]
        investigations = counts[Outcome.UPHELD] + counts[Outcome.NOT_UPHELD]
        assert 16_000 <= counts["decisions"] <= 20_000, label
        assert _within(counts["decisions"], target.decisions), label
        assert _within(investigations, target.investigations), label
        assert _within(counts[Outcome.UPHELD] / investigations, target.uphold_rate), label


def test_investigations_upheld_and_remedies_are_the_published_numbers_exactly(full) -> None:  # noqa: ANN001
    """Spreading a year's totals over councils and drawing the outcomes keeps them exactly: per
    year, the published number of investigations, of upheld decisions (investigations times the
    uphold rate) and of satisfactory remedies; at least the published number of decisions (a
    council's letter-exact cases may add a few)."""
    for label, counts in _by_year(full).items():
        target = YEAR_TARGETS[label]
        upheld = round(target.investigations * target.uphold_rate)
        assert counts[Outcome.UPHELD] + counts[Outcome.NOT_UPHELD] == target.investigations, label
        assert counts[Outcome.UPHELD] == upheld, label
        assert counts["remedies"] == round(upheld * target.satisfactory_remedy_rate), label
        assert counts["decisions"] >= target.decisions, label


def test_categories_weighted_for_investigation_are_investigated_more_often(full) -> None:  # noqa: ANN001
    """Adult care complaints (weighted 1.7) are investigated far more often than "other" ones
    (weighted 0.5), in every year."""
    shares: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for d in full.decisions:
        counts = shares[(period_containing(d.decision_date).label, d.category)]
        counts["all"] += 1
        counts["investigated"] += d.outcome in {Outcome.UPHELD, Outcome.NOT_UPHELD}
    for label in DEMO_YEARS:
        care, other = shares[(label, Category.ADULT_CARE)], shares[(label, Category.OTHER)]
        care_share = care["investigated"] / care["all"]
        other_share = other["investigated"] / other["all"]
        assert care_share > 2 * other_share, label


def test_remedies_compliance_and_public_reports_are_in_the_published_ranges(full) -> None:  # noqa: ANN001
    """Satisfactory remedies 13-20% of upheld, compliance above 99%, 25-40 public reports."""
    years = _by_year(full)
    compliance: dict[str, Counter[str]] = defaultdict(Counter)
    for c in full.compliance:
        compliance[period_containing(c.outcome_date).label][c.outcome] += 1
    for label in DEMO_YEARS:
        counts = years[label]
        remedy_rate = counts["remedies"] / counts[Outcome.UPHELD]
        assert 0.125 <= remedy_rate <= 0.205, label
        assert _within(remedy_rate, YEAR_TARGETS[label].satisfactory_remedy_rate)
        assert 25 <= counts["public_reports"] <= 40, label
        outcomes = compliance[label]
        assert (outcomes["satisfied"] + outcomes["satisfied_late"]) / outcomes.total() > 0.99


def test_every_council_has_records_every_year(full, councils) -> None:  # noqa: ANN001
    """No council is left without decisions in any year, and each has four contacts."""
    seen = {(d.council.code, period_containing(d.decision_date).label) for d in full.decisions}
    missing = [
        (c.code, y)
        for c in councils
        for y in DEMO_YEARS
        if c.existed_in(period_parse(y)) and (c.code, y) not in seen
    ]
    assert missing == []
    contacts = Counter(row[0] for row in full.contacts)
    assert set(contacts.values()) == {4}
    assert len(contacts) == len(councils)


def test_records_are_consistent_with_each_other(full) -> None:  # noqa: ANN001
    """References are unique; remedies and recommendations only on upheld decisions; compliance
    and received dates on the right side of the decision date."""
    decisions = {d.reference: d for d in full.decisions}
    assert len(decisions) == len(full.decisions)
    for d in full.decisions:
        assert d.received_date is not None and d.received_date <= d.decision_date
        assert not d.satisfactory_remedy or d.outcome == Outcome.UPHELD
        assert not d.public_report or d.outcome == Outcome.UPHELD
        assert d.summary.startswith(("Mr", "Mrs", "Ms", "Miss", "Dr"))
    for r in full.recommendations:
        decision = decisions[r.reference]
        assert decision.outcome == Outcome.UPHELD and not decision.satisfactory_remedy
        assert (r.amount is not None) == (r.kind == "financial_remedy")
    for c in full.compliance:
        assert c.outcome_date >= decisions[c.reference].decision_date


def test_category_mix_puts_childrens_services_and_adult_care_first(full) -> None:  # noqa: ANN001
    """Education and children's services, then adult care, are the largest categories."""
    ranked = [category for category, _ in Counter(d.category for d in full.decisions).most_common()]
    assert ranked[:2] == [Category.EDUCATION_CHILDREN, Category.ADULT_CARE]


def test_summaries_are_varied_and_contacts_fictional(full) -> None:  # noqa: ANN001
    """Summaries differ from decision to decision; every contact has an example.org address."""
    summaries = Counter(d.summary for d in full.decisions)
    assert len(summaries) > len(full.decisions) / 10
    assert all(row[-1].endswith("@example.org") for row in full.contacts)


def test_a_slice_is_exactly_part_of_the_full_dataset(councils, full) -> None:  # noqa: ANN001
    """A slice of councils and years holds the same records as the full dataset for them."""
    codes = demo_slice_choose(councils=councils, count=12)
    assert len(codes) == 12 and codes[0] == "BRM"
    assert len({c.type for c in councils if c.code in codes}) >= 5
    part = dataset_generate(councils=councils, years=["2023-24"], only=codes)
    expected = [
        (d.reference, d.council.code, d.outcome, d.summary)
        for d in full.decisions
        if d.council.code in codes and period_containing(d.decision_date).label == "2023-24"
    ]
    got = [(d.reference, d.council.code, d.outcome, d.summary) for d in part.decisions]
    assert sorted(got) == sorted(expected)


def test_two_runs_write_identical_files(councils, full, tmp_path: Path) -> None:  # noqa: ANN001
    """The same seed gives byte-identical files; another seed gives other records."""
    first = dataset_write(dataset=full, out_dir=tmp_path / "a")
    second = dataset_write(dataset=dataset_generate(councils=councils), out_dir=tmp_path / "b")
    for kind in DEMO_FILES:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    assert (tmp_path / "a" / NOTICE_FILE).read_text().startswith("These files")
    other = dataset_write(
        dataset=dataset_generate(councils=councils, years=["2023-24"], seed=1),
        out_dir=tmp_path / "c",
    )
    assert other["decisions"].read_bytes() != first["decisions"].read_bytes()
