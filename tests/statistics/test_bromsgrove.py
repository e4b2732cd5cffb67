"""The seed letter's own figures for Bromsgrove, through the real import path, and the edges."""

import pytest

from annual_review.imports.kinds.casework import REMEDY_NOT_UPHELD, UNKNOWN_ORGANISATION
from annual_review.statistics.display import format_per_100k, format_percentage
from annual_review.statistics.selectors import statistics_compute
from tests.imports.files import decisions_text

pytestmark = pytest.mark.django_db

BROMSGROVE_DECISIONS = decisions_text(
    "23001001,E07000234,2023-05-10,2022-11-02,Planning and development,upheld,no,no,",
    "23001002,Bromsgrove District Council,14/09/2023,,Housing,Not upheld,,,",
    "23001003,BRM,2023-07-01,,Housing,Closed after initial enquiries,,,",
    "23001004,E07000234,2024-01-20,,Benefits and tax,referred_back_for_local_resolution,,,",
    "23001005,E07000234,2023-12-01,,Other,Incomplete/Invalid,,,",
    # Outside 2023-24: the day before it starts and the day after it ends.
    "22001006,E07000234,2023-03-31,,Housing,upheld,yes,no,",
    "24001007,E07000234,2024-04-01,,Housing,upheld,yes,no,",
)
BROMSGROVE_COMPLIANCE = "reference,outcome_date,outcome\n23001001,2023-10-02,satisfied\n"


@pytest.fixture
def bromsgrove(run_import):
    """Bromsgrove's 2023-24 casework, imported as the Ombudsman's files would bring it."""
    for kind, text in (("decisions", BROMSGROVE_DECISIONS), ("compliance", BROMSGROVE_COMPLIANCE)):
        report = run_import(kind, text)
        assert report.ok, [str(e) for e in report.errors]
    return statistics_compute(year="2023-24", method="mean").for_code("BRM")


def test_bromsgrove_figures_match_the_letter(bromsgrove):
    """2 investigations, 1 upheld: 50%, 1 per 100,000 (of 100,569), 100% compliance, 0% remedy."""
    row = bromsgrove
    assert (row.gss_code, row.name) == ("E07000234", "Bromsgrove District Council")
    assert row.investigations == 2
    assert (row.upheld, row.counts.not_upheld) == (1, 1)
    assert row.compliance_outcomes == 1
    assert row.counts.compliant == 1
    assert row.satisfactory_remedies == 0
    assert (row.population, row.population_year) == (100_569, 2020)
    assert row.uphold_rate == 0.5
    assert row.upheld_per_100k == pytest.approx(1 / 100_569 * 100_000)
    assert format_percentage(row.uphold_rate) == "50%"
    assert format_per_100k(row.upheld_per_100k) == "1"
    assert format_percentage(row.compliance_rate) == "100%"
    assert format_percentage(row.satisfactory_remedy_rate) == "0%"


def test_decisions_by_outcome_and_category_count_only_the_year(bromsgrove):
    """Decisions on 31 March 2023 and 1 April 2024 fall outside 2023-24."""
    assert bromsgrove.counts.outcomes == {
        "upheld": 1,
        "not_upheld": 1,
        "closed_after_initial_enquiries": 1,
        "referred_back_for_local_resolution": 1,
        "incomplete_or_invalid": 1,
    }
    assert bromsgrove.counts.categories == {
        "planning": 1,
        "housing": 2,
        "benefits_tax": 1,
        "other": 1,
    }
    assert bromsgrove.counts.decisions == 5


def test_31_march_and_1_april_belong_to_their_own_years(bromsgrove):
    """The decision of 31 March 2023 counts in 2022-23, that of 1 April 2024 in 2024-25."""
    before = statistics_compute(year="2022-23").for_code("BRM")
    after = statistics_compute(year="2024-25").for_code("BRM")
    assert (before.upheld, before.satisfactory_remedies) == (1, 1)
    assert (after.upheld, after.satisfactory_remedies) == (1, 1)


def test_wilson_interval_brackets_the_uphold_rate(bromsgrove):
    """With 1 of 2 upheld the 95% interval is wide but contains 50%."""
    low, high = bromsgrove.interval("uphold_rate")
    assert low == pytest.approx(0.0945, abs=1e-4)
    assert high == pytest.approx(0.9055, abs=1e-4)


def test_council_with_no_decisions_has_counts_of_zero_and_undefined_rates(bromsgrove):
    """A council with no decisions at all: zero counts, no rates, but 0 upheld per 100,000."""
    row = statistics_compute(year="2023-24").for_code("ADU")
    assert (row.investigations, row.upheld, row.compliance_outcomes) == (0, 0, 0)
    assert row.uphold_rate is None
    assert row.compliance_rate is None
    assert row.satisfactory_remedy_rate is None
    assert row.upheld_per_100k == 0
    assert format_percentage(row.uphold_rate) == "n/a"


def test_council_with_decisions_but_no_investigations(run_import):
    """Only closed-after-enquiries decisions: no investigations, so no uphold rate (not 0%)."""
    report = run_import(
        "decisions",
        decisions_text("23002001,E07000234,2023-06-01,,Housing,advice_given,,,"),
    )
    assert report.ok
    row = statistics_compute(year="2023-24").for_code("BRM")
    assert row.counts.decisions == 1
    assert row.investigations == 0
    assert row.uphold_rate is None
    assert row.satisfactory_remedy_rate is None


def test_upheld_without_compliance_outcomes_has_no_compliance_rate(run_import):
    """Upheld decisions with no compliance outcome in the year: compliance is undefined."""
    run_import("decisions", decisions_text("23003001,E07000234,2023-06-01,,Housing,upheld,yes,,"))
    row = statistics_compute(year="2023-24").for_code("BRM")
    assert row.compliance_outcomes == 0
    assert row.compliance_rate is None
    assert row.satisfactory_remedy_rate == 1.0


def test_compliance_outcomes_count_in_the_year_of_their_own_date(run_import):
    """A 2022-23 decision whose compliance outcome is dated in 2023-24 counts in 2023-24."""
    run_import("decisions", decisions_text("22004001,BRM,2023-02-01,,Housing,upheld,,,"))
    run_import("compliance", "reference,outcome_date,outcome\n22004001,2023-04-01,not_satisfied\n")
    row = statistics_compute(year="2023-24").for_code("BRM")
    assert (row.compliance_outcomes, row.counts.compliant, row.compliance_rate) == (1, 0, 0.0)
    assert statistics_compute(year="2022-23").for_code("BRM").compliance_outcomes == 0


def test_former_gss_code_lands_on_the_current_council(run_import):
    """Barnsley's former code E08000016 and its current E08000038 name the same council."""
    report = run_import(
        "decisions",
        decisions_text(
            "23005001,E08000016,2023-06-01,,Housing,upheld,,,",
            "23005002,E08000038,2023-06-02,,Housing,not_upheld,,,",
        ),
    )
    assert report.ok
    row = statistics_compute(year="2023-24").for_code("BNS")
    assert (row.upheld, row.investigations) == (1, 2)


def test_name_variant_finds_the_council(run_import):
    """ "Bromsgrove DC" is a name variant of Bromsgrove District Council."""
    report = run_import(
        "decisions", decisions_text("23006001,Bromsgrove DC,2023-06-01,,Housing,upheld,,,")
    )
    assert report.ok
    assert statistics_compute(year="2023-24").for_code("BRM").upheld == 1


def test_satisfactory_remedy_on_a_decision_not_upheld_is_an_error(run_import):
    """A remedy only makes sense on an upheld decision; the file is refused."""
    report = run_import(
        "decisions", decisions_text("23007001,E07000234,2023-06-01,,Housing,not_upheld,yes,,")
    )
    assert not report.ok
    [error] = report.errors
    assert (error.row, error.column, error.reason) == (2, "satisfactory_remedy", REMEDY_NOT_UPHELD)


def test_unknown_organisation_is_an_error(run_import):
    """A decision naming no known organisation is refused, naming the value."""
    report = run_import(
        "decisions",
        decisions_text("23008001,Atlantis Borough Council,2023-06-01,,Housing,upheld,,,"),
    )
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "organisation", "Atlantis Borough Council")
    assert error.reason == UNKNOWN_ORGANISATION
