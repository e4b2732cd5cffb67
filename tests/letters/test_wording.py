"""Counted nouns and the rules of the statistics sentences, as properties."""

from hypothesis import given
from hypothesis import strategies as st

from annual_review.letters.wording import (
    COMPLIANCE_OUTCOME,
    INVESTIGATION,
    REMEDY_DECISION,
    UPHELD_DECISION,
    counted,
    statistics_sections,
)
from annual_review.statistics.calculations import Counts, GroupAverages, OrganisationStatistics
from annual_review.statistics.display import format_count

NOUNS = [INVESTIGATION, UPHELD_DECISION, COMPLIANCE_OUTCOME, REMEDY_DECISION]


@given(count=st.integers(min_value=0, max_value=10**7), noun=st.sampled_from(NOUNS))
def test_counted_nouns_agree_with_their_number(count, noun):
    """1 investigation, 0 or 2 investigations: singular exactly when the count is one."""
    text = counted(count, noun)
    assert text == f"{format_count(count)} {noun[0] if count == 1 else noun[1]}"


@st.composite
def organisation_figures(draw):
    upheld = draw(st.integers(0, 500))
    not_upheld = draw(st.integers(0, 500))
    outcomes = draw(st.integers(0, 200))
    return OrganisationStatistics(
        organisation_id=1,
        organisation_code="X",
        gss_code="E00000000",
        name="Example Council",
        comparison_group=draw(st.sampled_from(["", "district"])),
        counts=Counts(
            outcomes={"upheld": upheld, "not_upheld": not_upheld},
            satisfactory_remedies=draw(st.integers(0, upheld)),
            compliance_outcomes=outcomes,
            compliant=draw(st.integers(0, outcomes)),
        ),
        population=draw(st.one_of(st.none(), st.integers(1000, 2_000_000))),
        population_year=2020,
    )


def _group() -> GroupAverages:
    return GroupAverages(
        group="district",
        members=164,
        uphold_rate=0.63,
        upheld_per_100k=1.2,
        compliance_rate=0.99,
        satisfactory_remedy_rate=0.21,
    )


@given(row=organisation_figures())
def test_sections_never_print_undefined_figures_and_compare_only_with_a_group(row):
    """No "n/a" or blank figures; averages only with a group; the note only below 100%."""
    group = _group() if row.comparison_group else None
    sections = statistics_sections(
        row=row,
        group=group,
        group_name="District Councils" if group else "similar organisations",
        short_name="Example",
        period_text="1 April 2023 to 31 March 2024",
    )
    texts = ["".join(run.text for run in block.inlines) for s in sections for block in s.blocks]
    assert not any("n/a" in text for text in texts)
    assert any("average across" in text for text in texts) == (group is not None)
    notes = [block for s in sections for block in s.blocks if block.kind == "note"]
    assert bool(notes) == (row.counts.compliant < row.compliance_outcomes)
    assert [s.chart is not None for s in sections] == [
        row.investigations > 0,
        row.compliance_outcomes > 0,
        row.upheld > 0,
    ]
