"""The demo imports through the real import path; Bromsgrove's 2023-24 letter figures come out exact."""

from pathlib import Path

import pytest

from annual_review.demo.files import DEMO_FILES, dataset_write
from annual_review.demo.generator import dataset_generate
from annual_review.demo.selectors import demo_councils_list
from annual_review.demo.services import reporting_years_publish
from annual_review.imports.core import import_run
from annual_review.statistics.selectors import statistics_compute
from annual_review.years.models import ReportingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path: Path) -> None:
    """All councils, 2022-23 and 2023-24 (compliance outcomes can follow a year's decisions
    into the next year), imported with the import core."""
    dataset = dataset_generate(councils=demo_councils_list(), years=["2022-23", "2023-24"])
    files = dataset_write(dataset=dataset, out_dir=tmp_path)
    for kind in DEMO_FILES:
        report = import_run(kind=kind, path=files[kind], commit=True, user="test")
        assert report.ok, report.errors[:3]


def test_bromsgrove_2023_24_is_exactly_as_in_the_seed_letter(imported) -> None:  # noqa: ANN001
    """2 investigations, 1 upheld, 1 compliance outcome (satisfied), no satisfactory remedy."""
    row = statistics_compute(year="2023-24").for_code("BRM")
    assert row is not None
    assert row.investigations == 2
    assert row.upheld == 1
    assert row.uphold_rate == 0.5
    assert row.compliance_outcomes == 1
    assert row.compliance_rate == 1.0
    assert row.satisfactory_remedies == 0
    assert row.satisfactory_remedy_rate == 0.0


def test_imported_statistics_match_the_national_figures(imported) -> None:  # noqa: ANN001
    """Through the import path and the statistics engine, 2023-24 keeps its national figures."""
    stats = statistics_compute(year="2023-24")
    investigations = sum(o.investigations for o in stats.organisations)
    upheld = sum(o.upheld for o in stats.organisations)
    assert sum(o.counts.decisions for o in stats.organisations) == 17_600
    assert investigations == 4_000
    assert upheld / investigations == pytest.approx(0.80, abs=0.001)
    assert all(o.counts.decisions > 0 for o in stats.organisations)


def test_reporting_years_are_published_in_the_past() -> None:
    """Every demo year is public: its publication time has passed."""
    reporting_years_publish(years=["2019-20", "2024-25"])
    assert set(ReportingYear.objects.published().values_list("label", flat=True)) >= {
        "2019-20",
        "2024-25",
    }
