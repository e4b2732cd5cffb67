"""Decisions about councils that no longer exist, or did not yet exist, on the decision's date."""

import pytest

from annual_review.casework.models import Decision
from annual_review.imports.kinds.casework import (
    ABOLISHED_SEVERAL_SUCCESSORS,
    NOT_YET_EXISTING_PREDECESSORS,
    REATTRIBUTED,
)
from annual_review.register.models import ComparisonGroup
from annual_review.statistics.selectors import statistics_compute
from tests.imports.files import database_snapshot, decisions_text

pytestmark = pytest.mark.django_db


def test_decisions_about_northamptonshires_councils_count_in_their_years(run_import):
    """Northamptonshire County Council in 2019-20 and Corby in 2020-21 import, are filed under
    them and count in those years' statistics, in the county and district groups."""
    report = run_import(
        "decisions",
        decisions_text(
            "19100001,Northamptonshire County Council,2019-06-03,,Housing,upheld,,,",
            "20100001,Corby Borough Council,2021-03-31,,Planning,not upheld,,,",
        ),
    )
    assert report.ok, report.errors
    assert not report.warnings
    assert Decision.objects.get(reference="19100001").organisation.code == "NTH"
    assert Decision.objects.get(reference="20100001").organisation.code == "COR"
    county = statistics_compute(year="2019-20").for_code("NTH")
    assert county is not None and county.upheld == 1
    assert county.comparison_group == ComparisonGroup.COUNTY
    corby = statistics_compute(year="2020-21").for_code("COR")
    assert corby is not None and corby.investigations == 1
    assert corby.comparison_group == ComparisonGroup.DISTRICT
    assert statistics_compute(year="2021-22").for_code("COR") is None


def test_a_decision_about_allerdale_after_april_2023_is_filed_under_cumberland(run_import):
    """Allerdale was abolished on 1 April 2023; a later decision naming it is filed under its
    one successor, Cumberland Council, and the report says how many rows were moved."""
    report = run_import(
        "decisions",
        decisions_text(
            "23100001,Allerdale Borough Council,2023-05-10,,Housing,upheld,,,",
            "23100002,E07000026,2023-04-01,,Housing,not upheld,,,",
            "22100001,Allerdale,2023-03-31,,Housing,not upheld,,,",
        ),
    )
    assert report.ok, report.errors
    filed = dict(Decision.objects.values_list("reference", "organisation__code"))
    assert filed == {"23100001": "CBD", "23100002": "CBD", "22100001": "ALL"}
    assert report.warnings == [
        REATTRIBUTED.format(count=2, moves="Allerdale Borough Council -> Cumberland Council (2)")
    ]


def test_a_decision_about_cumbria_after_april_2023_names_its_successors(run_import):
    """Cumbria County Council had two successors: a decision naming it after its end is an
    error that names both, and nothing is written."""
    before = database_snapshot()
    report = run_import(
        "decisions", decisions_text("23100003,Cumbria County Council,2023-06-01,,Housing,upheld,,,")
    )
    assert not report.ok
    (error,) = report.errors
    assert (error.row, error.column) == (2, "organisation")
    assert error.reason == ABOLISHED_SEVERAL_SUCCESSORS.format(
        name="Cumbria County Council",
        end="1 April 2023",
        successors="Cumberland Council, Westmorland and Furness Council",
    )
    assert database_snapshot() == before


def test_a_decision_about_a_council_before_it_existed_is_an_error(run_import):
    """North Northamptonshire began on 1 April 2021: a decision of 2020 naming it is an error
    that names the councils it replaced."""
    report = run_import(
        "decisions",
        decisions_text("20100002,North Northamptonshire,2020-05-01,,Housing,upheld,,,"),
    )
    assert not report.ok
    assert report.errors[0].reason == NOT_YET_EXISTING_PREDECESSORS.format(
        name="North Northamptonshire Council",
        start="1 April 2021",
        predecessors="Corby Borough Council, East Northamptonshire Council, "
        "Kettering Borough Council, Northamptonshire County Council, "
        "Wellingborough Borough Council",
    )


def test_a_record_follows_a_chain_of_single_successors(run_import):
    """Taunton Deane became Somerset West and Taunton (2019), which became Somerset (2023):
    a 2023 decision naming Taunton Deane is filed under Somerset Council."""
    report = run_import(
        "decisions", decisions_text("23100004,Taunton Deane,2023-09-01,,Housing,upheld,,,")
    )
    assert report.ok, report.errors
    assert Decision.objects.get(reference="23100004").organisation.code == "SMT"
